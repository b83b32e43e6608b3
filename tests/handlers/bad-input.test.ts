import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { ViewFunction } from '../../src/core/handlers/index.ts';
import { HttpResponse, JsonResponse } from '../../src/http/index.ts';
import { mapRouter, send, withServer } from './fixtures/test-server.ts';

const views: Record<string, ViewFunction> = {
  'query/': function query(request) {
    return new HttpResponse(`q=${request.GET.get('q') ?? ''}`);
  },
  'form/': async function form(request) {
    const post = await request.post();
    return new HttpResponse(`fields=${[...post.keys()].length}`);
  },
  'json/': async function json(request) {
    return new JsonResponse({ got: await request.json() });
  },
  'host/': function host(request) {
    return new HttpResponse(request.getHost());
  },
};

const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('malformed requests', () => {
  for (const debug of [true, false]) {
    test(`get 4xx responses and leave the server serving (DEBUG ${debug})`, async () => {
      await withServer({ DEBUG: debug, DATA_UPLOAD_MAX_MEMORY_SIZE: 1000, DATA_UPLOAD_MAX_NUMBER_FIELDS: 5 }, { router: mapRouter(views) }, async (url) => {
        const cases: [string, Parameters<typeof send>[1], number, RegExp][] = [
          ['/query/?q=%E0%A4%A', {}, 400, /Malformed percent-encoding/],
          ['/json/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a": ' }, 400, /Malformed JSON/],
          ['/form/', { method: 'POST', headers: form, body: 'a=1&'.repeat(400) }, 413, /DATA_UPLOAD_MAX_MEMORY_SIZE/],
          ['/form/', { method: 'POST', headers: form, body: 'a=1&b=2&c=3&d=4&e=5&f=6' }, 400, /DATA_UPLOAD_MAX_NUMBER_FIELDS/],
          ['/host/', { headers: { host: 'evil.example.com' } }, 400, /add 'evil\.example\.com' to ALLOWED_HOSTS/],
        ];
        for (const [path, init, status, message] of cases) {
          const res = await send(`${url}${path}`, { ...init, headers: { accept: 'text/plain', ...init?.headers } });
          assert.equal(res.status, status, `${path} ${init?.body ?? ''}`.slice(0, 80));
          if (debug) assert.match(res.body, message);
          else assert.doesNotMatch(res.body, message);
        }
        // A bad escape in the path is not an error: it simply matches no pattern.
        assert.equal((await send(`${url}/query%E0%A4/`)).status, 404);
        assert.equal((await send(`${url}/query/?q=fine`)).body, 'q=fine');
        assert.equal((await send(`${url}/json/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1]' })).body, '{"got":[1]}');
      });
    });
  }
});
