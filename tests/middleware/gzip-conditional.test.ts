import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import type { ViewFunction } from '../../src/core/handlers/index.ts';
import { HttpResponse } from '../../src/http/index.ts';
import { StreamingHttpResponse } from '../../src/http/streaming-response.ts';
import { ConditionalGetMiddleware, GZipMiddleware } from '../../src/middleware/index.ts';
import { mapRouter, send, withServer } from '../handlers/fixtures/test-server.ts';

const big = 'Reinhardt compresses repetitive pages well. '.repeat(100);
const views: Record<string, ViewFunction> = {
  'big/': () => new HttpResponse(big, { headers: { ETag: '"v1"' } }),
  'small/': () => new HttpResponse('tiny'),
  'stream/': () => new StreamingHttpResponse((async function* () {
    for (let i = 0; i < 5; i++) yield Buffer.from(big);
  })()),
  'dated/': () => new HttpResponse('dated', { headers: { 'Last-Modified': 'Tue, 24 Nov 2026 04:00:00 GMT' } }),
};

function rawGet(url: string, headers: Record<string, string>): Promise<{ headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  });
}

describe('GZipMiddleware', () => {
  test('compresses large bodies for gzip clients, weakens the ETag, and varies on Accept-Encoding', async () => {
    await withServer({}, { middleware: [GZipMiddleware], router: mapRouter(views) }, async (url) => {
      const res = await rawGet(`${url}/big/`, { 'accept-encoding': 'gzip, br' });
      assert.equal(res.headers['content-encoding'], 'gzip');
      assert.equal(res.headers.vary, 'Accept-Encoding');
      assert.equal(res.headers.etag, 'W/"v1"');
      assert.ok(res.body.length < big.length / 5);
      assert.equal(gunzipSync(res.body).toString(), big);
      const streamed = await rawGet(`${url}/stream/`, { 'accept-encoding': 'gzip' });
      assert.equal(streamed.headers['content-encoding'], 'gzip');
      assert.equal(gunzipSync(streamed.body).toString(), big.repeat(5));
      const plain = await rawGet(`${url}/big/`, {});
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.equal((await rawGet(`${url}/small/`, { 'accept-encoding': 'gzip' })).headers['content-encoding'], undefined);
    });
  });
});

describe('ConditionalGetMiddleware', () => {
  test('adds an ETag and answers 304 when If-None-Match or If-Modified-Since says the copy is current', async () => {
    await withServer({}, { middleware: [ConditionalGetMiddleware], router: mapRouter(views) }, async (url) => {
      const first = await send(`${url}/small/`);
      const etag = first.headers.etag as string;
      assert.match(etag, /^"[0-9a-f]{32}"$/);
      const again = await send(`${url}/small/`, { headers: { 'if-none-match': etag } });
      assert.equal(again.status, 304);
      assert.equal(again.body, '');
      assert.equal(again.headers.etag, etag);
      assert.equal((await send(`${url}/small/`, { headers: { 'if-none-match': '"other"' } })).status, 200);
      assert.equal((await send(`${url}/dated/`, { headers: { 'if-modified-since': 'Tue, 24 Nov 2026 05:00:00 GMT' } })).status, 304);
      assert.equal((await send(`${url}/dated/`, { headers: { 'if-modified-since': 'Tue, 24 Nov 2026 03:00:00 GMT' } })).status, 200);
    });
  });
});
