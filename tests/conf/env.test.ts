import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDotenv, loadDotenv, parseDatabaseUrl } from '../../src/conf/env.ts';

test('parseDotenv reads quotes, export and comments', () => {
  const vars = parseDotenv(['# comment', 'export A=1', 'B="two words\\n"', "C='x # y'", 'D=plain # trailing', ''].join('\n'));
  assert.deepEqual(vars, { A: '1', B: 'two words\n', C: 'x # y', D: 'plain' });
});

test('parseDotenv names the file and line of a bad line', () => {
  assert.throws(() => parseDotenv('A=1\nnot a pair', 'proj/.env'), /proj\/\.env line 2: expected KEY=value/);
});

test('loadDotenv does not override variables already set, and ignores a missing file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rt-env-'));
  writeFileSync(join(dir, '.env'), 'KEEP=file\nNEW=file\n');
  const env: NodeJS.ProcessEnv = { KEEP: 'process' };
  assert.deepEqual(loadDotenv(join(dir, '.env'), env), ['NEW']);
  assert.equal(env.KEEP, 'process');
  assert.equal(env.NEW, 'file');
  assert.deepEqual(loadDotenv(join(dir, 'missing.env'), env), []);
});

test('parseDatabaseUrl understands sqlite, postgres and mysql URLs', () => {
  assert.deepEqual(parseDatabaseUrl('sqlite:///db.sqlite3'), { ENGINE: 'sqlite', NAME: 'db.sqlite3' });
  assert.deepEqual(parseDatabaseUrl('sqlite:////var/db.sqlite3'), { ENGINE: 'sqlite', NAME: '/var/db.sqlite3' });
  assert.deepEqual(parseDatabaseUrl('sqlite://:memory:'), { ENGINE: 'sqlite', NAME: ':memory:' });
  assert.deepEqual(parseDatabaseUrl('mysql://root@127.0.0.1:3306/test?charset=utf8mb4'), {
    ENGINE: 'mysql', NAME: 'test', USER: 'root', HOST: '127.0.0.1', PORT: 3306, OPTIONS: { charset: 'utf8mb4' },
  });
  assert.throws(() => parseDatabaseUrl('oracle://u:secret@h/x'), (e: Error) => /cannot read 'oracle:\/\/u:\*\*\*@h\/x'/.test(e.message));
});
