import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatRequestLogLine } from '../../src/core/servers/index.ts';
import { get, spawnScript, waitFor } from './fixtures/helpers.ts';

const devMain = fileURLToPath(new URL('./fixtures/dev-main.ts', import.meta.url));
const devProjectMain = fileURLToPath(new URL('./fixtures/dev-project-main.ts', import.meta.url));
const src = fileURLToPath(new URL('../../src/', import.meta.url));

function appSource(text: string): string {
  return `export default () => (req, res) => { res.setHeader('content-type', 'text/plain'); res.end(${JSON.stringify(text)}); };\n`;
}

describe('runDevServer', () => {
  test('reloads on a file change, logs each request, and survives a broken project', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'reinhardt-dev-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const appFile = join(dir, 'app.mjs');
    writeFileSync(appFile, appSource('version one'));
    const proc = await spawnScript(devMain, [dir, appFile]);
    t.after(() => proc.child.kill('SIGTERM'));
    const url = proc.info.url as string;

    // The first request may arrive before the child is ready: it waits instead of failing.
    assert.equal((await get(`${url}/`)).body, 'version one');
    assert.match(proc.output(), /Starting development server at http:\/\/127\.0\.0\.1:\d+\//);
    await waitFor('the request log line', () => /\[\d\d\/\w{3}\/\d{4} [\d:]{8}\] "GET \/ HTTP\/1\.1" 200 11/.test(proc.output()));

    writeFileSync(appFile, appSource('version two'));
    await waitFor('the new response', async () => (await get(`${url}/`)).body === 'version two');
    assert.match(proc.output(), /app\.mjs changed, reloading/);

    writeFileSync(appFile, 'export default () => { throw new Error("import-time failure"); };\n');
    await waitFor('the error page', async () => (await get(`${url}/`)).status === 500);
    const page = await get(`${url}/`);
    assert.match(page.body, /import-time failure/);
    assert.match(proc.output(), /Error while loading the project/);

    writeFileSync(appFile, appSource('version three'));
    await waitFor('the fixed project', async () => (await get(`${url}/`)).body === 'version three');
    proc.child.kill('SIGTERM');
    assert.equal(await proc.exited, 0);
  });
});

describe('runDevServer on a project', () => {
  test('shows the welcome page for an empty URLconf, then serves the new route after an edit', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'reinhardt-project-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'mysite'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'mysite', type: 'module', private: true }));
    writeFileSync(join(dir, 'mysite', 'settings.ts'), [
      `import { defineSettings } from '${src}conf/index.ts';`,
      `import { SecurityMiddleware, CommonMiddleware, XFrameOptionsMiddleware } from '${src}middleware/index.ts';`,
      `export default defineSettings({`,
      `  BASE_DIR: ${JSON.stringify(dir)}, DEBUG: true, SECRET_KEY: 'dev',`,
      `  MIDDLEWARE: [SecurityMiddleware, CommonMiddleware, XFrameOptionsMiddleware] as never[],`,
      `  ROOT_URLCONF: './mysite/urls.ts',`,
      `});`,
    ].join('\n'));
    const urls = join(dir, 'mysite', 'urls.ts');
    writeFileSync(urls, 'export const urlpatterns = [];\n');
    const proc = await spawnScript(devProjectMain, [dir]);
    t.after(() => proc.child.kill('SIGTERM'));
    const url = proc.info.url as string;

    const welcome = await get(`${url}/`);
    assert.equal(welcome.status, 200);
    assert.match(welcome.body, /The install worked\./);
    assert.equal(welcome.headers['x-frame-options'], 'DENY');
    assert.match(proc.output(), /using settings '\.\/mysite\/settings\.ts'/);

    writeFileSync(urls, [
      `import { path } from '${src}urls/index.ts';`,
      `import { HttpResponse } from '${src}http/index.ts';`,
      `export const urlpatterns = [path('hello/', () => new HttpResponse('hello from the project'))];`,
    ].join('\n'));
    await waitFor('the new route', async () => (await get(`${url}/hello/`)).body === 'hello from the project');
    const notFound = await get(`${url}/`);
    assert.equal(notFound.status, 404);
    assert.match(notFound.body, /hello\//);
  });
});

describe('formatRequestLogLine', () => {
  test('formats a line like Django runserver and escapes control characters', () => {
    const line = formatRequestLogLine(new Date(2026, 10, 24, 4, 12, 1), 'GET', '/a\nb', '1.1', 200, 1234);
    assert.equal(line, '[24/Nov/2026 04:12:01] "GET /a\\x0ab HTTP/1.1" 200 1234');
  });
});

describe('parseAddrPort', () => {
  test('reads the forms runserver accepts and rejects the rest', async () => {
    const { parseAddrPort } = await import('../../src/core/servers/index.ts');
    assert.deepEqual(parseAddrPort(undefined), { host: '127.0.0.1', port: 8000 });
    assert.deepEqual(parseAddrPort('8080'), { host: '127.0.0.1', port: 8080 });
    assert.deepEqual(parseAddrPort('0:8080'), { host: '0.0.0.0', port: 8080 });
    assert.deepEqual(parseAddrPort('example.local:9000'), { host: 'example.local', port: 9000 });
    assert.deepEqual(parseAddrPort('[::1]:8000'), { host: '::1', port: 8000 });
    assert.throws(() => parseAddrPort('host:99999'), /'host:99999' is not a valid port number or address:port pair/);
    assert.throws(() => parseAddrPort('a b'), { code: 'ERR_REINHARDT_ADDRPORT' });
  });
});
