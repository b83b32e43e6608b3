// Benchmark: the per-request cost of HttpRequest.fromNode + writeToNode (+ resolve) against a
// raw node:http handler. Run: node --import tsx bench/http-primitives.ts
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { configure } from '../dist/conf/index.js';
import { HttpRequest } from '../dist/http/request.js';
import { HttpResponse } from '../dist/http/response.js';
import { writeToNode } from '../dist/http/write-to-node.js';
import { path } from '../dist/urls/conf.js';
import { resolve, setUrlconf } from '../dist/urls/base.js';

type Autocannon = (o: { url: string; connections: number; pipelining?: number; duration: number }) => Promise<{
  requests: { average: number };
  errors: number;
  non2xx: number;
}>;
// autocannon ships no type declarations; this is the little of it used here.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

configure({ DEBUG: false, ALLOWED_HOSTS: ['*'], SECRET_KEY: 'bench' });
const BODY = 'Hello, World!';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);

setUrlconf([
  path('', () => new HttpResponse('home')),
  path('articles/<int:year>/', (_r, { year }) => new HttpResponse(String(year))),
  path('hello/', () => new HttpResponse(BODY, { contentType: 'text/plain' })),
]);

const raw: RequestListener = (_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(BODY) });
  res.end(BODY);
};

const primitives: RequestListener = (req, res) => {
  const request = HttpRequest.fromNode(req);
  writeToNode(new HttpResponse(BODY, { contentType: 'text/plain' }), res, request);
};

const routed: RequestListener = async (req, res) => {
  const request = HttpRequest.fromNode(req);
  const match = resolve(request.pathInfo);
  const response = await match.func(request, match.kwargs);
  writeToNode(response, res, request);
};

const variants: Record<string, RequestListener> = { raw, primitives, routed };

// The server runs in a child process so autocannon does not share its event loop.
if (process.argv[2] === 'serve') {
  const server = createServer(variants[process.argv[3]!]!);
  server.listen(0, '127.0.0.1', () => process.send!((server.address() as AddressInfo).port));
} else {
  await main();
}

async function measure(name: string, variant: string, url = '/hello/'): Promise<number> {
  const child = fork(new URL(import.meta.url).pathname, ['serve', variant], { execArgv: ['--import', 'tsx'] });
  const port = await new Promise<number>((r) => child.once('message', (m) => r(m as number)));
  await autocannon({ url: `http://127.0.0.1:${port}${url}`, connections: 50, duration: 1 });
  const result = await autocannon({ url: `http://127.0.0.1:${port}${url}`, connections: 50, pipelining: 1, duration: SECONDS });
  child.kill();
  const rps = result.requests.average;
  console.log(`${name.padEnd(34)} ${rps.toFixed(0).padStart(8)} req/s  (errors ${result.errors + result.non2xx})`);
  return rps;
}

function opsPerSec(fn: () => unknown, n = 300_000): number {
  for (let i = 0; i < n / 5; i++) fn();
  const t = performance.now();
  for (let i = 0; i < n; i++) fn();
  return (n / (performance.now() - t)) * 1000;
}

function micro(): void {
  console.log('--- in-process cost per call (immune to other load on the machine only in part) ---');
  const rows: [string, () => unknown][] = [
    ['new HttpRequest (GET, query unparsed)', () => new HttpRequest({ url: '/articles/2024/?page=2', headers: { host: 'x' } })],
    ['resolve static route', () => resolve('/hello/')],
    ['resolve <int:year> route', () => resolve('/articles/2024/')],
    ['new HttpResponse(text)', () => new HttpResponse(BODY, { contentType: 'text/plain' })],
  ];
  for (const [name, fn] of rows) {
    const ops = opsPerSec(fn);
    console.log(`${name.padEnd(40)} ${(ops / 1e6).toFixed(2).padStart(6)} M ops/s  (${(1e9 / ops).toFixed(0)} ns)`);
  }
}

async function main(): Promise<void> {
  micro();
  // The machine is shared: interleave the contenders over rounds and keep each one's best.
  const best: Record<string, number> = { raw: 0, primitives: 0, routed: 0 };
  const labels: Record<string, string> = {
    raw: 'raw node:http',
    primitives: 'fromNode + writeToNode',
    routed: 'fromNode + resolve + writeToNode',
  };
  for (let round = 0; round < 3; round++) {
    for (const v of Object.keys(best)) best[v] = Math.max(best[v]!, await measure(labels[v]!, v));
  }
  console.log('--- best of 3 rounds ---');
  for (const v of Object.keys(best)) console.log(`${labels[v]!.padEnd(34)} ${best[v]!.toFixed(0).padStart(8)} req/s`);
  console.log(`ratio fromNode+writeToNode / raw: ${(best['primitives']! / best['raw']!).toFixed(2)}x`);
  console.log(`ratio with resolve / raw:        ${(best['routed']! / best['raw']!).toFixed(2)}x`);
}
