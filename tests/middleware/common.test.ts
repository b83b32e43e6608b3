import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { ViewFunction } from '../../src/core/handlers/index.ts';
import { HttpResponse } from '../../src/http/index.ts';
import { CommonMiddleware } from '../../src/middleware/index.ts';
import { mapRouter, send, withServer } from '../handlers/fixtures/test-server.ts';

const noSlash: ViewFunction = Object.assign(() => new HttpResponse('no slash please'), { shouldAppendSlash: false });
const views: Record<string, ViewFunction> = {
  'polls/': () => new HttpResponse('polls'),
  'exact': () => new HttpResponse('exact'),
  'api/': noSlash,
};
const options = { middleware: [CommonMiddleware], router: mapRouter(views) };

describe('CommonMiddleware', () => {
  test('redirects to the slashed path only when it resolves (APPEND_SLASH)', async () => {
    await withServer({}, options, async (url) => {
      const res = await send(`${url}/polls?page=2`);
      assert.equal(res.status, 301);
      assert.equal(res.headers.location, '/polls/?page=2');
      assert.equal((await send(`${url}/exact`)).status, 200);
      assert.equal((await send(`${url}/missing`)).status, 404);
      assert.equal((await send(`${url}/api`)).status, 404, 'a view can opt out with shouldAppendSlash = false');
    });
    await withServer({ APPEND_SLASH: false }, options, async (url) => {
      assert.equal((await send(`${url}/polls`)).status, 404);
    });
  });

  test('refuses to redirect a POST in DEBUG and says why', async () => {
    await withServer({ DEBUG: true }, options, async (url) => {
      const res = await send(`${url}/polls`, { method: 'POST', headers: { accept: 'text/plain' } });
      assert.equal(res.status, 500);
      assert.match(res.body, /You called this URL via POST, but the URL doesn't end in a slash/);
    });
  });

  test('redirects to www. with PREPEND_WWW', async () => {
    await withServer({ PREPEND_WWW: true, ALLOWED_HOSTS: ['.example.com'] }, options, async (url) => {
      const res = await send(`${url}/polls/?x=1`, { headers: { host: 'example.com' } });
      assert.equal(res.status, 301);
      assert.equal(res.headers.location, 'http://www.example.com/polls/?x=1');
      assert.equal((await send(`${url}/polls/`, { headers: { host: 'www.example.com' } })).status, 200);
    });
  });

  test('answers 403 to DISALLOWED_USER_AGENTS and 400 to a host outside ALLOWED_HOSTS', async () => {
    await withServer({ DISALLOWED_USER_AGENTS: ['^BadBot'] }, options, async (url) => {
      assert.equal((await send(`${url}/polls/`, { headers: { 'user-agent': 'BadBot/1.0' } })).status, 403);
      assert.equal((await send(`${url}/polls/`, { headers: { 'user-agent': 'GoodBrowser' } })).status, 200);
      assert.equal((await send(`${url}/polls/`, { headers: { host: 'attacker.test' } })).status, 400);
    });
  });
});
