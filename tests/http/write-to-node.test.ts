import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { FileResponse } from '../../src/http/file-response.ts';
import { HttpResponse } from '../../src/http/response.ts';
import { HttpResponseNotModified } from '../../src/http/response-subclasses.ts';
import { StreamingHttpResponse } from '../../src/http/streaming-response.ts';
import { withServer } from './fixtures/serve.ts';

const dir = mkdtempSync(join(tmpdir(), 'reinhardt-wtn-'));
const filePath = join(dir, 'data.txt');
writeFileSync(filePath, '0123456789'.repeat(10));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('writeToNode', () => {
  test('sends an in-memory response with its headers, cookies and Content-Length', async () => {
    await withServer(
      () => {
        const r = new HttpResponse('héllo', { status: 201, headers: { 'X-Custom': 'yes' } });
        r.setCookie('a', '1');
        r.setCookie('b', '2', { httpOnly: true });
        return r;
      },
      async (base) => {
        const r = await fetch(base);
        assert.equal(r.status, 201);
        assert.equal(r.headers.get('x-custom'), 'yes');
        assert.equal(r.headers.get('content-length'), String(Buffer.byteLength('héllo')));
        assert.deepEqual(r.headers.getSetCookie(), ['a=1; Path=/', 'b=2; HttpOnly; Path=/']);
        assert.equal(await r.text(), 'héllo');
      },
    );
  });

  test('string bodies go out in the charset they were set with, with the byte length', async () => {
    await withServer(
      (request) => {
        if (request.path === '/latin1') return new HttpResponse('café', { contentType: 'text/plain; charset=iso-8859-1' });
        if (request.path === '/later') {
          // Django encodes at assignment: changing the charset afterwards does not re-encode.
          const r = new HttpResponse('café', { contentType: 'text/plain; charset=utf-8' });
          r.charset = 'latin1';
          return r;
        }
        if (request.path === '/written') {
          const r = new HttpResponse('né');
          r.write(' et ');
          r.write(Buffer.from('fini'));
          return r;
        }
        if (request.path === '/bytes') return new HttpResponse(Buffer.from([0xff, 0x00, 0x41]), { contentType: 'application/octet-stream' });
        return new HttpResponse('');
      },
      async (base) => {
        const l = await fetch(`${base}/latin1`);
        assert.equal(l.headers.get('content-length'), '4');
        assert.deepEqual([...new Uint8Array(await l.arrayBuffer())], [0x63, 0x61, 0x66, 0xe9]);
        const later = await fetch(`${base}/later`);
        assert.equal(later.headers.get('content-length'), '5');
        assert.equal(await later.text(), 'café');
        const w = await fetch(`${base}/written`);
        assert.equal(w.headers.get('content-length'), String(Buffer.byteLength('né et fini')));
        assert.equal(await w.text(), 'né et fini');
        const b = await fetch(`${base}/bytes`);
        assert.deepEqual([...new Uint8Array(await b.arrayBuffer())], [0xff, 0x00, 0x41]);
        const empty = await fetch(`${base}/`);
        assert.equal(empty.headers.get('content-length'), '0');
        assert.equal(await empty.text(), '');
      },
    );
  });

  test('HEAD gets headers and no body; 304 gets no body', async () => {
    await withServer(
      (request) => (request.path === '/nm' ? new HttpResponseNotModified() : new HttpResponse('abc')),
      async (base) => {
        const h = await fetch(base, { method: 'HEAD' });
        assert.equal(h.headers.get('content-length'), '3');
        assert.equal(await h.text(), '');
        const nm = await fetch(`${base}/nm`);
        assert.equal(nm.status, 304);
      },
    );
  });

  test('streams async iterables chunk by chunk', async () => {
    await withServer(
      () => new StreamingHttpResponse((async function* () {
        for (let i = 0; i < 5; i++) yield `line ${i}\n`;
      })(), { contentType: 'text/plain' }),
      async (base) => {
        const r = await fetch(base);
        assert.equal(r.headers.get('transfer-encoding'), 'chunked');
        assert.equal(await r.text(), 'line 0\nline 1\nline 2\nline 3\nline 4\n');
      },
    );
  });

  test('waits for the client when it reads slowly (backpressure) and stops when it leaves', async () => {
    let produced = 0;
    let finished = false;
    const chunk = Buffer.alloc(64 * 1024, 97);
    await withServer(
      () => new StreamingHttpResponse((async function* () {
        try {
          for (let i = 0; i < 10_000; i++) {
            produced++;
            yield chunk;
          }
        } finally {
          finished = true;
        }
      })()),
      async (base) => {
        await new Promise<void>((resolve) => {
          const req = httpRequest(base, (res) => {
            res.pause();
            // Without backpressure the generator would run to 10,000 chunks (640 MB) at once.
            setTimeout(() => {
              assert.ok(produced < 200, `produced ${produced} chunks while the client was paused`);
              res.destroy();
              resolve();
            }, 200);
          });
          req.end();
        });
        for (let i = 0; i < 100 && !finished; i++) await new Promise((r) => setTimeout(r, 10));
        assert.equal(finished, true);
        assert.ok(produced < 10_000);
      },
    );
  });

  test('serves files whole and by byte range (206, 416)', async () => {
    await withServer(
      () => FileResponse.open(filePath),
      async (base) => {
        const whole = await fetch(base);
        assert.equal(whole.status, 200);
        assert.equal(whole.headers.get('content-type'), 'text/plain');
        assert.equal(whole.headers.get('accept-ranges'), 'bytes');
        assert.equal((await whole.text()).length, 100);
        const part = await fetch(base, { headers: { range: 'bytes=10-14' } });
        assert.equal(part.status, 206);
        assert.equal(part.headers.get('content-range'), 'bytes 10-14/100');
        assert.equal(await part.text(), '01234');
        const tail = await fetch(base, { headers: { range: 'bytes=-3' } });
        assert.equal(await tail.text(), '789');
        const bad = await fetch(base, { headers: { range: 'bytes=500-' } });
        assert.equal(bad.status, 416);
        assert.equal(bad.headers.get('content-range'), 'bytes */100');
        const stale = await fetch(base, { headers: { range: 'bytes=0-1', 'if-range': 'Mon, 01 Jan 2001 00:00:00 GMT' } });
        assert.equal(stale.status, 200);
      },
    );
  });

  test('serves buffers with ranges and attachments with disposition', async () => {
    await withServer(
      () => new FileResponse(Buffer.from('abcdef'), { filename: 'ü.txt', asAttachment: true }),
      async (base) => {
        const r = await fetch(base, { headers: { range: 'bytes=2-3' } });
        assert.equal(r.status, 206);
        assert.equal(await r.text(), 'cd');
        assert.equal(r.headers.get('content-disposition'), "attachment; filename*=utf-8''%C3%BC.txt");
        assert.equal(r.headers.get('content-length'), '2');
        const bad = await fetch(base, { headers: { range: 'bytes=50-' } });
        assert.equal(bad.status, 416);
        assert.equal(bad.headers.get('content-length'), '0');
        assert.equal(bad.headers.get('content-disposition'), null);
      },
    );
  });
});
