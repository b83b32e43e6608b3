// Every operation on every database: apply it, compare the introspected schema with the state,
// unapply it, compare again, and check that rows survive renames and alterations.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testDatabases, setupTestDatabase, type TestDatabaseHandle } from '../../../src/test/databases.ts';
import { MigrationExecutor } from '../../../src/db/migrations/executor.ts';
import { Migration } from '../../../src/db/migrations/migration.ts';
import { writeMigration } from '../../../src/db/migrations/writer.ts';
import * as ops from '../../../src/db/migrations/operations/index.ts';
import type { Operation } from '../../../src/db/migrations/operations/index.ts';
import { tempApps, pk } from './helpers.ts';
import { schemaDifferences } from './schema-compare.ts';

type Db = { h: TestDatabaseHandle; q: (n: string) => string; app: string };
interface Scenario {
  title: string;
  base: (app: string) => Operation[];
  change: (app: string) => Operation[];
  seed?: (db: Db) => Promise<void>;
  after?: (db: Db) => Promise<void>;
  back?: (db: Db) => Promise<void>;
}

const author = (extra: Record<string, object> = {}, options = {}) =>
  new ops.CreateModel({ name: 'Author', fields: { id: pk, name: { type: 'CharField', maxLength: 50 }, ...extra }, options });
const book = (app: string) =>
  new ops.CreateModel({ name: 'Book', fields: { id: pk, author: { type: 'ForeignKey', to: `${app}.Author`, onDelete: 'CASCADE' }, title: { type: 'CharField', maxLength: 80 } } });

async function rows(db: Db, table: string, cols: string[]): Promise<unknown[][]> {
  const r = await db.h.connection.query(`SELECT ${cols.map(db.q).join(', ')} FROM ${db.q(`${db.app}_${table}`)} ORDER BY ${db.q(cols[0]!)}`);
  return r.rows.map((row) => row.map((v) => (typeof v === 'bigint' ? Number(v) : v)));
}
async function insertAuthor(db: Db, name: string): Promise<void> {
  await db.h.connection.execute(`INSERT INTO ${db.q(`${db.app}_author`)} (${db.q('name')}) VALUES (?)`, [name]);
}

const scenarios: Scenario[] = [
  { title: 'CreateModel', base: () => [], change: (a) => [author(), book(a)] },
  { title: 'DeleteModel', base: (a) => [author(), book(a)], change: () => [new ops.DeleteModel({ name: 'Book' })] },
  {
    title: 'RenameModel keeps rows and the foreign keys pointing at it',
    base: (a) => [author(), book(a)],
    change: () => [new ops.RenameModel({ oldName: 'Author', newName: 'Writer' })],
    seed: (db) => insertAuthor(db, 'Ann'),
    after: async (db) => assert.deepEqual(await rows(db, 'writer', ['name']), [['Ann']]),
    back: async (db) => assert.deepEqual(await rows(db, 'author', ['name']), [['Ann']]),
  },
  {
    title: 'AlterModelTable keeps rows',
    base: () => [author()],
    change: (a) => [new ops.AlterModelTable({ name: 'Author', table: `${a}_people` })],
    seed: (db) => insertAuthor(db, 'Ann'),
    after: async (db) => assert.deepEqual(await rows(db, 'people', ['name']), [['Ann']]),
  },
  { title: 'AlterModelOptions', base: () => [author()], change: () => [new ops.AlterModelOptions({ name: 'Author', options: { ordering: ['-name'], verboseName: 'writer' } })] },
  {
    title: 'AddField gives existing rows the default',
    base: () => [author()],
    change: () => [new ops.AddField({ modelName: 'Author', name: 'rank', field: { type: 'IntegerField', default: 3 } })],
    seed: (db) => insertAuthor(db, 'Ann'),
    after: async (db) => assert.deepEqual(await rows(db, 'author', ['name', 'rank']), [['Ann', 3]]),
  },
  {
    title: 'AddField with a foreign key and a nullable field',
    base: (a) => [author(), new ops.CreateModel({ name: 'Book', fields: { id: pk } })],
    change: (a) => [
      new ops.AddField({ modelName: 'Book', name: 'author', field: { type: 'ForeignKey', to: `${a}.Author`, onDelete: 'CASCADE', null: true } }),
      new ops.AddField({ modelName: 'Book', name: 'note', field: { type: 'TextField', null: true } }),
    ],
  },
  {
    title: 'RemoveField keeps the other columns',
    base: () => [author({ bio: { type: 'TextField', null: true } })],
    change: () => [new ops.RemoveField({ modelName: 'Author', name: 'bio' })],
    seed: (db) => insertAuthor(db, 'Ann'),
    after: async (db) => assert.deepEqual(await rows(db, 'author', ['name']), [['Ann']]),
  },
  {
    title: 'AlterField widens, makes non-null with a default for NULL rows, and keeps rows',
    base: () => [author({ nick: { type: 'CharField', maxLength: 10, null: true } })],
    change: () => [
      new ops.AlterField({ modelName: 'Author', name: 'name', field: { type: 'CharField', maxLength: 200 } }),
      new ops.AlterField({ modelName: 'Author', name: 'nick', field: { type: 'CharField', maxLength: 10, default: 'none' }, preserveDefault: false }),
    ],
    seed: (db) => insertAuthor(db, 'Ann'),
    after: async (db) => assert.deepEqual(await rows(db, 'author', ['name', 'nick']), [['Ann', 'none']]),
    back: async (db) => assert.deepEqual(await rows(db, 'author', ['name', 'nick']), [['Ann', 'none']]),
  },
  {
    title: 'AlterField changes a type and keeps rows',
    base: () => [author({ age: { type: 'IntegerField', null: true } })],
    change: () => [new ops.AlterField({ modelName: 'Author', name: 'age', field: { type: 'BigIntegerField', null: true } })],
    seed: async (db) => {
      await db.h.connection.execute(`INSERT INTO ${db.q(`${db.app}_author`)} (${db.q('name')}, ${db.q('age')}) VALUES (?, ?)`, ['Ann', 41]);
    },
    after: async (db) => assert.deepEqual(await rows(db, 'author', ['name', 'age']), [['Ann', 41]]),
  },
  {
    title: 'RenameField keeps rows',
    base: () => [author()],
    change: () => [new ops.RenameField({ modelName: 'Author', oldName: 'name', newName: 'fullName' })],
    seed: (db) => insertAuthor(db, 'Ann'),
    after: async (db) => assert.deepEqual(await rows(db, 'author', ['full_name']), [['Ann']]),
    back: async (db) => assert.deepEqual(await rows(db, 'author', ['name']), [['Ann']]),
  },
  {
    title: 'AddIndex, RenameIndex and RemoveIndex',
    base: (a) => [author({}, { indexes: [{ name: `${a}_old_idx`, fields: ['id'] }] })],
    change: (a) => [
      new ops.AddIndex({ modelName: 'Author', index: { name: `${a}_name_idx`, fields: ['name'] } }),
      new ops.RenameIndex({ modelName: 'Author', oldName: `${a}_name_idx`, newName: `${a}_nm_idx` }),
      new ops.RemoveIndex({ modelName: 'Author', name: `${a}_old_idx` }),
    ],
  },
  {
    title: 'AddConstraint and RemoveConstraint of a unique constraint',
    base: () => [author()],
    change: (a) => [new ops.AddConstraint({ modelName: 'Author', constraint: { kind: 'unique', name: `${a}_name_uniq`, fields: ['name'] } })],
    seed: (db) => insertAuthor(db, 'Ann'),
    after: async (db) => {
      await assert.rejects(insertAuthor(db, 'Ann'));
    },
  },
  {
    title: 'AddConstraint and RemoveConstraint of check constraints (Q description and SQL)',
    base: (a) => [author({ age: { type: 'IntegerField', dbDefault: 0 } }, { constraints: [{ kind: 'check', name: `${a}_age_chk`, check: { connector: 'AND', negated: false, children: [['age__gte', 0]] } }] })],
    change: (a) => [
      new ops.RemoveConstraint({ modelName: 'Author', name: `${a}_age_chk` }),
      new ops.AddConstraint({ modelName: 'Author', constraint: { kind: 'check', name: `${a}_age_lt_chk`, check: 'age < 200' } }),
    ],
    seed: (db) => insertAuthor(db, 'Ann'),
    after: async (db) => {
      await assert.rejects(db.h.connection.execute(`INSERT INTO ${db.q(`${db.app}_author`)} (${db.q('name')}, ${db.q('age')}) VALUES (?, ?)`, ['Old', 500]));
      assert.deepEqual(await rows(db, 'author', ['name', 'age']), [['Ann', 0]]);
    },
  },
  {
    title: 'AlterUniqueTogether',
    base: (a) => [author(), book(a)],
    change: () => [new ops.AlterUniqueTogether({ name: 'Book', uniqueTogether: [['author', 'title']] })],
  },
  {
    title: 'ManyToMany join tables follow AddField, RemoveField and RenameModel',
    base: (a) => [author(), new ops.CreateModel({ name: 'Tag', fields: { id: pk } }), new ops.AddField({ modelName: 'Author', name: 'old', field: { type: 'ManyToManyField', to: `${a}.Tag` } })],
    change: (a) => [
      new ops.AddField({ modelName: 'Author', name: 'tags', field: { type: 'ManyToManyField', to: `${a}.Tag` } }),
      new ops.RemoveField({ modelName: 'Author', name: 'old' }),
      new ops.RenameModel({ oldName: 'Author', newName: 'Writer' }),
    ],
  },
  {
    title: 'RunSQL and RunCode run both ways',
    base: () => [author()],
    change: (a) => [
      new ops.RunSQL({ sql: [[`INSERT INTO ${a}_author (name) VALUES (?)`, ['sql']]], reverseSql: `DELETE FROM ${a}_author WHERE name = 'sql'` }),
      new ops.RunCode({
        code: async ({ apps }) => {
          const models = apps.state.models;
          const key = [...models.keys()][0];
          const Author = apps.getModel(`${key?.split('.')[0]}.Author`);
          await Author.create({ name: 'code' });
        },
        reverseCode: async ({ apps }) => {
          const key = [...apps.state.models.keys()][0];
          await apps.getModel(`${key?.split('.')[0]}.Author`).delete({ name: 'code' });
        },
      }),
    ],
    after: async (db) => assert.deepEqual(await rows(db, 'author', ['name']), [['code'], ['sql']]),
    back: async (db) => assert.deepEqual(await rows(db, 'author', ['name']), []),
  },
  {
    title: 'RunCode round-trips dates and booleans through historical models',
    base: () => [new ops.CreateModel({ name: 'Event', fields: { id: pk, at: { type: 'DateTimeField' }, ok: { type: 'BooleanField' } } })],
    change: (a) => [
      new ops.RunCode({
        code: async ({ apps }) => {
          const label = [...apps.state.models.values()].find((m) => m.name === 'Event')!.appLabel;
          const Event = apps.getModel(`${label}.Event`);
          await Event.create({ at: new Date('2026-01-02T03:04:05Z'), ok: true });
          const [row] = await Event.all();
          if (!(row!.at instanceof Date) || row!.at.toISOString() !== '2026-01-02T03:04:05.000Z' || row!.ok !== true) {
            throw new Error(`historical row did not round-trip: ${JSON.stringify(row)}`);
          }
          await Event.update({ at: new Date('2026-01-02T03:04:05Z') }, { ok: false });
        },
        reverseCode: async ({ apps }) => {
          const label = [...apps.state.models.values()].find((m) => m.name === 'Event')!.appLabel;
          await apps.getModel(`${label}.Event`).delete({});
        },
      }),
    ],
    after: async (db) => assert.deepEqual((await rows(db, 'event', ['ok'])).map((r) => Boolean(r[0])), [false]),
    back: async (db) => assert.deepEqual(await rows(db, 'event', ['ok']), []),
  },
  {
    title: 'SeparateDatabaseAndState',
    base: () => [author()],
    change: (a) => [
      new ops.SeparateDatabaseAndState({
        databaseOperations: [new ops.RunSQL({ sql: `ALTER TABLE ${a}_author ADD COLUMN extra integer NULL`, reverseSql: `ALTER TABLE ${a}_author DROP COLUMN extra` })],
        stateOperations: [new ops.AddField({ modelName: 'Author', name: 'extra', field: { type: 'IntegerField', null: true } })],
      }),
    ],
  },
];

for (const db of testDatabases()) {
  describe(`operations on ${db.vendor}`, { skip: db.skip }, () => {
    let h: TestDatabaseHandle;
    let t: ReturnType<typeof tempApps>;
    const labels = scenarios.map((_, i) => `g${i}`);
    before(async () => {
      h = await setupTestDatabase(db, { prefix: 'rt_g_', pool: { max: 4, acquireTimeoutMs: 5000 } });
      t = tempApps(labels);
    });
    after(async () => {
      t?.cleanup();
      await h?.teardown();
    });

    scenarios.forEach((s, i) => {
      test(s.title, async () => {
        const app = labels[i]!;
        const dir = join(t.apps[i]!.path, 'migrations');
        writeFileSync(join(dir, '0001_base.ts'), writeMigration(new Migration(app, '0001_base', { initial: true, operations: s.base(app) })));
        writeFileSync(join(dir, '0002_change.ts'), writeMigration(new Migration(app, '0002_change', { dependencies: [[app, '0001_base']], operations: s.change(app) })));
        const apps = [t.apps[i]!];
        const ctx: Db = { h, q: (n) => h.connection.ops.quoteName(n), app };
        let ex = await MigrationExecutor.create(h.connection, apps);
        await ex.migrate([[app, '0001_base']]);
        assert.deepEqual(await schemaDifferences(h.connection, ex.loader.projectState([`${app}.0001_base`]), [app]), []);
        await s.seed?.(ctx);
        ex = await MigrationExecutor.create(h.connection, apps);
        await ex.migrate([[app, '0002_change']]);
        assert.deepEqual(await schemaDifferences(h.connection, ex.loader.projectState(), [app]), [], 'after applying');
        await s.after?.(ctx);
        ex = await MigrationExecutor.create(h.connection, apps);
        await ex.migrate([[app, '0001_base']]);
        assert.deepEqual(await schemaDifferences(h.connection, ex.loader.projectState([`${app}.0001_base`]), [app]), [], 'after unapplying');
        await s.back?.(ctx);
        ex = await MigrationExecutor.create(h.connection, apps);
        await ex.migrate([[app, null]]);
        assert.deepEqual(await schemaDifferences(h.connection, ex.loader.projectState([]), [app]), [], 'after zero');
      });
    });
  });
}
