#!/usr/bin/env node
// The whole test suite: build dist/ (the CLI tests run the built bin), type-check src and the
// type-level tests, then run every tests/**/*.test.ts file under node:test through tsx.
// Usage: node scripts/test.mjs [path-substring ...]   (filters test files; skips build+typecheck
// when filters are given unless --full is passed).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const full = args.includes('--full');
const filters = args.filter((a) => !a.startsWith('--'));

function run(cmd, cmdArgs, label) {
  const started = Date.now();
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env: process.env });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`\n${label} failed (exit ${r.status ?? r.signal}) after ${secs}s`);
    process.exit(r.status ?? 1);
  }
  console.log(`${label}: ok in ${secs}s`);
}

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) findTests(p, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, p));
  }
  return out;
}

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
if (filters.length === 0 || full) {
  run(process.execPath, [tsc, '-p', 'tsconfig.build.json'], 'build');
  run(process.execPath, [tsc, '-p', 'tsconfig.json', '--noEmit'], 'typecheck (src, tests, type tests)');
}

let files = findTests(join(root, 'tests')).sort();
if (filters.length) files = files.filter((f) => filters.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
run(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files],
  `node:test (${files.length} files)`,
);
