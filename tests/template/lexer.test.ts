import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { splitContents, tokenize } from '../../src/template/index.ts';

describe('tokenize', () => {
  test('splits text, variables, blocks and comments with line numbers', () => {
    const tokens = tokenize('a\n{{ x }}{% if y %}\n{# c #}b');
    assert.deepEqual(
      tokens.map((t) => [t.type, t.contents, t.lineno]),
      [
        ['text', 'a\n', 1],
        ['var', 'x', 2],
        ['block', 'if y', 2],
        ['text', '\n', 2],
        ['comment', 'c', 3],
        ['text', 'b', 3],
      ],
    );
  });

  test('records source offsets of each token', () => {
    const [, v] = tokenize('ab{{ x }}');
    assert.equal(v!.start, 2);
    assert.equal(v!.end, 9);
  });

  test('leaves tags that span lines as text', () => {
    assert.deepEqual(tokenize('{{ a\n}}').map((t) => t.type), ['text']);
  });

  test('turns everything inside verbatim into text until the matching end tag', () => {
    const tokens = tokenize('{% verbatim v %}{% endverbatim %}{{ x }}{% endverbatim v %}');
    assert.deepEqual(tokens.map((t) => t.type), ['block', 'text', 'text', 'block']);
  });
});

describe('splitContents', () => {
  test('keeps quoted strings with spaces whole', () => {
    assert.deepEqual(splitContents('include "a b.html" with x=\'c d\''), ['include', '"a b.html"', 'with', "x='c d'"]);
  });

  test('keeps translated strings whole', () => {
    assert.deepEqual(splitContents('firstof a _("b c")'), ['firstof', 'a', '_("b c")']);
  });
});
