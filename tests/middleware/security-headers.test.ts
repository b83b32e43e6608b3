import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { ViewFunction } from '../../src/core/handlers/index.ts';
import { HttpResponse } from '../../src/http/index.ts';
import { SecurityMiddleware, XFrameOptionsMiddleware } from '../../src/middleware/index.ts';
import { mapRouter, send, withServer } from '../handlers/fixtures/test-server.ts';

const views: Record<string, ViewFunction> = {
  '': () => new HttpResponse('home'),
  'framed/': () => new HttpResponse('framed', { headers: { 'X-Frame-Options': 'SAMEORIGIN', 'Referrer-Policy': 'no-referrer' } }),
  'exempt/': () => Object.assign(new HttpResponse('exempt'), { xframeOptionsExempt: true }),
  'health/': () => new HttpResponse('ok'),
};
const router = mapRouter(views);
const stack = { middleware: [SecurityMiddleware, XFrameOptionsMiddleware], router };

describe('SecurityMiddleware', () => {
  test('adds nosniff, Referrer-Policy and Cross-Origin-Opener-Policy by default, and no HSTS over HTTP', async () => {
    await withServer({}, stack, async (url) => {
      const res = await send(`${url}/`);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['referrer-policy'], 'same-origin');
      assert.equal(res.headers['cross-origin-opener-policy'], 'same-origin');
      assert.equal(res.headers['strict-transport-security'], undefined);
      assert.equal((await send(`${url}/framed/`)).headers['referrer-policy'], 'no-referrer');
    });
  });

  test('adds HSTS to secure requests and omits the headers that are turned off', async () => {
    await withServer({
      SECURE_HSTS_SECONDS: 3600,
      SECURE_HSTS_INCLUDE_SUBDOMAINS: true,
      SECURE_HSTS_PRELOAD: true,
      SECURE_PROXY_SSL_HEADER: ['x-forwarded-proto', 'https'],
      SECURE_CONTENT_TYPE_NOSNIFF: false,
      SECURE_REFERRER_POLICY: null,
      SECURE_CROSS_ORIGIN_OPENER_POLICY: null,
    }, stack, async (url) => {
      const res = await send(`${url}/`, { headers: { 'x-forwarded-proto': 'https' } });
      assert.equal(res.headers['strict-transport-security'], 'max-age=3600; includeSubDomains; preload');
      assert.equal(res.headers['x-content-type-options'], undefined);
      assert.equal(res.headers['referrer-policy'], undefined);
      assert.equal(res.headers['cross-origin-opener-policy'], undefined);
    });
  });

  test('redirects plain HTTP to HTTPS except exempt paths', async () => {
    await withServer({ SECURE_SSL_REDIRECT: true, SECURE_REDIRECT_EXEMPT: ['^health/$'] }, stack, async (url) => {
      const res = await send(`${url}/framed/?a=1`, { headers: { host: 'localhost:8000' } });
      assert.equal(res.status, 301);
      assert.equal(res.headers.location, 'https://localhost:8000/framed/?a=1');
      assert.equal((await send(`${url}/health/`)).status, 200);
    });
    await withServer({ SECURE_SSL_REDIRECT: true, SECURE_SSL_HOST: 'secure.example.com' }, stack, async (url) => {
      assert.equal((await send(`${url}/`)).headers.location, 'https://secure.example.com/');
    });
  });
});

describe('XFrameOptionsMiddleware', () => {
  test('sends X-Frame-Options: DENY by default and respects the view and the exemption', async () => {
    await withServer({}, stack, async (url) => {
      assert.equal((await send(`${url}/`)).headers['x-frame-options'], 'DENY');
      assert.equal((await send(`${url}/framed/`)).headers['x-frame-options'], 'SAMEORIGIN');
      assert.equal((await send(`${url}/exempt/`)).headers['x-frame-options'], undefined);
      // Error pages are protected too.
      assert.equal((await send(`${url}/nowhere/`)).headers['x-frame-options'], 'DENY');
    });
  });

  test('uses the X_FRAME_OPTIONS setting', async () => {
    await withServer({ X_FRAME_OPTIONS: 'SAMEORIGIN' }, stack, async (url) => {
      assert.equal((await send(`${url}/`)).headers['x-frame-options'], 'SAMEORIGIN');
    });
  });
});
