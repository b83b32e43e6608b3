import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { BadRequest, Http404, PermissionDenied } from '../../src/core/exceptions.ts';
import type { ViewFunction } from '../../src/core/handlers/index.ts';
import { HttpResponse } from '../../src/http/index.ts';
import { mapRouter, send, withServer } from './fixtures/test-server.ts';

const SECRET = 'test-secret-key-that-must-never-leak';

const views: Record<string, ViewFunction> = {
  'ok/': function ok() {
    return new HttpResponse('ok');
  },
  'missing/': function missing() {
    throw new Http404('No Question matches the given query.');
  },
  'forbidden/': function forbidden() {
    throw new PermissionDenied('staff only');
  },
  'bad/': function bad() {
    throw new BadRequest('the widget parameter is malformed');
  },
  'crash/': function crash() {
    const detail = { password: 'hunter2' };
    throw new TypeError(`cannot read the frobnicator (${Object.keys(detail).length})`);
  },
  'nothing/': function nothing() {
    return undefined as never;
  },
};

describe('error pages without DEBUG', () => {
  test('answer plain pages and leak nothing', async () => {
    await withServer({ DEBUG: false }, { router: mapRouter(views) }, async (url) => {
      const cases: [string, number, RegExp][] = [
        ['/nowhere/', 404, /Not Found/],
        ['/missing/', 404, /Not Found/],
        ['/forbidden/', 403, /403 Forbidden/],
        ['/bad/', 400, /Bad Request \(400\)/],
        ['/crash/', 500, /Server Error \(500\)/],
      ];
      for (const [path, status, text] of cases) {
        const res = await send(`${url}${path}`);
        assert.equal(res.status, status, path);
        assert.match(res.body, text, path);
        for (const leak of [SECRET, 'frobnicator', 'malformed', 'staff only', 'No Question', 'ok/', '.ts']) {
          assert.ok(!res.body.includes(leak), `${path} leaks ${leak}`);
        }
      }
    });
  });

  test('use the URLconf handler404 and fall back when it fails', async () => {
    const handlers = {
      handler404: () => new HttpResponse('custom not found', { status: 404 }),
      handler500: () => {
        throw new Error('handler500 is broken too');
      },
    };
    await withServer({}, { router: mapRouter(views, handlers) }, async (url) => {
      assert.equal((await send(`${url}/nowhere/`)).body, 'custom not found');
      const res = await send(`${url}/crash/`);
      assert.equal(res.status, 500);
      assert.match(res.body, /Server Error \(500\)/);
    });
  });
});

describe('error pages with DEBUG', () => {
  test('show the technical 500 page: error, source line, request, masked settings', async () => {
    await withServer({ DEBUG: true }, { router: mapRouter(views) }, async (url, errors) => {
      const res = await send(`${url}/crash/?page=2`, { headers: { cookie: 'sessionid=abc123', accept: 'text/html' } });
      assert.equal(res.status, 500);
      assert.match(res.headers['content-type'] as string, /text\/html/);
      assert.match(res.body, /<h1>TypeError <small>at \/crash\/<\/small><\/h1>/);
      assert.match(res.body, /cannot read the frobnicator/);
      assert.match(res.body, /error-pages\.test\.ts, line \d+, in <b>/);
      assert.match(res.body, /throw new TypeError\(`cannot read the frobnicator/);
      assert.match(res.body, /<th>page<\/th><td>2<\/td>/);
      assert.match(res.body, /<th>SECRET_KEY<\/th><td>\*{20}<\/td>/);
      assert.ok(!res.body.includes(SECRET), 'the secret key is masked');
      assert.ok(!res.body.includes('abc123'), 'cookie values are masked');
      assert.equal(errors.length, 1);
    });
  });

  test('answer plain text to clients that do not accept HTML', async () => {
    await withServer({ DEBUG: true }, { router: mapRouter(views) }, async (url) => {
      const res = await send(`${url}/crash/`, { headers: { accept: 'application/json' } });
      assert.match(res.headers['content-type'] as string, /text\/plain/);
      assert.match(res.body, /^TypeError at \/crash\/\ncannot read the frobnicator/);
    });
  });

  test('list the URL patterns tried on a 404', async () => {
    await withServer({ DEBUG: true }, { router: mapRouter(views) }, async (url) => {
      const res = await send(`${url}/nowhere/`);
      assert.equal(res.status, 404);
      assert.match(res.body, /Reinhardt tried these URL patterns, in this order:/);
      assert.match(res.body, /<li>ok\/ \[name=&#x27;ok&#x27;\]<\/li>/);
      assert.match(res.body, /The current path, <code>nowhere\/<\/code>, didn't match any of these/);
    });
  });

  test('show the Http404 message and the view that raised it', async () => {
    await withServer({ DEBUG: true }, { router: mapRouter(views) }, async (url) => {
      const res = await send(`${url}/missing/`);
      assert.equal(res.status, 404);
      assert.match(res.body, /No Question matches the given query\./);
      assert.match(res.body, /<th>Raised by<\/th><td>missing<\/td>/);
    });
  });

  test('explain a view that returned no response', async () => {
    await withServer({ DEBUG: true }, { router: mapRouter(views) }, async (url) => {
      const res = await send(`${url}/nothing/`);
      assert.equal(res.status, 500);
      assert.match(res.body, /The view nothing didn&#x27;t return an HttpResponse object\. It returned undefined instead\./);
    });
  });

  test('show the welcome page at / when the project has no URL patterns', async () => {
    await withServer({ DEBUG: true }, { router: mapRouter({}) }, async (url) => {
      const res = await send(`${url}/`);
      assert.equal(res.status, 200);
      assert.match(res.body, /The install worked\./);
      assert.doesNotMatch(res.body, /<link|<script|src="http/);
      assert.equal((await send(`${url}/other/`)).status, 404);
    });
    await withServer({ DEBUG: false }, { router: null }, async (url) => {
      assert.equal((await send(`${url}/`)).status, 404);
    });
  });
});
