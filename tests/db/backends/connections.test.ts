import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { overrideSettings } from '../../../src/conf/index.ts';
import { connections, createConnection, registerBackend, router } from '../../../src/db/connections.ts';
import { ProgrammingError } from '../../../src/db/utils.ts';
import { SqliteDatabaseWrapper } from '../../../src/db/backends/sqlite/base.ts';

test('builds connections from settings.DATABASES and caches them per alias', async () => {
  await overrideSettings({ DATABASES: { default: { ENGINE: 'sqlite', NAME: ':memory:' }, other: { ENGINE: 'sqlite3', NAME: ':memory:' } } }, async () => {
    const a = connections.get();
    assert.equal(a.vendor, 'sqlite');
    assert.equal(a.alias, 'default');
    assert.equal(connections.get('default'), a);
    assert.equal(connections.get('other').vendor, 'sqlite');
    assert.deepEqual(connections.aliases.sort(), ['default', 'other']);
    assert.equal(Number((await a.query('SELECT 1')).rows[0]![0]), 1);
    await connections.closeAll();
    assert.equal(a.poolStats.open, 0);
  });
});

test('names the configured aliases when an alias is unknown', async () => {
  await overrideSettings({ DATABASES: { default: { ENGINE: 'sqlite', NAME: ':memory:' } } }, async () => {
    assert.throws(() => connections.get('replica'), (e: unknown) => e instanceof ProgrammingError && e.code === 'db.unknown_alias' && /'default'/.test(e.message));
  });
});

test('refuses an unknown ENGINE with a hint, and accepts registered backends', () => {
  assert.throws(() => createConnection('x', { ENGINE: 'oracle', NAME: 'x' }), (e: unknown) => e instanceof ProgrammingError && e.code === 'db.unknown_engine' && /loadBackend/.test(e.message));
  registerBackend('acme-sqlite', (alias, s, tz) => new SqliteDatabaseWrapper(alias, s, tz));
  assert.equal(createConnection('x', { ENGINE: 'acme-sqlite', NAME: ':memory:' }).vendor, 'sqlite');
});

test('refuses a per-database TIME_ZONE other than UTC instead of storing datetimes wrongly', () => {
  assert.throws(() => createConnection('x', { ENGINE: 'sqlite', NAME: ':memory:', TIME_ZONE: 'Europe/Paris' }), /TIME_ZONE = 'Europe\/Paris' is not supported/);
  assert.equal(createConnection('x', { ENGINE: 'sqlite', NAME: ':memory:', TIME_ZONE: 'UTC' }).vendor, 'sqlite');
});

test('rebuilds connections when DATABASES changes', async () => {
  let first: unknown;
  await overrideSettings({ DATABASES: { default: { ENGINE: 'sqlite', NAME: ':memory:' } } }, async () => {
    first = connections.get();
  });
  await overrideSettings({ DATABASES: { default: { ENGINE: 'sqlite', NAME: ':memory:' } } }, async () => {
    assert.notEqual(connections.get(), first);
  });
});

test('opens file databases in WAL mode with a busy timeout and foreign keys on, relative to BASE_DIR', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rt_b_'));
  try {
    await overrideSettings({ BASE_DIR: dir, DATABASES: { default: { ENGINE: 'sqlite', NAME: 'db.sqlite3' } } }, async () => {
      const c = connections.get();
      assert.equal(c.settings.NAME, join(dir, 'db.sqlite3'));
      assert.equal((await c.query('PRAGMA journal_mode')).rows[0]![0], 'wal');
      assert.equal(Number((await c.query('PRAGMA busy_timeout')).rows[0]![0]), 5000);
      assert.equal(Number((await c.query('PRAGMA foreign_keys')).rows[0]![0]), 1);
      await connections.closeAll();
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('routes reads and writes through DATABASE_ROUTERS, falling back to default', async () => {
  const replicaRouter = {
    dbForRead: (model: unknown) => (model === 'Stats' ? 'replica' : undefined),
    dbForWrite: () => 'default',
    allowRelation: () => undefined,
    allowMigrate: (db: string, appLabel: string) => (appLabel === 'stats' ? db === 'replica' : undefined),
  };
  await overrideSettings({ DATABASE_ROUTERS: [replicaRouter] }, async () => {
    assert.equal(router.dbForRead('Stats'), 'replica');
    assert.equal(router.dbForRead('Other'), 'default');
    assert.equal(router.dbForWrite('Stats'), 'default');
    assert.equal(router.allowMigrate('default', 'stats'), false);
    assert.equal(router.allowMigrate('replica', 'stats'), true);
    assert.equal(router.allowMigrate('default', 'polls'), true);
    router.setInstanceDbResolver((o) => (o as { db?: string }).db);
    assert.equal(router.allowRelation({ db: 'a' }, { db: 'a' }), true);
    assert.equal(router.allowRelation({ db: 'a' }, { db: 'b' }), false);
    assert.equal(router.dbForRead('Other', { instance: { db: 'b' } }), 'b');
  });
});

test('starts SQLite transactions in the configured OPTIONS.transactionMode', async () => {
  const { atomic } = await import('../../../src/db/transaction.ts');
  const c = createConnection('imm', { ENGINE: 'sqlite', NAME: ':memory:', OPTIONS: { transactionMode: 'immediate' } });
  const seen: string[] = [];
  c.addQueryListener((e) => seen.push(e.sql));
  await atomic(async () => { await c.query('SELECT 1'); }, { using: c });
  assert.equal(seen[0], 'BEGIN IMMEDIATE');
  await c.close();
});
