// DATABASE_ROUTERS allowMigrate(): operations the routers refuse are recorded but not run.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configure, isConfigured, overrideSettings } from '../../../src/conf/index.ts';
import { testDatabases, setupTestDatabase, type TestDatabaseHandle } from '../../../src/test/databases.ts';
import { MigrationExecutor } from '../../../src/db/migrations/executor.ts';
import { Migration } from '../../../src/db/migrations/migration.ts';
import { writeMigration } from '../../../src/db/migrations/writer.ts';
import { CreateModel } from '../../../src/db/migrations/operations/index.ts';
import { tempApps, pk } from './helpers.ts';

if (!isConfigured()) configure({ DEBUG: false, DATABASES: {} } as never);

for (const db of testDatabases()) {
  describe(`routers on ${db.vendor}`, { skip: db.skip }, () => {
    let h: TestDatabaseHandle;
    let t: ReturnType<typeof tempApps>;
    before(async () => {
      h = await setupTestDatabase(db, { prefix: 'rt_g_', pool: { max: 4, acquireTimeoutMs: 5000 } });
      t = tempApps(['kept', 'elsewhere']);
      for (const app of ['kept', 'elsewhere']) {
        writeFileSync(join(t.root, app, 'migrations', '0001_initial.ts'), writeMigration(new Migration(app, '0001_initial', { operations: [new CreateModel({ name: 'Thing', fields: { id: pk } })] })));
      }
    });
    after(async () => {
      t?.cleanup();
      await h?.teardown();
    });

    test('skips the operations of an app the routers keep off this database, and records them', async () => {
      const routers = [{ allowMigrate: (_db: string, app: string) => app !== 'elsewhere' }];
      await overrideSettings({ DATABASE_ROUTERS: routers } as never, async () => {
        const ex = await MigrationExecutor.create(h.connection, t.apps);
        await ex.migrate(ex.leafTargets());
        const tables = await h.connection.introspection.tableNames();
        assert.ok(tables.includes('kept_thing'));
        assert.ok(!tables.includes('elsewhere_thing'));
        assert.deepEqual([...(await ex.recorder.appliedKeys())].sort(), ['elsewhere.0001_initial', 'kept.0001_initial']);
      });
    });
  });
}
