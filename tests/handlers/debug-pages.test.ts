import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  cleanseSetting, describePattern, getSafeSettings, parseStack, technical404Text, technical500Html, technical500Text, welcomePageHtml,
} from '../../src/views/debug/index.ts';

describe('secret masking', () => {
  test('hides values whose names look secret, at any depth, and keeps the rest', () => {
    assert.deepEqual(
      cleanseSetting('DATABASES', { default: { NAME: 'db', PASSWORD: 'pw', OPTIONS: { api_key: 'k', timeout: 5 } } }),
      { default: { NAME: 'db', PASSWORD: '********************', OPTIONS: { api_key: '********************', timeout: 5 } } },
    );
    const safe = Object.fromEntries(getSafeSettings({ DEBUG: true, SECRET_KEY: 's', AWS_TOKEN: 't', SIGNING_BACKEND: 'x', lower: 1 }));
    assert.deepEqual(safe, { AWS_TOKEN: '********************', DEBUG: true, SECRET_KEY: '********************', SIGNING_BACKEND: 'x' });
  });
});

describe('technical 500', () => {
  test('shows each cause and the source line of the failing frame', () => {
    let error: Error;
    try {
      throw new Error('outer failure', { cause: new RangeError('inner cause') });
    } catch (err) {
      error = err as Error;
    }
    const frames = parseStack(error);
    assert.match(frames[0]!.file, /debug-pages\.test\.ts$/);
    assert.match(frames[0]!.context[frames[0]!.line - frames[0]!.contextStart]!, /throw new Error\('outer failure'/);
    const html = technical500Html({ error, request: { method: 'POST', url: 'http://x/a/', path: '/a/', form: [['password', 'hunter2'], ['name', 'ok']] } });
    assert.match(html, /<h3>RangeError: inner cause<\/h3>/);
    assert.match(html, /The above error was the cause of the following error/);
    assert.match(html, /<th>name<\/th><td>ok<\/td>/);
    assert.ok(!html.includes('hunter2'));
    const text = technical500Text({ error });
    assert.match(text, /^Error\nouter failure\n/);
    assert.match(text, /RangeError: inner cause/);
  });

  test('escapes HTML in messages and request data', () => {
    const html = technical500Html({ error: new Error('<script>alert(1)</script>'), request: { method: 'GET', url: '/<b>', path: '/<b>' } });
    assert.ok(!html.includes('<script>alert(1)'));
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });
});

describe('technical 404 and welcome page', () => {
  test('describes tried patterns Django-style', () => {
    assert.equal(describePattern([{ pattern: 'polls/' }, { pattern: '<int:id>/', name: 'detail' }]), "polls/ <int:id>/ [name='detail']");
    const text = technical404Text({ request: { method: 'GET', url: '/x', path: '/x' }, reason: 'nope', tried: [['a/'], ['b/']] });
    assert.match(text, /1\. a\/\n {2}2\. b\//);
  });

  test('renders a self-contained welcome page naming the URLconf', () => {
    const html = welcomePageHtml({ urlconf: './mysite/urls.ts' });
    assert.match(html, /<code>\.\/mysite\/urls\.ts<\/code> has no URL patterns yet/);
    assert.doesNotMatch(html, /<link|<script|<img|url\(http/);
  });
});

describe('template errors on the technical 500 page', () => {
  test('show the template name, line and the offending token', async () => {
    const { Engine } = await import('../../src/template/index.ts');
    const engine = new Engine({ templates: { 'page.html': '<h1>Title</h1>\n{% if %}\n<p>after</p>' } });
    let error: unknown;
    try {
      await engine.renderToString('page.html', {});
    } catch (err) {
      error = err;
    }
    assert.ok(error, 'the template is invalid');
    const html = technical500Html({ error });
    assert.match(html, /Error during template rendering/);
    assert.match(html, /In template <code>page\.html<\/code>, error at line 2/);
    assert.match(html, /<b>\{% if %\}<\/b>/);
    assert.match(technical500Text({ error }), /in template page\.html, error at line 2/);
  });
});
