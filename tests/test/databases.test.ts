import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const script = `import { testDatabases } from './src/test/databases.ts';
try { console.log(JSON.stringify(testDatabases().map((d) => [d.key, d.skip]))); } catch (e) { console.log('ERROR ' + e.message); }`;

function run(env: Record<string, string>): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: root, encoding: 'utf8', env: { ...process.env, CI: '', ...env },
  });
  return r.stdout.trim();
}

test('selects databases from REINHARDT_TEST_DATABASES', () => {
  assert.equal(run({ REINHARDT_TEST_DATABASES: 'sqlite' }), '[["sqlite",false]]');
  assert.match(run({ REINHARDT_TEST_DATABASES: 'oracle' }), /ERROR .*unknown database 'oracle'/);
});

test('skips an unreachable server locally, with the reason', () => {
  const out = run({ REINHARDT_TEST_DATABASES: 'sqlite,postgres', REINHARDT_TEST_POSTGRES_URL: 'postgres://x@127.0.0.1:1/db' });
  const parsed = JSON.parse(out) as [string, string | false][];
  assert.equal(parsed[1]![0], 'postgres');
  assert.match(String(parsed[1]![1]), /unreachable/);
});

test('fails for an unreachable server when CI=true', () => {
  const out = run({ CI: 'true', REINHARDT_TEST_DATABASES: 'postgres', REINHARDT_TEST_POSTGRES_URL: 'postgres://x@127.0.0.1:1/db' });
  assert.match(out, /^ERROR CI: postgres server at 127\.0\.0\.1:1 is unreachable/);
});
