import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine, TemplateDoesNotExist, TemplateSyntaxError, VariableDoesNotExist } from '../../src/template/index.ts';
import { renderError } from './helpers.ts';

describe('template errors', () => {
  test('a syntax error carries the template name, line and an excerpt', async () => {
    const err = await renderError('line 1\nline 2\n  {% bogus %} tail\nline 4');
    assert.ok(err instanceof TemplateSyntaxError);
    assert.equal(err.code, 'template.syntax');
    assert.equal(err.templateName, 'test.html');
    assert.equal(err.line, 3);
    const dbg = err.templateDebug!;
    assert.equal(dbg.column, 3);
    assert.equal(dbg.before, '  ');
    assert.equal(dbg.during, '{% bogus %}');
    assert.equal(dbg.after, ' tail');
    assert.deepEqual(dbg.lines.map((l: { num: number }) => l.num), [1, 2, 3, 4]);
  });

  test('an unknown filter names the filter and its line', async () => {
    const err = await renderError('\n\n{{ x|lowr }}');
    assert.equal(err.message, "Invalid filter: 'lowr'");
    assert.equal(err.line, 3);
  });

  test('an unclosed block points at the opening tag', async () => {
    const err = await renderError('a\n{% for x in y %}\nb');
    assert.match(err.message, /Unclosed tag on line 2: 'for'/);
    assert.equal(err.line, 2);
  });

  test('errors inside an included template point into that template', async () => {
    const err = await renderError("{% include 'inc.html' %}", {}, { templates: { 'inc.html': 'x\n{% if %}' } });
    assert.ok(err instanceof TemplateSyntaxError);
    assert.equal(err.templateName, 'inc.html');
    assert.equal(err.line, 2);
  });

  test('render errors carry the place of the failing node', async () => {
    const err = await renderError('a\n{{ x|add:missing }}', { x: 1 });
    assert.ok(err instanceof VariableDoesNotExist);
    assert.equal(err.line, 2);
  });

  test('Python-style runtime errors name the Django exception class', async () => {
    const err = await renderError('{{ a|divisibleby:3 }}', { a: 'x' });
    assert.equal(err.djangoError, 'ValueError');
  });

  test('TemplateDoesNotExist lists every place tried', () => {
    const engine = new Engine({ templates: { 'a.html': '' }, dirs: ['/nonexistent/templates'] });
    try {
      engine.getTemplate('missing.html');
      assert.fail('expected an error');
    } catch (err) {
      assert.ok(err instanceof TemplateDoesNotExist);
      assert.deepEqual(
        err.tried.map((t) => t.origin),
        ['missing.html', '/nonexistent/templates/missing.html'],
      );
      assert.match(err.message, /Source does not exist/);
    }
  });
});
