import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test, describe } from 'node:test';
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

/** A templates folder holding `files`, removed after the tests. */
function templatesDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'reinhardt-error-templates-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const projectTemplates = templatesDir({
  '404.html': '<h1>Lost</h1><p>path={{ request_path }}</p><p>why={{ exception }}</p>',
  '500.html': '<h1>Our fault</h1>{{ request_path }}|{{ exception }}|',
  '403.html': '<h1>Keep out</h1><p>{{ exception }}</p>',
  '400.html': '<h1>Bad input</h1>',
});
const templates = (dir: string) => ({ TEMPLATES: [{ BACKEND: 'reinhardt', DIRS: [dir], APP_DIRS: false }] });

describe('error pages from the project templates (no DEBUG)', () => {
  test('404.html, 500.html, 403.html and 400.html are rendered when they exist', async () => {
    await withServer({ DEBUG: false, ...templates(projectTemplates) }, { router: mapRouter(views) }, async (url, errors) => {
      const lost = await send(`${url}/nowhere/`);
      assert.equal(lost.status, 404);
      assert.equal(lost.body, '<h1>Lost</h1><p>path=/nowhere/</p><p>why=Http404</p>');
      const missing = await send(`${url}/missing/`);
      assert.equal(missing.status, 404);
      assert.match(missing.body, /why=No Question matches the given query\./);
      const crash = await send(`${url}/crash/`);
      assert.equal(crash.status, 500);
      assert.equal(crash.body, '<h1>Our fault</h1>||', '500.html gets no context');
      assert.match(errors.join('\n'), /Internal Server Error: \/crash\//, 'the 500 is still reported');
      const forbidden = await send(`${url}/forbidden/`);
      assert.equal(forbidden.status, 403);
      assert.equal(forbidden.body, '<h1>Keep out</h1><p>staff only</p>');
      const bad = await send(`${url}/bad/`);
      assert.equal(bad.status, 400);
      assert.equal(bad.body, '<h1>Bad input</h1>');
    });
  });

  test('the 404 request_path is URL-quoted, so markup in the path never reaches the page', async () => {
    await withServer({ DEBUG: false, ...templates(projectTemplates) }, { router: mapRouter(views) }, async (url) => {
      const res = await send(`${url}/%3Cscript%3Ealert('x')%3C/script%3E"&/`);
      assert.equal(res.status, 404);
      assert.match(res.body, /path=\/%3Cscript%3Ealert%28%27x%27%29%3C\/script%3E%22%26\//);
      assert.ok(!res.body.includes('<script>'));
    });
  });

  test('without the templates the plain pages are answered', async () => {
    const empty = templatesDir({});
    await withServer({ DEBUG: false, ...templates(empty) }, { router: mapRouter(views) }, async (url) => {
      assert.match((await send(`${url}/nowhere/`)).body, /<h1>Not Found<\/h1>/);
      assert.match((await send(`${url}/crash/`)).body, /Server Error \(500\)/);
      assert.match((await send(`${url}/forbidden/`)).body, /403 Forbidden/);
      assert.match((await send(`${url}/bad/`)).body, /Bad Request \(400\)/);
    });
  });

  test('a template that fails is reported and the plain page answered, with the same status', async () => {
    const broken = templatesDir({ '404.html': '{% if %}broken{% endif %}', '500.html': '{{ x|nosuchfilter }}' });
    await withServer({ DEBUG: false, ...templates(broken) }, { router: mapRouter(views) }, async (url, errors) => {
      const lost = await send(`${url}/nowhere/`);
      assert.equal(lost.status, 404);
      assert.match(lost.body, /<h1>Not Found<\/h1>/);
      const crash = await send(`${url}/crash/`);
      assert.equal(crash.status, 500);
      assert.match(crash.body, /Server Error \(500\)/);
      assert.deepEqual(errors.filter((e) => e.startsWith('Error view')), ['Error view pageNotFound failed', 'Error view serverError failed']);
    });
  });

  test('the URLconf handler404 and handler500 still win over the templates', async () => {
    const handlers = {
      handler404: () => new HttpResponse('custom not found', { status: 404 }),
      handler500: () => new HttpResponse('custom crash', { status: 500 }),
    };
    await withServer({ DEBUG: false, ...templates(projectTemplates) }, { router: mapRouter(views, handlers) }, async (url) => {
      assert.equal((await send(`${url}/nowhere/`)).body, 'custom not found');
      assert.equal((await send(`${url}/crash/`)).body, 'custom crash');
    });
  });

  test('with DEBUG the technical pages are shown instead', async () => {
    await withServer({ DEBUG: true, ...templates(projectTemplates) }, { router: mapRouter(views) }, async (url) => {
      const lost = await send(`${url}/nowhere/`, { headers: { accept: 'text/html' } });
      assert.equal(lost.status, 404);
      assert.ok(!lost.body.includes('<h1>Lost</h1>'));
      assert.match(lost.body, /ok\//, 'the technical 404 lists the patterns tried');
      const crash = await send(`${url}/crash/`, { headers: { accept: 'text/html' } });
      assert.equal(crash.status, 500);
      assert.ok(!crash.body.includes('Our fault'));
      assert.match(crash.body, /cannot read the frobnicator/);
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
