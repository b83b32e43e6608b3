import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configure, overrideSettings } from '../../src/conf/index.ts';
import { path, setUrlconf, NoReverseMatch } from '../../src/urls/index.ts';
import { HttpResponse } from '../../src/http/index.ts';
import { Http404 } from '../../src/core/exceptions.ts';
import { render, redirect, getObjectOr404, getListOr404, resetTemplateEngine } from '../../src/shortcuts/index.ts';
import { Model, fields, createModelTables } from '../../src/db/models/index.ts';
import { testDatabases, useTestDatabase } from '../../src/test/databases.ts';

const dir = mkdtempSync(join(tmpdir(), 'rt-shortcuts-'));
mkdirSync(join(dir, 'templates'));
writeFileSync(join(dir, 'templates', 'page.html'), '{% load static %}<a href="{% url "detail" 7 %}">{{ title }}</a> <img src="{% static "logo.png" %}">');
writeFileSync(join(dir, 'templates', 'broken.html'), '{% if %}');
configure({ BASE_DIR: dir, TEMPLATES: [{ BACKEND: 'reinhardt', DIRS: ['templates'] }], STATIC_URL: 'static/' });

const view = () => new HttpResponse('x');
setUrlconf({ urlpatterns: [path('items/<int:id>/', view, { name: 'detail' }), path('', view, { name: 'home' })] });

test('render uses the project engine: DIRS under BASE_DIR, {% url %} through reverse, {% static %} with STATIC_URL', async () => {
  const response = await render(null, 'page.html', { title: 'Tom & Jerry' }, { status: 201 });
  assert.equal(response.status, 201);
  assert.equal(String(response.content), '<a href="/items/7/">Tom &amp; Jerry</a> <img src="/static/logo.png">');
});

test('render reports a template syntax error with the template name', async () => {
  await assert.rejects(render(null, 'broken.html'), (err: Error & { templateDebug?: { name: string; line: number } }) =>
    err.name === 'TemplateSyntaxError' && err.templateDebug?.name === 'broken.html' && err.templateDebug.line === 1);
});

test('the engine is rebuilt when TEMPLATES changes', async () => {
  const other = join(dir, 'other');
  mkdirSync(other);
  writeFileSync(join(other, 'page.html'), 'other');
  await overrideSettings({ TEMPLATES: [{ BACKEND: 'reinhardt', DIRS: [other] }] }, async () => {
    assert.equal(String((await render(null, 'page.html')).content), 'other');
  });
  resetTemplateEngine();
  assert.match(String((await render(null, 'page.html', { title: 't' })).content), /<a href/);
});

test('an unknown template backend is a clear error', async () => {
  await overrideSettings({ TEMPLATES: [{ BACKEND: 'jinja2' }] }, async () => {
    await assert.rejects(render(null, 'page.html'), /TEMPLATES\[0\]\.BACKEND 'jinja2' is not a known template engine/);
  });
});

test('redirect reverses names, keeps URLs and uses getAbsoluteUrl', () => {
  assert.equal(redirect('detail', { args: [3] }).headers.get('Location'), '/items/3/');
  assert.equal(redirect('detail', { kwargs: { id: 4 }, permanent: true }).status, 301);
  assert.equal(redirect('/thanks/').headers.get('Location'), '/thanks/');
  assert.equal(redirect('https://example.com/x').headers.get('Location'), 'https://example.com/x');
  assert.equal(redirect({ getAbsoluteUrl: () => '/items/9/' }).headers.get('Location'), '/items/9/');
  assert.throws(() => redirect('detial'), NoReverseMatch);
});

class Gadget extends Model.define<Gadget>()({ name: fields.CharField({ maxLength: 50 }) }, { appLabel: 'shortcuts_test' }) {}

for (const db of testDatabases()) {
  describe(`getObjectOr404 on ${db.vendor}`, { skip: db.skip }, () => {
    useTestDatabase(db, { prefix: 'rt_s_' });
    test('returns the object, or raises Http404 naming the model', async () => {
      await createModelTables([Gadget]);
      const g = await Gadget.objects.create({ name: 'lamp' });
      assert.equal((await getObjectOr404(Gadget, { pk: g.pk })).name, 'lamp');
      assert.equal((await getObjectOr404(Gadget.objects.filter({ name__startswith: 'la' }), { pk: g.pk })).name, 'lamp');
      await assert.rejects(getObjectOr404(Gadget, { pk: g.pk + 1000 }), (err: unknown) => err instanceof Http404 && /No Gadget matches/.test(err.message));
      assert.equal((await getListOr404(Gadget, { name: 'lamp' })).length, 1);
      await assert.rejects(getListOr404(Gadget, { name: 'desk' }), Http404);
    });
  });
}
