import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { render, renderError } from './helpers.ts';

describe('builtin tags', () => {
  test('if supports every operator with Django precedence', async () => {
    const src = '{% if a and not b or c in xs and d is None and e != 1 and f >= 2 %}y{% else %}n{% endif %}';
    assert.equal(await render(src, { a: 1, b: 0, c: 2, xs: [2], d: null, e: 2, f: 2 }), 'y');
  });

  test('for exposes forloop counters, supports reversed, unpacking and empty', async () => {
    assert.equal(await render('{% for a, b in xs reversed %}{{ forloop.counter }}{{ a }}{{ b }}{% endfor %}', { xs: [[1, 2], [3, 4]] }), '134212');
    assert.equal(await render('{% for x in xs %}{{ x }}{% empty %}none{% endfor %}', { xs: [] }), 'none');
  });

  test('with, firstof, cycle and resetcycle', async () => {
    assert.equal(await render('{% with a=1 b=x %}{{ a }}{{ b }}{% endwith %}', { x: 2 }), '12');
    assert.equal(await render('{% firstof a b "c" %}', { a: 0, b: '' }), 'c');
    assert.equal(await render('{% for x in "abc" %}{% cycle 1 2 %}{% endfor %}'), '121');
  });

  test('ifchanged, regroup, spaceless, verbatim, templatetag, comment', async () => {
    assert.equal(await render('{% for x in xs %}{% ifchanged x %}{{ x }}{% endifchanged %}{% endfor %}', { xs: [1, 1, 2] }), '12');
    const rows = [{ g: 'a', n: 1 }, { g: 'a', n: 2 }, { g: 'b', n: 3 }];
    assert.equal(await render('{% regroup rows by g as gs %}{% for x in gs %}{{ x.grouper }}{{ x.list|length }}{% endfor %}', { rows }), 'a2b1');
    assert.equal(await render('{% spaceless %}<p> <b>x</b> </p>{% endspaceless %}'), '<p><b>x</b></p>');
    assert.equal(await render('{% verbatim %}{{ x }}{% endverbatim %}'), '{{ x }}');
    assert.equal(await render('{% templatetag openblock %}{# c #}{% comment %}x{% endcomment %}'), '{%');
  });

  test('filter tag applies filters to its body', async () => {
    assert.equal(await render('{% filter lower|capfirst %}HELLO{% endfilter %}'), 'Hello');
  });

  test('autoescape off stops escaping inside the block only', async () => {
    assert.equal(await render('{% autoescape off %}{{ s }}{% endautoescape %}{{ s }}', { s: '<' }), '<&lt;');
  });

  test('widthratio rounds like Python', async () => {
    assert.equal(await render('{% widthratio 175 200 100 %}'), '88');
  });

  test('now formats the current time', async () => {
    assert.equal(await render('{% now "Y" %}'), String(new Date().getFullYear()));
  });

  test('lorem prints the classic words and paragraphs', async () => {
    assert.equal(await render('{% lorem 3 w %}'), 'lorem ipsum dolor');
    assert.equal((await render('{% lorem 2 w random %}')).split(' ').length, 2);
  });

  test('csrf_token renders a hidden input from the context', async () => {
    assert.equal(await render('{% csrf_token %}', { csrf_token: 'abc' }), '<input type="hidden" name="csrfmiddlewaretoken" value="abc">');
  });

  test('debug dumps the context escaped', async () => {
    assert.match(await render('{% debug %}', { a: '<x>' }), /&#x27;a&#x27;: &#x27;&lt;x&gt;&#x27;/);
  });

  test('url reverses through the engine hook, and as-var swallows failures', async () => {
    const urlResolver = (name: string, args: unknown[], kwargs: Record<string, unknown>) => {
      if (name === 'missing') throw Object.assign(new Error('no'), { name: 'NoReverseMatch' });
      return `/${name}/${args.join('/')}${kwargs['page'] ? `?page=${kwargs['page']}` : ''}`;
    };
    assert.equal(await render('{% url "detail" 5 %} {% url "list" page=2 %}', {}, { urlResolver }), '/detail/5 /list/?page=2');
    assert.equal(await render('[{% url "missing" as u %}{{ u }}]', {}, { urlResolver }), '[]');
    assert.equal((await renderError('{% url "missing" %}', {}, { urlResolver })).name, 'NoReverseMatch');
  });

  test('querystring merges changes into the request query', async () => {
    const engineOpts = {};
    const { Engine } = await import('../../src/template/index.ts');
    const engine = new Engine({ ...engineOpts, templates: { t: '{% querystring page=2 q=None %}' } });
    const request = { GET: new URLSearchParams('q=x&a=1&a=2') };
    assert.equal(await engine.renderToString('t', {}, request), '?a=1&amp;a=2&amp;page=2');
  });

  test('partialdef and partial render reusable fragments', async () => {
    assert.equal(await render('{% partialdef p %}<b>{{ x }}</b>{% endpartialdef %}[{% partial p %}]', { x: 1 }), '[<b>1</b>]');
    assert.equal(await render('{% partialdef p inline %}i{% endpartialdef p %}{% partial p %}'), 'ii');
  });

  test('a partial is reachable as template#name from include and the engine', async () => {
    const templates = { 'page.html': '{% partialdef card %}<i>{{ x }}</i>{% endpartialdef %}page' };
    assert.equal(await render('{% include "page.html#card" with x=2 %}', {}, { templates }), '<i>2</i>');
  });

  test('static builds URLs from the static prefix or the resolver hook', async () => {
    assert.equal(await render('{% load static %}{% static "a b.css" %}', {}, { staticUrl: '/s/' }), '/s/a%20b.css');
    assert.equal(await render('{% load static %}{% static "a.css" %}', {}, { staticResolver: (p) => `/cdn/${p}?v=1` }), '/cdn/a.css?v=1');
  });

  test('i18n tags render the source text without catalogs', async () => {
    const src = '{% load i18n %}{% translate "Hi" %} {% blocktranslate count n=c %}{{ n }} apple{% plural %}{{ n }} apples{% endblocktranslate %}';
    assert.equal(await render(src, { c: 1 }), 'Hi 1 apple');
    assert.equal(await render(src, { c: 2 }), 'Hi 2 apples');
  });

  test('load reports unknown libraries', async () => {
    assert.match((await renderError('{% load nope %}')).message, /'nope' is not a registered tag library/);
  });
});

describe('inheritance and include', () => {
  const templates = {
    'base.html': '<{% block a %}A{% endblock %}|{% block b %}B{% endblock %}>',
    'child.html': '{% extends "base.html" %}{% block a %}a+{{ block.super }}{% endblock %}',
    'row.html': '({{ x }})',
  };

  test('child blocks override the parent and block.super renders the parent block', async () => {
    assert.equal(await render('{% extends "child.html" %}{% block b %}b{% endblock %}', {}, { templates }), '<a+A|b>');
  });

  test('include renders with the current context, with extra values, or only them', async () => {
    assert.equal(await render('{% include "row.html" %}{% include "row.html" with x=2 %}{% include "row.html" only %}', { x: 1 }, { templates }), '(1)(2)()');
  });
});
