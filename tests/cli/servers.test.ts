import { test } from 'node:test';
// Each test starts real servers as subprocesses; bound them so a hang fails instead of stalling CI.
const TIMEOUT = { timeout: 120_000 };
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, reinhardt, tempDir } from './helpers.ts';

/** Start a long-running `reinhardt` command and wait for the URL in its banner. */
async function start(cwd: string, args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no server URL within 30 s; output:\n${out}`)), 30_000);
    const look = () => {
      const m = /(http:\/\/127\.0\.0\.1:\d+)(?=\D)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    child.on('exit', (code) => reject(new Error(`exited with ${code} before listening:\n${out}`)));
  });
  return { child, url, output: () => out };
}

async function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGINT'): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const done = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill(signal);
  return done;
}

/** Wait until `cond()` holds (the log line of a request is written after its response). */
async function waitUntil(cond: () => boolean, describe: () => string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`condition not met; output:\n${describe()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Poll `url` until `predicate(body)` holds or the deadline passes. */
async function waitFor(url: string, predicate: (body: string, status: number) => boolean, ms = 20_000): Promise<string> {
  const deadline = Date.now() + ms;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url);
      last = await r.text();
      if (predicate(last, r.status)) return last;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`condition not met for ${url}; last response:\n${last.slice(0, 500)}`);
}

test('runserver shows the welcome page, then a new app view after a save, without a restart by hand', TIMEOUT, async () => {
  const dir = tempDir();
  assert.equal(reinhardt(dir, ['startproject', 'mysite']).code, 0);
  const root = join(dir, 'mysite');
  const server = await start(root, ['runserver', '127.0.0.1:0']);
  try {
    const welcome = await waitFor(`${server.url}/`, (_b, s) => s === 200);
    assert.match(welcome, /the install worked/i);
    assert.match(server.output(), /Starting development server at http:\/\/127\.0\.0\.1:\d+\//);

    assert.equal(reinhardt(root, ['startapp', 'polls']).code, 0);
    const settingsFile = join(root, 'mysite', 'settings.ts');
    writeFileSync(settingsFile, readFileSync(settingsFile, 'utf8').replace('INSTALLED_APPS: []', "INSTALLED_APPS: ['./polls']"));
    writeFileSync(join(root, 'mysite', 'urls.ts'), `import { path, include } from 'reinhardt/urls';
import * as polls from '../polls/urls.ts';

export const urlpatterns = [path('polls/', include(polls))];
export default urlpatterns;
`);
    const page = await waitFor(`${server.url}/polls/`, (b, s) => s === 200 && b.includes('Hello from polls.'));
    assert.equal(page, 'Hello from polls.');
    await waitUntil(() => /"GET \/polls\/ HTTP\/1\.1" 200 \d+/.test(server.output()), () => server.output());

    writeFileSync(join(root, 'polls', 'views.ts'), readFileSync(join(root, 'polls', 'views.ts'), 'utf8').replace('Hello from polls.', 'Changed.'));
    await waitFor(`${server.url}/polls/`, (b) => b === 'Changed.');
  } finally {
    await stop(server.child);
  }
});

test('serve answers with several workers and exits cleanly on SIGTERM', TIMEOUT, async () => {
  const dir = tempDir();
  assert.equal(reinhardt(dir, ['startproject', 'mysite']).code, 0);
  const root = join(dir, 'mysite');
  writeFileSync(join(root, 'mysite', 'urls.ts'), `import { path } from 'reinhardt/urls';
import { JsonResponse } from 'reinhardt/http';

export const urlpatterns = [path('ping/', () => new JsonResponse({ pong: process.pid }))];
export default urlpatterns;
`);
  const server = await start(root, ['serve', '127.0.0.1:0', '--workers', '2']);
  try {
    const body = await waitFor(`${server.url}/ping/`, (_b, s) => s === 200);
    assert.ok(typeof (JSON.parse(body) as { pong: number }).pong === 'number');
    const missing = await fetch(`${server.url}/nope/`);
    assert.equal(missing.status, 404);
  } finally {
    assert.equal(await stop(server.child, 'SIGTERM'), 0);
  }
});

test('check reports template syntax errors with file and line, and URL pattern warnings', () => {
  const dir = tempDir();
  assert.equal(reinhardt(dir, ['startproject', 'mysite']).code, 0);
  const root = join(dir, 'mysite');
  assert.equal(reinhardt(root, ['startapp', 'polls']).code, 0);
  const settingsFile = join(root, 'mysite', 'settings.ts');
  writeFileSync(settingsFile, readFileSync(settingsFile, 'utf8').replace('INSTALLED_APPS: []', "INSTALLED_APPS: ['./polls']"));
  writeFileSync(join(root, 'polls', 'templates', 'polls', 'index.html'), '<ul>\n{% for q in questions %}\n<li>{{ q|lowr }}</li>\n{% endfor %}\n</ul>\n');
  writeFileSync(join(root, 'mysite', 'urls.ts'), `import { path } from 'reinhardt/urls';
import { HttpResponse } from 'reinhardt/http';

export const urlpatterns = [path('/polls/', () => new HttpResponse('x'))];
export default urlpatterns;
`);
  const r = reinhardt(root, ['check']);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /polls\/templates\/polls\/index\.html:3: \(templates\.E001\) .*lowr/);
  assert.match(r.stderr, /\(urls\.W002\)/);
});
