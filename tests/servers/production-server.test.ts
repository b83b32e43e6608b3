import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve, startHttpServer } from '../../src/core/servers/index.ts';
import { get, spawnScript } from './fixtures/helpers.ts';

const helloApp = new URL('./fixtures/hello-app.ts', import.meta.url).href;
const serveMain = fileURLToPath(new URL('./fixtures/serve-main.ts', import.meta.url));

/** Send raw bytes and collect everything the server answers until it closes the socket. */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let out = '';
    socket.on('data', (d) => (out += d.toString()));
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
  });
}

describe('startHttpServer', () => {
  test('finishes an in-flight request on shutdown and answers it with Connection: close', async () => {
    const running = await startHttpServer((req, res) => {
      setTimeout(() => res.end('done'), 200);
    }, { port: 0 });
    const pending = get(`${running.url}/slow`);
    await new Promise((r) => setTimeout(r, 50));
    const closed = running.shutdown();
    const res = await pending;
    assert.equal(res.status, 200);
    assert.equal(res.body, 'done');
    assert.equal(res.headers.connection, 'close');
    await closed;
    await assert.rejects(get(`${running.url}/`), /ECONNREFUSED/);
  });

  test('closes idle keep-alive connections at shutdown', async () => {
    const running = await startHttpServer((_req, res) => res.end('ok'), { port: 0 });
    const socket = connect(running.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((r) => socket.once('data', r));
    const closedSocket = new Promise((r) => socket.once('close', r));
    await running.shutdown();
    await closedSocket;
  });

  test('keeps serving after a listener throws or rejects', async () => {
    const errors: string[] = [];
    const running = await startHttpServer((req, res) => {
      if (req.url === '/throw') throw new Error('boom');
      if (req.url === '/reject') return Promise.reject(new Error('async boom')) as unknown as void;
      res.end('fine');
    }, { port: 0, onError: (err) => errors.push((err as Error).message) });
    try {
      assert.equal((await get(`${running.url}/throw`)).status, 500);
      assert.equal((await get(`${running.url}/reject`)).status, 500);
      assert.equal((await get(`${running.url}/`)).body, 'fine');
      assert.deepEqual(errors, ['boom', 'async boom']);
    } finally {
      await running.shutdown();
    }
  });

  test('answers a malformed request line with 400 and an explanation in debug', async () => {
    const running = await startHttpServer((_req, res) => res.end('fine'), { port: 0, debug: true });
    try {
      const answer = await raw(running.port, 'GARBAGE\r\n\r\n');
      assert.match(answer, /^HTTP\/1.1 400 Bad Request/);
      assert.match(answer, /HTTP parser rejected the request/);
      const header = await raw(running.port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
      assert.match(header, /^HTTP\/1.1 431/);
      assert.equal((await get(`${running.url}/`)).body, 'fine');
    } finally {
      await running.shutdown();
    }
  });

  test('hides the parser error without debug', async () => {
    const running = await startHttpServer((_req, res) => res.end('fine'), { port: 0 });
    try {
      const answer = await raw(running.port, 'GARBAGE\r\n\r\n');
      assert.match(answer, /^HTTP\/1.1 400 Bad Request/);
      assert.doesNotMatch(answer, /HPE_/);
    } finally {
      await running.shutdown();
    }
  });

  test('applies the configured timeouts to the node server', async () => {
    const running = await startHttpServer((_req, res) => res.end(), {
      port: 0,
      timeouts: { headers: 1000, request: 2000, keepAlive: 700, idle: 3000 },
    });
    assert.equal(running.server.headersTimeout, 1000);
    assert.equal(running.server.requestTimeout, 2000);
    assert.equal(running.server.keepAliveTimeout, 700);
    assert.equal(running.server.timeout, 3000);
    await running.shutdown();
  });
});

describe('serve', () => {
  test('serves an app module in process and closes gracefully', async () => {
    const lines: string[] = [];
    const handle = await serve({ port: 0, app: helloApp, handleSignals: false, log: (l) => lines.push(l) });
    try {
      assert.match((await get(`${handle.url}/`)).body, /^hello \d+$/);
      assert.match(lines[0]!, /Reinhardt serving http:\/\/127\.0\.0\.1:\d+/);
    } finally {
      await handle.close();
    }
  });

  test('runs cluster workers and finishes an in-flight request on SIGTERM', async () => {
    const proc = await spawnScript(serveMain, ['2']);
    const url = proc.info.url as string;
    const pids = new Set<string>();
    for (let i = 0; i < 8 && pids.size < 2; i++) pids.add((await get(`${url}/`)).body);
    assert.equal(pids.size, 2, 'requests are spread over two worker processes');
    const slow = get(`${url}/slow?ms=600`);
    await new Promise((r) => setTimeout(r, 150));
    proc.child.kill('SIGTERM');
    const res = await slow;
    assert.equal(res.status, 200);
    assert.match(res.body, /^slow done/);
    assert.equal(await proc.exited, 0);
    assert.match(proc.output(), /finishing in-flight requests/);
  });
});
