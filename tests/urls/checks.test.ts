import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { include, path, rePath } from '../../src/urls/conf.ts';
import { checkUrlPatterns } from '../../src/urls/checks.ts';
import { detail } from './fixtures/views.ts';

const ids = (msgs: { id: string }[]) => msgs.map((m) => m.id);

describe('checkUrlPatterns', () => {
  test('a clean urlconf has no messages', () => {
    assert.deepEqual(checkUrlPatterns([path('a/', detail), path('/', include([path('b/', detail)]))]), []);
  });

  test('reports leading slashes, $ in include regexes, colons, Django-1 syntax and bad entries', () => {
    const msgs = checkUrlPatterns([
      path('/polls/', detail),
      rePath('^api/$', include([path('x/', detail)])),
      path('a/', detail, { name: 'a:b' }),
      path('^old/$', detail),
      'not a pattern' as never,
    ]);
    assert.deepEqual(ids(msgs).sort(), ['2_0.W001', 'urls.E004', 'urls.W001', 'urls.W002', 'urls.W003']);
    const w002 = msgs.find((m) => m.id === 'urls.W002')!;
    assert.match(String((w002 as unknown as { message?: string; msg?: string }).message ?? (w002 as unknown as { msg: string }).msg), /'\/polls\/' has a route beginning with a '\/'/);
  });

  test('reports duplicate namespaces, a missing urlpatterns list and non-function handlers', () => {
    const inc = () => include([path('x/', detail)], { namespace: 'ns', appName: 'app' });
    assert.deepEqual(ids(checkUrlPatterns([path('a/', inc()), path('b/', inc())])), ['urls.W005']);
    assert.deepEqual(ids(checkUrlPatterns({ handler404: 'x' })), ['urls.E007', 'urls.E004']);
  });
});
