import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { include, path, rePath } from '../../src/urls/conf.ts';
import { clearUrlconf, loadUrlconf, resolve, setScriptPrefix, setUrlconf } from '../../src/urls/base.ts';
import { NoReverseMatch, reverse } from '../../src/urls/reverse.ts';
import * as pollsUrls from './fixtures/polls-urls.ts';
import { detail, index, other } from './fixtures/views.ts';

const root = [
  path('', index, { name: 'home' }),
  path('articles/<int:year>/', detail, { name: 'year' }),
  path('articles/<int:year>/<slug:slug>/', detail, { name: 'article' }),
  path('files/<path:rest>', detail, { name: 'files' }),
  path('polls/', include(pollsUrls)),
  path('author-polls/', include(pollsUrls, { namespace: 'author-polls' })),
  path('org/<slug:org>/', include([path('team/<int:id>/', detail, { name: 'team' })], { namespace: 'org', appName: 'org' })),
  path('feed/', include([path('', other, { name: 'feed', kwargs: { format: 'rss' } })])),
  rePath('^re/(?P<year>[0-9]{4})/$', detail, { name: 're-year' }),
  rePath('^pos/([0-9]+)/$', detail, { name: 're-pos' }),
  rePath('^opt/(?:x/)?end/?$', detail, { name: 're-opt' }),
  path('dup/a/', detail, { name: 'dup' }),
  path('dup/b/', detail, { name: 'dup' }),
  path('q/<str:text>/', detail, { name: 'text' }),
];

describe('reverse', () => {
  setUrlconf(root);
  after(() => clearUrlconf());

  test('builds paths from names with kwargs or args', () => {
    assert.equal(reverse('home'), '/');
    assert.equal(reverse('year', { kwargs: { year: 2024 } }), '/articles/2024/');
    assert.equal(reverse('article', { args: [2024, 'hi'] }), '/articles/2024/hi/');
    assert.equal(reverse('files', { kwargs: { rest: 'a/b c.txt' } }), '/files/a/b%20c.txt');
    assert.equal(reverse('text', { kwargs: { text: 'café?' } }), '/q/caf%C3%A9%3F/');
  });

  test('resolves namespaces, with the first instance as the default for an app', () => {
    assert.equal(reverse('polls:detail', { kwargs: { questionId: 3 } }), '/polls/3/');
    assert.equal(reverse('author-polls:detail', { kwargs: { questionId: 3 } }), '/author-polls/3/');
    assert.equal(reverse('polls:index', { currentApp: 'author-polls' }), '/author-polls/');
    assert.equal(reverse('org:team', { kwargs: { org: 'acme', id: 7 } }), '/org/acme/team/7/');
  });

  test('reverses a view function and regex patterns', () => {
    assert.equal(reverse(index), '/');
    assert.equal(reverse('re-year', { kwargs: { year: '2024' } }), '/re/2024/');
    assert.equal(reverse('re-pos', { args: [42] }), '/pos/42/');
    assert.equal(reverse('re-opt'), '/opt/end');
    assert.throws(() => reverse('re-year', { kwargs: { year: '24' } }), NoReverseMatch);
  });

  test('extra kwargs must match when given; the last pattern with a name wins', () => {
    assert.equal(reverse('feed'), '/feed/');
    assert.equal(reverse('feed', { kwargs: { format: 'rss' } }), '/feed/');
    assert.throws(() => reverse('feed', { kwargs: { format: 'atom' } }), NoReverseMatch);
    assert.equal(reverse('dup'), '/dup/b/');
  });

  test('appends query and fragment', () => {
    assert.equal(reverse('home', { query: { page: 2, tag: ['a', 'b c'] }, fragment: 'top' }), '/?page=2&tag=a&tag=b+c#top');
  });

  test('NoReverseMatch lists the patterns tried, or says the name is unknown', () => {
    assert.throws(
      () => reverse('polls:detail', { kwargs: { questionId: 'x' } }),
      (e: Error) =>
        e instanceof NoReverseMatch &&
        e.message === `Reverse for 'detail' with keyword arguments '{"questionId":"x"}' not found. 1 pattern(s) tried: ['polls/<int:questionId>/']`,
    );
    assert.throws(() => reverse('nope'), /'nope' is not a valid view function or pattern name/);
    assert.throws(() => reverse('zz:detail'), /'zz' is not a registered namespace/);
    assert.throws(() => reverse('polls:zz:detail'), /'zz' is not a registered namespace inside 'polls'/);
    assert.throws(() => reverse('year'), /with no arguments not found/);
    assert.throws(() => reverse('year', { args: [1], kwargs: { year: 1 } }), /Don't mix/);
  });

  test('reverse then resolve round-trips', () => {
    const url = reverse('article', { kwargs: { year: 1999, slug: 'party' } });
    assert.deepEqual(resolve(url).kwargs, { year: 1999, slug: 'party' });
  });

  test('the script prefix is prepended', () => {
    setScriptPrefix('/app');
    try {
      assert.equal(reverse('polls:index'), '/app/polls/');
    } finally {
      setScriptPrefix(null);
    }
  });
});

describe('string includes', () => {
  test('are loaded by loadUrlconf through the include loader', async () => {
    const conf = { urlpatterns: [path('lazy/', include('./fixtures/lazy-urls.ts'))] };
    const r = await loadUrlconf(conf, { loader: (spec) => import(new URL(spec, import.meta.url).href) });
    try {
      assert.equal(reverse('lazy:item', { kwargs: { slug: 'x' } }), '/lazy/x/');
      assert.equal(r.resolve('/lazy/abc/').viewName, 'lazy:item');
    } finally {
      clearUrlconf();
    }
  });

  test('fail with a clear message when used before loading', () => {
    const conf = [path('lazy/', include('./fixtures/lazy-urls.ts'))];
    assert.throws(() => resolve('/lazy/x/', conf), /was not loaded; call await loadUrlconf/);
  });
});
