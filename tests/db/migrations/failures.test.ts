// A migration that fails: rolled back where DDL is transactional, recorded per operation and
// resumable where it is not; and two migrate runs at once do not collide.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { testDatabases, setupTestDatabase, type TestDatabaseHandle } from '../../../src/test/databases.ts';
import { createConnection } from '../../../src/db/connections.ts';
import { MigrationExecutor } from '../../../src/db/migrations/executor.ts';
import { Migration } from '../../../src/db/migrations/migration.ts';
import { writeMigration } from '../../../src/db/migrations/writer.ts';
import { AddField, CreateModel, RunSQL } from '../../../src/db/migrations/operations/index.ts';
import { tempApps, pk } from './helpers.ts';

for (const db of testDatabases()) {
  describe(`failing migrations on ${db.vendor}`, { skip: db.skip }, () => {
    let h: TestDatabaseHandle;
    let t: ReturnType<typeof tempApps>;
    const dir = () => join(t.apps[0]!.path, 'migrations');
    const write = (m: Migration) => writeFileSync(join(dir(), `${m.name}.ts`), writeMigration(m));
    const columns = async () => (await h.connection.introspection.getColumns('shop_item')).map((c) => c.name);
    const broken = (sql: string) =>
      new Migration('shop', '0002_more', {
        dependencies: [['shop', '0001_initial']],
        operations: [
          new AddField({ modelName: 'Item', name: 'price', field: { type: 'IntegerField', null: true } }),
          new RunSQL({ sql, reverseSql: RunSQL.noop }),
          new AddField({ modelName: 'Item', name: 'stock', field: { type: 'IntegerField', null: true } }),
        ],
      });

    before(async () => {
      h = await setupTestDatabase(db, { prefix: 'rt_g_', pool: { max: 4, acquireTimeoutMs: 5000 } });
      t = tempApps(['shop']);
      write(new Migration('shop', '0001_initial', { initial: true, operations: [new CreateModel({ name: 'Item', fields: { id: pk, name: { type: 'CharField', maxLength: 20 } } })] }));
    });
    after(async () => {
      t?.cleanup();
      await h?.teardown();
    });

    test('a failing operation is named with its migration file, and the database is left consistent', async () => {
      write(broken('SELECT * FROM no_such_table_rt'));
      const ex = await MigrationExecutor.create(h.connection, t.apps);
      const error = await ex.migrate(ex.leafTargets()).then(() => null, (e: Error & { code: string; file?: string }) => e);
      assert.ok(error, 'migrate failed');
      assert.match(error.message, /shop\.0002_more \(.*0002_more\.ts\)/);
      const applied = await ex.recorder.appliedKeys();
      assert.deepEqual([...applied], ['shop.0001_initial']);
      if (h.connection.features.canRollbackDdl) {
        assert.equal(error.code, 'migrations.failed');
        assert.match(error.message, /failed at 'Raw SQL operation'.*rolled back/);
        assert.deepEqual(await columns(), ['id', 'name']);
      } else {
        assert.equal(error.code, 'migrations.partially_applied');
        assert.match(error.message, /stopped at operation 2\/3 \(Raw SQL operation\).*Operations 1-1 were applied and are recorded.*resumes at operation 2/s);
        assert.deepEqual(await columns(), ['id', 'name', 'price']);
        assert.deepEqual([...(await ex.recorder.partial())], [['shop.0002_more', 1]]);
      }
      // Fix the migration and run again: it completes (resuming where it stopped when needed).
      unlinkSync(join(dir(), '0002_more.ts'));
      write(broken('SELECT 1'));
      const again = await MigrationExecutor.create(h.connection, t.apps);
      await again.migrate(again.leafTargets());
      assert.deepEqual(await columns(), ['id', 'name', 'price', 'stock']);
      assert.deepEqual([...(await again.recorder.appliedKeys())].sort(), ['shop.0001_initial', 'shop.0002_more']);
      assert.deepEqual([...(await again.recorder.partial())], []);
      await again.migrate([['shop', null]]);
    });

    // better-sqlite3 is synchronous: two connections in one process cannot wait on each other's
    // lock (the waiting one blocks the thread). Across processes each migration's transaction
    // takes the write lock first, which serializes runs.
    test('two migrate runs at once apply each migration once', { skip: db.vendor === 'sqlite' ? 'SQLite locks cannot be awaited within one process (better-sqlite3 is synchronous)' : false }, async () => {
      const other = createConnection('rt_g_other', h.settings);
      try {
        const [a, b] = await Promise.all([MigrationExecutor.create(h.connection, t.apps), MigrationExecutor.create(other, t.apps)]);
        const results = await Promise.allSettled([a.migrate(a.leafTargets()), b.migrate(b.leafTargets())]);
        assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'fulfilled'], JSON.stringify(results.map((r) => (r.status === 'rejected' ? String(r.reason) : ''))));
        const rows = await h.connection.query(`SELECT COUNT(*) FROM ${h.connection.ops.quoteName('reinhardt_migrations')}`);
        assert.equal(Number(rows.rows[0]![0]), 2);
        assert.deepEqual(await columns(), ['id', 'name', 'price', 'stock']);
      } finally {
        await other.close();
      }
    });
  });
}
