import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import { HttpResponse } from '../../src/http/response.ts';
import { JsonResponse } from '../../src/http/json-response.ts';
import { TemporaryUploadedFile } from '../../src/http/uploaded-file.ts';
import { rawRequest, withServer } from './fixtures/serve.ts';
import { withSettings } from './fixtures/settings.ts';

describe('request bodies over a real socket', () => {
  test('json() parses a JSON body', async () => {
    await withServer(
      async (request) => new JsonResponse({ got: await request.json(), isJson: request.isJson() }),
      async (base) => {
        const r = await fetch(`${base}/api/`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ title: 'héllo', n: 3 }),
        });
        assert.equal(r.status, 200);
        assert.deepEqual(await r.json(), { got: { title: 'héllo', n: 3 }, isJson: true });
      },
    );
  });

  test('malformed JSON is a 400 with a clear message', async () => {
    await withServer(
      async (request) => new JsonResponse({ got: await request.json() }),
      async (base) => {
        const r = await fetch(base, { method: 'POST', body: '{"a": ', headers: { 'content-type': 'application/json' } });
        assert.equal(r.status, 400);
        assert.match(await r.text(), /Malformed JSON in request body/);
        const empty = await fetch(base, { method: 'POST', body: '' });
        assert.equal(empty.status, 400);
        assert.match(await empty.text(), /body is empty/);
      },
    );
  });

  test('data() returns JSON for JSON bodies and form fields for forms', async () => {
    await withServer(
      async (request) => new JsonResponse({ data: await request.data() }),
      async (base) => {
        const a = await fetch(base, { method: 'POST', body: '[1,2]', headers: { 'content-type': 'application/vnd.api+json' } });
        assert.deepEqual(await a.json(), { data: [1, 2] });
        const b = await fetch(base, { method: 'POST', body: new URLSearchParams({ x: '1' }) });
        assert.deepEqual(await b.json(), { data: { x: '1' } });
      },
    );
  });

  test('post() parses urlencoded forms with repeated keys', async () => {
    await withServer(
      async (request) => {
        const post = await request.post();
        await request.loadBody();
        return new JsonResponse({ tags: post.getlist('tag'), title: request.POST.get('title') });
      },
      async (base) => {
        const r = await fetch(base, { method: 'POST', body: 'title=a+b%C3%A9&tag=x&tag=y', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        assert.deepEqual(await r.json(), { tags: ['x', 'y'], title: 'a bé' });
      },
    );
  });

  test('post() of a JSON body is empty, as in Django', async () => {
    await withServer(
      async (request) => new JsonResponse({ n: (await request.post()).size }),
      async (base) => {
        const r = await fetch(base, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
        assert.deepEqual(await r.json(), { n: 0 });
      },
    );
  });

  test('bad percent-encoding in a form body is a 400', async () => {
    await withServer(
      async (request) => new JsonResponse((await request.post()).dict()),
      async (base) => {
        const r = await fetch(base, { method: 'POST', body: 'a=%E9%ZZ', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        assert.equal(r.status, 400);
        assert.match(await r.text(), /Malformed percent-encoding/);
      },
    );
  });

  test('bad percent-encoding in the query string is a 400 when GET is read', async () => {
    await withServer(
      (request) => new JsonResponse(request.GET.dict()),
      async (base) => {
        const r = await fetch(`${base}/?q=%ZZ`);
        assert.equal(r.status, 400);
        const ok = await fetch(`${base}/?q=caf%C3%A9&q=2`);
        assert.deepEqual(await ok.json(), { q: '2' });
      },
    );
  });

  test('a body over DATA_UPLOAD_MAX_MEMORY_SIZE is a 413 and the server keeps serving', async () => {
    await withSettings({ DATA_UPLOAD_MAX_MEMORY_SIZE: 100 }, () =>
      withServer(
        async (request) => new HttpResponse(`len=${(await request.body()).length}`),
        async (base) => {
          const big = await fetch(base, { method: 'POST', body: 'x'.repeat(5000) });
          assert.equal(big.status, 413);
          assert.match(await big.text(), /DATA_UPLOAD_MAX_MEMORY_SIZE/);
          const ok = await fetch(base, { method: 'POST', body: 'x'.repeat(100) });
          assert.equal(await ok.text(), 'len=100');
        },
      ),
    );
  });

  test('a chunked body without Content-Length is also capped', async () => {
    await withServer(
      async (request) => new HttpResponse(`len=${(await request.body()).length}`),
      async (base) => {
        const stream = new ReadableStream({
          start(c) {
            for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode('y'.repeat(50)));
            c.close();
          },
        });
        const r = await fetch(base, { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
        assert.equal(r.status, 413);
      },
      { maxBodySize: 120 },
    );
  });

  test('too many fields is a 400 (TooManyFieldsSent)', async () => {
    await withSettings({ DATA_UPLOAD_MAX_NUMBER_FIELDS: 3 }, () =>
      withServer(
        async (request) => new JsonResponse((await request.post()).dict()),
        async (base) => {
          const r = await fetch(base, { method: 'POST', body: new URLSearchParams('a=1&b=2&c=3&d=4') });
          assert.equal(r.status, 400);
          assert.match(await r.text(), /DATA_UPLOAD_MAX_NUMBER_FIELDS/);
          const q = await fetch(`${base}/?a=1&b=2&c=3&d=4`, { method: 'POST', body: '' });
          assert.equal(q.status, 200);
          const fd = new FormData();
          for (const k of ['a', 'b', 'c', 'd']) fd.append(k, '1');
          const m = await fetch(base, { method: 'POST', body: fd });
          assert.equal(m.status, 400);
          assert.match(await m.text(), /TooManyFieldsSent|too_many_fields/);
        },
      ),
    );
  });
});

describe('multipart uploads over a real socket', () => {
  test('fields and small files are parsed; files stay in memory', async () => {
    await withServer(
      async (request) => {
        const [post, files] = [await request.post(), await request.files()];
        const f = files.getlist('doc')[0]!;
        return new JsonResponse({
          title: post.get('title'),
          name: f.name,
          size: f.size,
          type: f.contentType,
          text: await f.text(),
          temp: f instanceof TemporaryUploadedFile,
          all: files.getlist('doc').length,
        });
      },
      async (base) => {
        const fd = new FormData();
        fd.append('title', 'Report é');
        fd.append('doc', new Blob(['hello file'], { type: 'text/plain' }), 'C:\\Users\\me\\notes.txt');
        fd.append('doc', new Blob(['second']), 'two.bin');
        const r = await fetch(base, { method: 'POST', body: fd });
        assert.deepEqual(await r.json(), {
          title: 'Report é', name: 'notes.txt', size: 10, type: 'text/plain', text: 'hello file', temp: false, all: 2,
        });
      },
    );
  });

  test('a file over FILE_UPLOAD_MAX_MEMORY_SIZE goes to a temporary file, deleted after the response', async () => {
    let tempPath = '';
    const payload = Buffer.alloc(300_000, 7);
    await withServer(
      async (request) => {
        const f = (await request.files()).get('big')!;
        assert.ok(f instanceof TemporaryUploadedFile);
        tempPath = f.temporaryFilePath();
        assert.ok(existsSync(tempPath));
        const data = await f.read();
        let chunks = 0;
        for await (const c of f.chunks(100_000)) chunks += c.length > 0 ? 1 : 0;
        return new JsonResponse({ size: f.size, equal: data.equals(payload), chunks: chunks >= 3 });
      },
      async (base) => {
        const fd = new FormData();
        fd.append('big', new Blob([payload]), 'big.bin');
        const r = await fetch(base, { method: 'POST', body: fd });
        assert.deepEqual(await r.json(), { size: 300_000, equal: true, chunks: true });
        // the close runs on 'finish'; give the event loop a turn to run the unlink
        for (let i = 0; i < 50 && existsSync(tempPath); i++) await new Promise((res) => setTimeout(res, 10));
        assert.equal(existsSync(tempPath), false);
      },
      { fileMemoryLimit: 1000 },
    );
  });

  test('too many files is a 400 (TooManyFilesSent)', async () => {
    await withSettings({ DATA_UPLOAD_MAX_NUMBER_FILES: 2 }, () =>
      withServer(
        async (request) => new JsonResponse({ n: (await request.files()).size }),
        async (base) => {
          const fd = new FormData();
          for (let i = 0; i < 3; i++) fd.append(`f${i}`, new Blob(['x']), `f${i}.txt`);
          const r = await fetch(base, { method: 'POST', body: fd });
          assert.equal(r.status, 400);
          assert.match(await r.text(), /DATA_UPLOAD_MAX_NUMBER_FILES/);
        },
      ),
    );
  });

  test('non-file fields over DATA_UPLOAD_MAX_MEMORY_SIZE are a 413; files do not count', async () => {
    await withServer(
      async (request) => new JsonResponse({ n: (await request.post()).size }),
      async (base) => {
        const fd = new FormData();
        fd.append('a', 'z'.repeat(500));
        const r = await fetch(base, { method: 'POST', body: fd });
        assert.equal(r.status, 413);
        const ok = new FormData();
        ok.append('a', 'z');
        ok.append('f', new Blob(['q'.repeat(5000)]), 'f.txt');
        const r2 = await fetch(base, { method: 'POST', body: ok });
        assert.deepEqual(await r2.json(), { n: 1 });
      },
      { maxBodySize: 200 },
    );
  });

  test('malformed multipart is a 400, not a crash', async () => {
    await withServer(
      async (request) => new JsonResponse({ n: (await request.post()).size }),
      async (base) => {
        const noBoundary = await fetch(base, { method: 'POST', body: 'junk', headers: { 'content-type': 'multipart/form-data' } });
        assert.equal(noBoundary.status, 400);
        assert.match(await noBoundary.text(), /multipart/i);
        const truncated = await fetch(base, {
          method: 'POST',
          body: '--XX\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue-without-end',
          headers: { 'content-type': 'multipart/form-data; boundary=XX' },
        });
        assert.equal(truncated.status, 400);
        const ok = await fetch(`${base}/`);
        assert.equal(ok.status, 200);
      },
    );
  });

  test('a client that disconnects mid-upload does not leave the parse hanging or temp files behind', async () => {
    let settle!: (v: string) => void;
    const outcome = new Promise<string>((r) => (settle = r));
    await withServer(
      async (request) => {
        try {
          await request.files();
          settle('parsed');
        } catch (err) {
          settle(`rejected: ${(err as Error).message}`);
        }
        return new HttpResponse('');
      },
      async (base) => {
        const { connect } = await import('node:net');
        const url = new URL(base);
        const head =
          'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=XX\r\nContent-Length: 1000000\r\n\r\n' +
          '--XX\r\nContent-Disposition: form-data; name="f"; filename="a.bin"\r\n\r\n';
        const sock = connect(Number(url.port), url.hostname, () => {
          sock.write(head + 'x'.repeat(5000), () => setTimeout(() => sock.destroy(), 50));
        });
        sock.on('error', () => {});
        assert.match(await outcome, /^rejected/);
        const ok = await fetch(base);
        assert.equal(ok.status, 200);
      },
      { fileMemoryLimit: 100 },
    );
  });

  test('a request line with broken percent-encoding in the path still gets an answer', async () => {
    await withServer(
      (request) => new HttpResponse(request.path),
      async (base) => {
        const r = await fetch(`${base}/bad%E9%ZZ/caf%C3%A9`);
        assert.equal(r.status, 200);
        assert.equal(await r.text(), '/bad%E9%ZZ/café');
        const raw = await rawRequest(base, 'GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
        assert.match(raw, /^HTTP\/1.1 200/);
      },
    );
  });
});
