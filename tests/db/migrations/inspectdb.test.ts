// inspectdb reads the live schema and writes models that describe it: loading the generated
// models gives a state whose tables match the database.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { configure, isConfigured } from '../../../src/conf/index.ts';
import { testDatabases, setupTestDatabase, type TestDatabaseHandle } from '../../../src/test/databases.ts';
import { MigrationExecutor } from '../../../src/db/migrations/executor.ts';
import { Migration } from '../../../src/db/migrations/migration.ts';
import { writeMigration } from '../../../src/db/migrations/writer.ts';
import { CreateModel } from '../../../src/db/migrations/operations/index.ts';
import { inspectDatabase, type InspectIntrospection } from '../../../src/db/migrations/inspectdb.ts';
import { projectStateFromModels } from '../../../src/db/migrations/from-models.ts';
import { tempApps, pk } from './helpers.ts';
import { schemaDifferences } from './schema-compare.ts';

if (!isConfigured()) configure({ DEBUG: false, DATABASES: {} } as never);
const modelsIndex = pathToFileURL(join(import.meta.dirname, '..', '..', '..', 'src', 'db', 'models', 'index.ts')).href;

for (const db of testDatabases()) {
  describe(`inspectdb on ${db.vendor}`, { skip: db.skip }, () => {
    let h: TestDatabaseHandle;
    let t: ReturnType<typeof tempApps>;
    before(async () => {
      h = await setupTestDatabase(db, { prefix: 'rt_g_', pool: { max: 4, acquireTimeoutMs: 5000 } });
      t = tempApps(['legacy']);
      writeFileSync(join(t.apps[0]!.path, 'migrations', '0001_initial.ts'), writeMigration(new Migration('legacy', '0001_initial', {
        operations: [
          new CreateModel({ name: 'Author', fields: { id: pk, fullName: { type: 'CharField', maxLength: 80 }, born: { type: 'DateField', null: true }, email: { type: 'CharField', maxLength: 120, unique: true } } }),
          new CreateModel({
            name: 'Book',
            fields: {
              id: pk,
              author: { type: 'ForeignKey', to: 'legacy.Author', onDelete: 'CASCADE' },
              title: { type: 'CharField', maxLength: 200 },
              price: { type: 'DecimalField', maxDigits: 8, decimalPlaces: 2, null: true },
              pages: { type: 'IntegerField' },
              inPrint: { type: 'BooleanField' },
              notes: { type: 'TextField', null: true },
            },
          }),
        ],
      })));
      const ex = await MigrationExecutor.create(h.connection, t.apps);
      await ex.migrate(ex.leafTargets());
    });
    after(async () => {
      t?.cleanup();
      await h?.teardown();
    });

    test('writes unmanaged models whose tables match the database', async () => {
      const source = await inspectDatabase(h.connection.introspection as unknown as InspectIntrospection, { tables: ['legacy_author', 'legacy_book'], appLabel: 'legacy' });
      assert.match(source, /export class LegacyAuthor extends Model\.define<LegacyAuthor>\(\)\(\{/);
      assert.match(source, /fullName: fields\.CharField\(\{ maxLength: 80 \}\)/);
      assert.match(source, /author: fields\.ForeignKey\(\(\) => LegacyAuthor, \{ onDelete: 'DO_NOTHING' \}\)/);
      assert.match(source, /dbTable: 'legacy_book', managed: false/);
      const file = join(t.root, `inspected_${db.key}.ts`);
      writeFileSync(file, source.replace("from 'reinhardt/db'", `from '${modelsIndex}'`));
      const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      const state = projectStateFromModels(Object.values(mod));
      for (const m of state.models.values()) m.options.managed = true;
      assert.deepEqual(await schemaDifferences(h.connection, state, ['legacy']), []);
    });
  });
}
