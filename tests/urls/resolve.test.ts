import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HttpResponse } from '../../src/http/response.ts';
import { include, path, rePath } from '../../src/urls/conf.ts';
import { registerConverter } from '../../src/urls/converters.ts';
import { RoutePattern } from '../../src/urls/patterns.ts';
import { Resolver404, URLPattern } from '../../src/urls/resolver.ts';
import { getResolver, isValidPath, resolve, resolveErrorHandler, shouldRedirectWithSlash } from '../../src/urls/base.ts';
import * as pollsUrls from './fixtures/polls-urls.ts';
import { detail, index, other } from './fixtures/views.ts';
import { withSettings } from '../http/fixtures/settings.ts';

const UUID = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';
const handler404 = () => new HttpResponse('custom 404', { status: 404 });

const root = {
  handler404,
  urlpatterns: [
    path('', index, { name: 'home' }),
    path('articles/<int:year>/', detail, { name: 'year' }),
    path('articles/<int:year>/<slug:slug>/', detail, { name: 'article' }),
    path('u/<uuid:id>/', detail, { name: 'uuid' }),
    path('files/<path:rest>', detail, { name: 'files' }),
    path('s/<name>/', detail, { name: 'str', kwargs: { extra: true } }),
    path('polls/', include(pollsUrls)),
    path('org/<slug:org>/', include([path('team/<int:id>/', detail, { name: 'team' })], { namespace: 'org', appName: 'org' })),
    rePath('^re/(?P<year>[0-9]{4})/$', detail, { name: 're-year' }),
    rePath(/^pos\/([0-9]+)\/([a-z]+)\/$/, detail, { name: 're-pos' }),
    path('static/', other),
  ],
};

describe('resolve', () => {
  test('matches static and converted params, typed by converter', () => {
    assert.equal(resolve('/', root).func, index);
    const m = resolve('/articles/2024/hello-world/', root);
    assert.equal(m.func, detail);
    assert.deepEqual(m.kwargs, { year: 2024, slug: 'hello-world' });
    assert.equal(m.urlName, 'article');
    assert.equal(m.route, 'articles/<int:year>/<slug:slug>/');
    assert.deepEqual(resolve(`/u/${UUID}/`, root).kwargs, { id: UUID });
    assert.deepEqual(resolve('/files/a/b/c.txt', root).kwargs, { rest: 'a/b/c.txt' });
  });

  test('a rePath() regex without a final $ is searched for, as in Django; path() stays anchored', () => {
    const urls = { urlpatterns: [rePath('^docs', detail), rePath('^exact/$', other), path('page/', index)] };
    assert.equal(resolve('/docs', urls).func, detail);
    assert.equal(resolve('/docs/old/page/', urls).func, detail);
    assert.equal(resolve('/exact/', urls).func, other);
    assert.throws(() => resolve('/exact/more', urls), Resolver404);
    assert.throws(() => resolve('/page/more', urls), Resolver404);
    assert.throws(() => resolve('/xdocs', urls), Resolver404);
  });

  test('merges path() kwargs into the params', () => {
    const m = resolve('/s/bob/', root);
    assert.deepEqual(m.kwargs, { name: 'bob', extra: true });
    assert.deepEqual(m.capturedKwargs, { name: 'bob' });
    assert.deepEqual(m.extraKwargs, { extra: true });
  });

  test('includes carry namespaces, app names and outer params', () => {
    const m = resolve('/polls/3/results/', root);
    assert.deepEqual(m.kwargs, { questionId: 3 });
    assert.deepEqual(m.namespaces, ['polls']);
    assert.deepEqual(m.appNames, ['polls']);
    assert.equal(m.viewName, 'polls:results');
    assert.equal(m.route, 'polls/<int:questionId>/results/');
    const t = resolve('/org/acme/team/7/', root);
    assert.deepEqual(t.kwargs, { org: 'acme', id: 7 });
    assert.equal(t.viewName, 'org:team');
  });

  test('rePath gives named groups as kwargs, unnamed ones as args', () => {
    assert.deepEqual(resolve('/re/2024/', root).kwargs, { year: '2024' });
    const m = resolve('/pos/12/ab/', root);
    assert.deepEqual(m.args, ['12', 'ab']);
    assert.deepEqual(m.kwargs, {});
    assert.throws(() => resolve('/re/20245/', root), Resolver404);
  });

  test('a miss throws Resolver404 listing every pattern tried', () => {
    try {
      resolve('/polls/x/', root);
      assert.fail('expected Resolver404');
    } catch (err) {
      assert.ok(err instanceof Resolver404);
      assert.equal(err.code, 'resolver404');
      const chains = err.tried.map((chain) => chain.map((p) => p.pattern.source).join(''));
      assert.ok(chains.includes('polls/<int:questionId>/'));
      assert.ok(chains.includes('articles/<int:year>/'));
      assert.equal(err.tried.length, root.urlpatterns.length - 1 + pollsUrls.urlpatterns.length);
    }
    assert.throws(() => resolve('/articles/abc/', root), Resolver404);
    assert.throws(() => resolve('/u/not-a-uuid/', root), Resolver404);
  });

  test('a converter whose toJs throws makes the pattern not match', () => {
    registerConverter('even', { regex: '[0-9]+', toJs: (v) => { const n = Number(v); if (n % 2) throw new Error('odd'); return n; }, toUrl: String });
    const conf = [path('n/<even:n>/', detail)];
    assert.deepEqual(resolve('/n/4/', conf).kwargs, { n: 4 });
    assert.throws(() => resolve('/n/3/', conf), Resolver404);
    assert.throws(() => registerConverter('even', { regex: '', toJs: String, toUrl: String }), /already registered/);
  });

  test('static routes compile to no regex; converter routes compile once', () => {
    const p = new RoutePattern('about/team/', true);
    assert.equal(p.match('about/team/')?.rest, '');
    assert.equal(p.match('about/team/x'), null);
    const prefix = new RoutePattern('about/', false);
    assert.equal(prefix.match('about/team/')?.rest, 'team/');
  });

  test('bad routes fail when declared, naming the route', () => {
    assert.throws(() => path('a/<bogus:x>/', detail), /invalid converter 'bogus'/);
    assert.throws(() => path('a/<int:1x>/', detail), /isn't a valid identifier/);
    assert.throws(() => path('a/<int: x>/', detail), /whitespace/);
    assert.throws(() => path('a/<x>/<x>/', detail), /twice/);
    assert.throws(() => rePath('^(unclosed', detail), /not a valid regular expression/);
    assert.throws(() => path('a/', 42 as never), /view must be a function/);
    assert.throws(() => include([path('a/', detail)], { namespace: 'x' }), /without providing an appName/);
    assert.throws(() => include([42] as never), /urlpatterns must contain only/);
  });

  test('isValidPath, shouldRedirectWithSlash and error handlers', async () => {
    assert.ok(isValidPath('/polls/', root));
    assert.equal(isValidPath('/nope/', root), null);
    await withSettings({ APPEND_SLASH: true }, () => {
      assert.equal(shouldRedirectWithSlash('/polls', root), true);
      assert.equal(shouldRedirectWithSlash('/nope', root), false);
      assert.equal(shouldRedirectWithSlash('/polls/', root), false);
    });
    await withSettings({ APPEND_SLASH: false }, () => {
      assert.equal(shouldRedirectWithSlash('/polls', root), false);
    });
    assert.equal(resolveErrorHandler(404, root), handler404);
    assert.equal(resolveErrorHandler(500, root), null);
    assert.throws(() => resolveErrorHandler(403, { urlpatterns: [], handler403: 'x' }), /not a function/);
  });

  test('include() takes a module whose patterns are its default export', () => {
    const mod = { default: [path('x/', detail, { name: 'x' })], appName: 'dflt' };
    const m = resolve('/d/x/', [path('d/', include(mod))]);
    assert.equal(m.viewName, 'dflt:x');
  });

  test('getResolver caches one resolver per urlconf object', () => {
    assert.equal(getResolver(root), getResolver(root));
    assert.ok(getResolver(root).urlPatterns[0] instanceof URLPattern);
  });
});
