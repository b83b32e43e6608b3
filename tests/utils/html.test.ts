import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escape, conditionalEscape, formatHtml } from '../../src/utils/html.ts';
import { markSafe, isSafe } from '../../src/utils/safestring.ts';

test('escape replaces the five HTML specials as Django does', () => {
  assert.equal(String(escape(`<a href="x">'&`)), '&lt;a href=&quot;x&quot;&gt;&#x27;&amp;');
  assert.ok(isSafe(escape('x')));
});

test('conditionalEscape leaves safe strings alone', () => {
  assert.equal(String(conditionalEscape(markSafe('<b>'))), '<b>');
  assert.equal(String(conditionalEscape('<b>')), '&lt;b&gt;');
});

test('formatHtml escapes positional and named arguments', () => {
  assert.equal(String(formatHtml('<a href="{}">{}</a>', '/x?a=1&b=2', markSafe('<i>x</i>'))),
    '<a href="/x?a=1&amp;b=2"><i>x</i></a>');
  assert.equal(String(formatHtml('<p>{name}</p>', { name: '<' })), '<p>&lt;</p>');
  assert.throws(() => formatHtml('{missing}', { name: 1 }), /no argument for placeholder/);
});
