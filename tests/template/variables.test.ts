import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PyFloat, PyTuple, altersData, doNotCallInTemplates, markSafe } from '../../src/template/index.ts';
import { render } from './helpers.ts';

class Question {
  text: string;
  constructor(text: string) {
    this.text = text;
  }
  get shout(): string {
    return this.text.toUpperCase();
  }
  wasPublishedRecently(): boolean {
    return true;
  }
  needsArg(x: number): number {
    return x;
  }
  async choices(): Promise<string[]> {
    return ['yes', 'no'];
  }
}

describe('variable resolution', () => {
  test('looks up dict keys, attributes, getters and list indexes', async () => {
    const q = new Question('Hi');
    assert.equal(await render('{{ d.a }} {{ q.text }} {{ q.shout }} {{ xs.1 }}', { d: { a: 1 }, q, xs: ['a', 'b'] }), '1 Hi HI b');
  });

  test('calls zero-argument methods with their object', async () => {
    assert.equal(await render('{{ q.wasPublishedRecently }}', { q: new Question('x') }), 'True');
  });

  test('a method that needs arguments renders string_if_invalid', async () => {
    assert.equal(await render('[{{ q.needsArg }}]', { q: new Question('x') }, { stringIfInvalid: 'BAD' }), '[BAD]');
  });

  test('functions marked doNotCallInTemplates are not called', async () => {
    const fn = doNotCallInTemplates(Object.assign(() => 'called', { label: 'kept' }));
    assert.equal(await render('{{ fn.label }}', { fn }), 'kept');
  });

  test('functions marked altersData are refused', async () => {
    let called = false;
    const del = altersData(() => {
      called = true;
    });
    assert.equal(await render('[{{ obj.delete }}]', { obj: { delete: del } }), '[]');
    assert.equal(called, false);
  });

  test('awaits promise values, async methods and promises mid-path', async () => {
    const ctx = { p: Promise.resolve({ name: '<b>' }), q: new Question('x') };
    assert.equal(await render('{{ p.name }} {% for c in q.choices %}{{ c }},{% endfor %}', ctx), '&lt;b&gt; yes,no,');
  });

  test('awaits promises in conditions, filters and loops', async () => {
    const ctx = { n: Promise.resolve(3), xs: Promise.resolve([Promise.resolve(1), 2]) };
    assert.equal(await render('{% if n > 2 %}big{% endif %} {{ n|add:1 }} {% for x in xs %}{{ x }}{% endfor %}', ctx), 'big 4 12');
  });

  test('iterates async iterables in for loops', async () => {
    async function* rows() {
      yield 'a';
      yield 'b';
    }
    assert.equal(await render('{% for r in rows %}{{ forloop.counter }}{{ r }}{% endfor %}', { rows: rows() }), '1a2b');
  });

  test('reads Map entries and Python-style dict methods', async () => {
    const m = new Map([['a', 1]]);
    assert.equal(await render('{{ m.a }} {% for k, v in d.items %}{{ k }}{{ v }}{% endfor %}', { m, d: { x: 1, y: 2 } }), '1 x1y2');
  });

  test('does not expose Object.prototype members', async () => {
    assert.equal(await render('[{{ d.constructor }}][{{ d.toString }}]', { d: {} }), '[][]');
  });

  test('prints Python values: None, booleans, lists, tuples, floats', async () => {
    const ctx = { n: null, t: true, xs: [1, 'a'], tu: PyTuple.fromItems([1]), f: new PyFloat(2) };
    assert.equal(await render('{{ n }} {{ t }} {{ xs }} {{ tu }} {{ f }}', ctx), 'None True [1, &#x27;a&#x27;] (1,) 2.0');
  });

  test('string_if_invalid replaces %s with the variable name', async () => {
    assert.equal(await render('{{ nope }}', {}, { stringIfInvalid: 'MISSING(%s)' }), 'MISSING(nope)');
  });

  test('safe strings are not escaped and autoescape can be turned off', async () => {
    assert.equal(await render('{{ a }}{{ b }}', { a: markSafe('<i>'), b: '<i>' }), '<i>&lt;i&gt;');
    assert.equal(await render('{{ b }}', { b: '<i>' }, { autoescape: false }), '<i>');
  });
});
