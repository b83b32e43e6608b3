import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, Library, Node, NodeList, loadTemplatetags, mapRendered } from '../../src/template/index.ts';
import type { Context, Parser, Token } from '../../src/template/index.ts';

class UpperNode extends Node {
  readonly body: NodeList;
  constructor(body: NodeList) {
    super();
    this.body = body;
  }
  override children(): NodeList[] {
    return [this.body];
  }
  render(ctx: Context) {
    return mapRendered(this.body.render(ctx), (s) => s.toUpperCase());
  }
}

const lib = new Library()
  .filter('shout', (v) => `${String(v)}!`)
  .filter('wrap', (v, arg) => `${arg}${v}${arg}`)
  .simpleTag('greet', (name: unknown, kw?: { punct?: string }) => `Hello <${name}>${kw?.punct ?? ''}`)
  .simpleTag('ctxval', (ctx: Context, key: unknown) => ctx.get(String(key)), { takesContext: true })
  .simpleTag('later', async () => 'async!')
  .inclusionTag('card', 'card.html', (title: unknown) => ({ title }))
  .tag('upper', (parser: Parser, _token: Token) => {
    const body = parser.parse(['endupper']);
    parser.deleteFirstToken();
    return new UpperNode(body);
  });

const engine = new Engine({ libraries: { extras: lib }, templates: { 'card.html': '<h1>{{ title }}</h1>' } });
const r = async (src: string, ctx = {}) => engine.fromString(src).render(ctx);

describe('Library', () => {
  test('filters are available after load, with and without arguments', async () => {
    assert.equal(await r('{% load extras %}{{ "a"|shout }} {{ "b"|wrap:"*" }}'), 'a! *b*');
  });

  test('filters are unknown until the library is loaded', async () => {
    await assert.rejects(r('{{ "a"|shout }}'), /Invalid filter: 'shout'/);
  });

  test('simple tags resolve arguments, escape output and support as', async () => {
    assert.equal(await r('{% load extras %}{% greet who punct="!" %}', { who: 'Ada' }), 'Hello &lt;Ada&gt;!');
    assert.equal(await r('{% load extras %}{% greet "x" as g %}[{{ g }}]'), '[Hello &lt;x&gt;]');
    assert.equal(await r('{% load extras %}{% ctxval "k" %}', { k: 'v' }), 'v');
    assert.equal(await r('{% load extras %}{% later %}'), 'async!');
  });

  test('inclusion tags render their template with the returned context', async () => {
    assert.equal(await r('{% load extras %}{% card "T" %}'), '<h1>T</h1>');
  });

  test('block tags get parser access to their body', async () => {
    assert.equal(await r('{% load extras %}{% upper %}hi {{ x }}{% endupper %}', { x: 'there' }), 'HI THERE');
  });

  test('load ... from imports single tags and filters', async () => {
    assert.equal(await r('{% load shout from extras %}{{ "a"|shout }}'), 'a!');
    await assert.rejects(r('{% load shout from extras %}{% greet "x" %}'), /Invalid block tag/);
  });
});

describe('loadTemplatetags', () => {
  let root = '';
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'tpl-tags-'));
    mkdirSync(join(root, 'polls', 'templatetags'), { recursive: true });
    const libUrl = new URL('../../src/template/index.ts', import.meta.url).href;
    writeFileSync(
      join(root, 'polls', 'templatetags', 'poll-extras.ts'),
      `import { Library } from '${libUrl}';\nexport const register = new Library().filter('twice', (v) => String(v) + String(v));\n`,
    );
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('imports each app templatetags module under its file name', async () => {
    const libraries = await loadTemplatetags([join(root, 'polls'), join(root, 'no-such-app')]);
    const e = new Engine({ libraries });
    assert.equal(await e.fromString('{% load poll_extras %}{{ "ab"|twice }}').render({}), 'abab');
    assert.equal(await e.fromString('{% load poll-extras %}{{ "c"|twice }}').render({}), 'cc');
  });
});
