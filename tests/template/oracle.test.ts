// Runs every case of the Django template oracle (<repo root>/../shared/oracle/templates) through
// the adapter over the public API, in a subprocess with the TS loader, and fails listing the
// ids of the cases whose output differs from what Django 5.2 renders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const oracleDir = join(here, '..', '..', '..', 'shared', 'oracle', 'templates');

test('every Django template oracle case renders exactly as Django does', () => {
  assert.ok(existsSync(join(oracleDir, 'run-node.mjs')), `oracle not found at ${oracleDir}`);
  const runner = realpathSync(join(oracleDir, 'run-node.mjs'));
  const out = mkdtempSync(join(tmpdir(), 'oracle-'));
  const jsonPath = join(out, 'results.json');
  try {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', runner, join(here, 'oracle-adapter.mjs'), '--json', jsonPath, '--allow-failures'],
      { encoding: 'utf8', cwd: join(here, '..', '..') },
    );
    assert.equal(r.status, 0, `runner failed: ${r.stderr}`);
    const results = JSON.parse(readFileSync(jsonPath, 'utf8')) as {
      passed: number;
      failed: number;
      results: { id: string; ok: boolean; want: unknown; got: unknown }[];
    };
    const failing = results.results.filter((x) => !x.ok);
    assert.deepEqual(
      failing.map((f) => `${f.id}: want ${JSON.stringify(f.want)} got ${JSON.stringify(f.got)}`),
      [],
    );
    assert.ok(results.passed >= 319, `only ${results.passed} cases ran`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
