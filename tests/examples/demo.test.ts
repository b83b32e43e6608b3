// The README's demo, end to end: migrate a fresh SQLite database, start the development server,
// and vote in a real browser (Debian's Chromium driven by playwright-core).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'reinhardt.js');
const SETTINGS = 'examples/demo/demo/settings.ts';
const CHROMIUM = '/usr/bin/chromium';
const noBrowser = !existsSync(CHROMIUM) && process.env.CI !== 'true'
  ? 'Chromium is not installed (apt-get install chromium); CI installs it and runs this test'
  : false;

test('the demo answers in a browser: list, detail, vote, results', { skip: noBrowser, timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rt-demo-'));
  const env = { ...process.env, NODE_OPTIONS: '', DATABASE_URL: `sqlite:///${join(dir, 'db.sqlite3')}` };
  const migrate = spawnSync(process.execPath, [BIN, 'migrate', '--settings', SETTINGS], { cwd: ROOT, env, encoding: 'utf8' });
  assert.equal(migrate.status, 0, migrate.stderr);
  assert.match(migrate.stdout, /Applying polls\.0002_sample_questions\.\.\. OK/);

  const server = spawn(process.execPath, [BIN, 'runserver', '127.0.0.1:0', '--noreload', '--settings', SETTINGS], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  server.stdout.on('data', (d) => (out += d));
  server.stderr.on('data', (d) => (out += d));
  const { chromium } = await import('playwright-core');
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
  try {
    const base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000);
      const look = () => {
        const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      };
      server.stdout.on('data', look);
      server.on('exit', (code) => reject(new Error(`server exited (${code}):\n${out}`)));
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    assert.equal(new URL(page.url()).pathname, '/polls/');
    assert.equal(await page.textContent('h1'), 'Latest polls');
    const items = await page.locator('main li a').allTextContents();
    assert.deepEqual(items, ['Which database do you deploy on?', 'Tabs or spaces?', "What's your favourite part of Django?"]);

    await page.click("text=What's your favourite part of Django?");
    assert.match(page.url(), /\/polls\/\d+\/$/);
    await page.click('input[type=submit]');
    assert.match((await page.textContent('.error')) ?? '', /You didn't select a choice\./);

    await page.check('label:has-text("Migrations")');
    await page.click('input[type=submit]');
    assert.match(page.url(), /\/polls\/\d+\/results\/$/);
    const results = await page.locator('main li').allTextContents();
    assert.equal(results[0], 'Migrations — 1 vote');
    await page.screenshot({ path: join(dir, 'results.png') });
  } finally {
    await browser?.close();
    server.kill('SIGINT');
  }
});
