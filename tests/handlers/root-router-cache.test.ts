// The handler's router remembers the routes of paths that take no arguments (src/core/handlers/
// root-router.ts): the same path finds the same view without matching again, while routes with
// arguments, misses and patterns that match many paths keep resolving each time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { routerFromResolver } from '../../src/core/handlers/root-router.ts';
import { include, loadUrlconf, path, rePath, Resolver404 } from '../../src/urls/index.ts';
import { HttpResponse } from '../../src/http/response.ts';

const view = (name: string) => Object.defineProperty(() => new HttpResponse(name), 'name', { value: name });
const home = view('home'), detail = view('detail'), docs = view('docs'), about = view('about');

async function router() {
  const resolver = await loadUrlconf([
    path('', home),
    path('items/<int:id>/', detail),
    path('about/', about, { name: 'about' }),
    path('team/', include([path('about/', about)])),
    rePath('^docs', docs),
  ]);
  return routerFromResolver(resolver, 'test');
}

test('a parameterless path resolves to the same frozen route each time', async () => {
  const r = await router();
  const first = await r.resolve('/about/');
  const second = await r.resolve('/about/');
  assert.equal(first.func, about);
  assert.equal(second, first);
  assert.ok(Object.isFrozen(first) && Object.isFrozen(first.match));
  assert.equal(first.match!.urlName, 'about');
  const nested = await r.resolve('/team/about/');
  assert.equal(nested.func, about);
  assert.equal(nested.match!.route, 'team/about/');
  assert.equal(await r.resolve('/team/about/'), nested);
});

test('routes with arguments resolve afresh with each path\'s values', async () => {
  const r = await router();
  const a = await r.resolve('/items/3/');
  const b = await r.resolve('/items/4/');
  const a2 = await r.resolve('/items/3/');
  assert.deepEqual([a.kwargs, b.kwargs, a2.kwargs], [{ id: 3 }, { id: 4 }, { id: 3 }]);
  assert.notEqual(a2, a);
  assert.equal(Object.isFrozen(a.match), false);
});

test('misses keep raising and a pattern matching many paths keeps working past the bound', async () => {
  const r = await router();
  for (let i = 0; i < 2; i++) assert.throws(() => r.resolve('/nowhere/'), Resolver404);
  for (let i = 0; i < 1100; i++) assert.equal((await r.resolve(`/docs${i}`)).func, docs);
  assert.equal((await r.resolve('/')).func, home);
  assert.equal((await r.resolve('/docs/x')).func, docs);
});
