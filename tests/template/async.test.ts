import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine, TemplateRuntimeError } from '../../src/template/index.ts';

const later = <T>(v: T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(v), 1));

describe('async rendering', () => {
  const engine = new Engine({
    templates: {
      'base.html': '<{% block body %}{% endblock %}>',
      'child.html': '{% extends "base.html" %}{% block body %}{% for c in q.choices %}{% include "row.html" %}{% endfor %}{% endblock %}',
      'row.html': '[{{ c.text }}:{{ c.votes|add:1 }}]',
      'broken.html': 'a\n{% for x in xs %}{{ x }}{% endfor %}',
    },
  });

  test('awaits promises inside blocks, loops and includes in order', async () => {
    const q = { choices: () => later([{ text: later('a'), votes: later(1) }, { text: 'b', votes: 2 }]) };
    assert.equal(await engine.renderToString('child.html', { q }), '<[a:2][b:3]>');
  });

  test('restores the context after an asynchronous block', async () => {
    const t = engine.fromString('{% with x=p %}{{ x }}{% endwith %}[{{ x }}]');
    assert.equal(await t.render({ p: later('in'), x: 'out' }), 'in[out]');
  });

  test('errors raised after a promise still carry the template place', async () => {
    await assert.rejects(engine.renderToString('broken.html', { xs: later(5) }), (err: unknown) => {
      assert.ok(err instanceof TemplateRuntimeError);
      assert.equal(err.djangoError, 'TypeError');
      assert.equal(err.line, 2);
      return true;
    });
  });

  test('renders concurrently without mixing contexts', async () => {
    const t = engine.fromString('{% for x in xs %}{{ x }}{% endfor %}');
    const outs = await Promise.all([1, 2, 3].map((n) => t.render({ xs: [later(n), n, later(n)] })));
    assert.deepEqual(outs, ['111', '222', '333']);
  });
});
