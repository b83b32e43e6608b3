import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Context, Engine, Template, checkTemplates, registerContextProcessor } from '../../src/template/index.ts';

describe('Engine', () => {
  test('renders in-memory templates by name', async () => {
    const engine = new Engine({ templates: { 'hi.html': 'Hello {{ name }}' } });
    assert.equal(await engine.renderToString('hi.html', { name: 'Ada' }), 'Hello Ada');
  });

  test('compiles each template once', () => {
    const engine = new Engine({ templates: { 'a.html': 'x' } });
    assert.equal(engine.getTemplate('a.html'), engine.getTemplate('a.html'));
  });

  test('selects the first existing template of a list', async () => {
    const engine = new Engine({ templates: { 'b.html': 'b' } });
    assert.equal(await engine.renderToString(['a.html', 'b.html']), 'b');
  });

  test('runs context processors for renders with a request; the view context wins', async () => {
    registerContextProcessor('tests.user', (req: { user: string }) => ({ user: req.user, who: 'processor' }));
    const engine = new Engine({
      templates: { t: '{{ user }} {{ who }} {{ path }}' },
      contextProcessors: ['tests.user', (req: { path: string }) => ({ path: req.path })],
    });
    assert.equal(await engine.renderToString('t', { who: 'view' }, { user: 'ada', path: '/x' }), 'ada view /x');
  });

  test('Django-named standard processors add request and csrf_token', async () => {
    const engine = new Engine({
      templates: { t: '{{ request.path }} {% csrf_token %}' },
      contextProcessors: ['django.template.context_processors.request', 'django.template.context_processors.csrf'],
    });
    assert.equal(
      await engine.renderToString('t', {}, { path: '/p', csrfToken: () => 'tok' }),
      '/p <input type="hidden" name="csrfmiddlewaretoken" value="tok">',
    );
  });

  test('an unknown named context processor is an error naming it', () => {
    assert.throws(() => new Engine({ contextProcessors: ['nope.processor'] }), /Unknown context processor 'nope.processor'/);
  });

  test('fromSettings reads a Django TEMPLATES entry', async () => {
    const engine = Engine.fromSettings(
      { BACKEND: 'reinhardt.template.backends.django.DjangoTemplates', DIRS: [], APP_DIRS: false, OPTIONS: { string_if_invalid: '?', autoescape: false } },
      {},
    );
    assert.equal(engine.stringIfInvalid, '?');
    assert.equal(await engine.fromString('{{ a }}{{ b }}').render({ b: '<' }), '?<');
  });

  test('Template compiles from a string with the default engine', async () => {
    assert.equal(await new Template('{{ x|upper }}').render({ x: 'a' }), 'A');
    assert.equal(await new Template('{{ x }}').render(new Context({ x: 1 })), '1');
  });

  test('checkTemplates reports every broken template with its line', () => {
    const engine = new Engine({ templates: { 'ok.html': '{{ a }}', 'bad.html': 'a\n{% frob %}', 'worse.html': '{{ a|nofilter }}' } });
    const problems = checkTemplates(engine);
    assert.deepEqual(
      problems.map((p) => [p.name, p.line, p.message]),
      [
        ['bad.html', 2, "Invalid block tag on line 2: 'frob'. Did you forget to register or load this tag?"],
        ['worse.html', 1, "Invalid filter: 'nofilter'"],
      ],
    );
  });
});
