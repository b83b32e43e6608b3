// HTTP throughput: Reinhardt (handler + the default middleware stack + our server) against raw
// node:http and Fastify, plaintext and JSON, in one run. Each server runs alone in a child
// process; autocannon drives it from this process. Goal: Reinhardt >= 0.85x raw node:http.
// The machine is shared, so targets are measured in interleaved rounds and each keeps its best
// round: a burst of load from elsewhere then hurts one round, not one contender.
// Run: node --import tsx bench/http.ts [seconds per round, default 2] [rounds, default 4]
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

interface AutocannonResult {
  requests: { average: number };
  latency: { average: number; p99: number };
  non2xx: number;
  errors: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const SECONDS = Number(process.argv[2] ?? 2);
const ROUNDS = Number(process.argv[3] ?? 4);
const TARGETS = ['raw', 'reinhardt', 'fastify'] as const;
// BENCH_HTTP_HEADERS=1 adds 'raw+headers': raw node:http sending the same headers as Reinhardt's
// default stack, to show what those headers cost inside node itself.
const EXTRA = process.env['BENCH_HTTP_HEADERS'] ? (['raw+headers'] as const) : ([] as const);
const PATHS = ['/plaintext', '/json'] as const;
const script = fileURLToPath(new URL('./_http-targets.ts', import.meta.url));

function startTarget(name: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, name], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve({ child, port: Number(out.trim()) });
    });
    child.once('exit', (code) => reject(new Error(`${name} server exited with ${code}`)));
  });
}

function serverCpu(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(Number(m)));
    child.send('cpu');
  });
}

interface Measurement extends AutocannonResult {
  /** Server CPU microseconds per request. */
  cpuPerRequest: number;
}

async function measure(child: ChildProcess, port: number, path: string, seconds: number): Promise<Measurement> {
  const before = await serverCpu(child);
  const r = await autocannon({ url: `http://127.0.0.1:${port}${path}`, connections: 50, pipelining: 1, duration: seconds });
  const after = await serverCpu(child);
  return { ...r, cpuPerRequest: (after - before) / (r.requests.average * seconds) };
}

const servers = await Promise.all([...TARGETS, ...EXTRA].map(async (t) => [t, await startTarget(t)] as const));
const results: Record<string, Record<string, Measurement>> = {};
try {
  for (const [, { child, port }] of servers) for (const path of PATHS) await measure(child, port, path, 1); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const path of PATHS) {
      for (const [target, { child, port }] of servers) {
        const r = await measure(child, port, path, SECONDS);
        if (r.non2xx || r.errors) throw new Error(`${target} ${path}: ${r.non2xx} non-2xx responses, ${r.errors} errors`);
        const best = (results[target] ??= {})[path];
        if (!best || r.requests.average > best.requests.average) results[target]![path] = { ...r, cpuPerRequest: Math.min(r.cpuPerRequest, best?.cpuPerRequest ?? Infinity) };
        else best.cpuPerRequest = Math.min(best.cpuPerRequest, r.cpuPerRequest);
      }
    }
  }
} finally {
  for (const [, { child }] of servers) child.kill();
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const row = (cells: string[], widths: number[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('');
const widths = [12, 15, 12, 12, 16, 19];
const head = ['endpoint', 'raw node:http', 'reinhardt', 'fastify', 'reinhardt/raw', 'reinhardt/fastify'];
console.log(`\nHTTP throughput: best of ${ROUNDS} interleaved rounds of ${SECONDS} s, 50 connections, server and autocannon in separate processes`);
console.log('\nrequests per second (higher is better)');
console.log(row(head, widths));
for (const path of PATHS) {
  const [raw, rh, fy] = TARGETS.map((t) => results[t]![path]!.requests.average) as [number, number, number];
  console.log(row([path, fmt(raw), fmt(rh), fmt(fy), `${(rh / raw).toFixed(2)}x`, `${(rh / fy).toFixed(2)}x`], widths));
}
console.log('\nserver CPU time per request in microseconds (lower is better; steady when the machine is busy)');
console.log(row(['endpoint', 'raw node:http', 'reinhardt', 'fastify', 'raw/reinhardt', 'fastify/reinhardt'], widths));
for (const path of PATHS) {
  const [raw, rh, fy] = TARGETS.map((t) => results[t]![path]!.cpuPerRequest) as [number, number, number];
  console.log(row([path, raw.toFixed(1), rh.toFixed(1), fy.toFixed(1), `${(raw / rh).toFixed(2)}x`, `${(fy / rh).toFixed(2)}x`], widths));
}
for (const extra of EXTRA) {
  for (const path of PATHS) {
    const r = results[extra]![path]!;
    console.log(`${extra} ${path}: ${fmt(r.requests.average)} req/s (${(r.requests.average / results['raw']![path]!.requests.average).toFixed(2)}x raw), ${r.cpuPerRequest.toFixed(1)} us CPU per request`);
  }
}
console.log('\nreinhardt = BaseHandler + SecurityMiddleware, CommonMiddleware, XFrameOptionsMiddleware + startHttpServer.');
console.log('Goal: reinhardt >= 0.85x raw node:http (ratios are reinhardt relative to each peer: above 1 = faster).');
