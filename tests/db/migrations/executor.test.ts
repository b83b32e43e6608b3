import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testDatabases, setupTestDatabase, type TestDatabaseHandle } from '../../../src/test/databases.ts';
import { MigrationExecutor } from '../../../src/db/migrations/executor.ts';
import { Migration } from '../../../src/db/migrations/migration.ts';
import { writeMigration } from '../../../src/db/migrations/writer.ts';
import { AddField, CreateModel, RenameField, RunCode, RunSQL } from '../../../src/db/migrations/operations/index.ts';
import { tempApps, pk } from './helpers.ts';

for (const db of testDatabases()) {
  describe(`migration executor on ${db.vendor}`, { skip: db.skip }, () => {
    let h: TestDatabaseHandle;
    let t: ReturnType<typeof tempApps>;
    const q = (n: string) => h.connection.ops.quoteName(n);
    const write = (m: Migration) => writeFileSync(join(t.apps.find((a) => a.label === m.appLabel)!.path, 'migrations', `${m.name}.ts`), writeMigration(m));
    const executor = () => MigrationExecutor.create(h.connection, t.apps);
    const columns = async (table: string) => (await h.connection.introspection.getColumns(table)).map((c) => c.name);

    before(async () => {
      h = await setupTestDatabase(db, { prefix: 'rt_g_', pool: { max: 4, acquireTimeoutMs: 5000 } });
      t = tempApps(['polls']);
      write(new Migration('polls', '0001_initial', {
        initial: true,
        operations: [
          new CreateModel({ name: 'Question', fields: { id: pk, text: { type: 'CharField', maxLength: 200 } } }),
          new CreateModel({ name: 'Choice', fields: { id: pk, question: { type: 'ForeignKey', to: 'polls.Question', onDelete: 'CASCADE' }, label: { type: 'CharField', maxLength: 50 } } }),
        ],
      }));
      write(new Migration('polls', '0002_rename', {
        dependencies: [['polls', '0001_initial']],
        operations: [
          new RenameField({ modelName: 'Question', oldName: 'text', newName: 'questionText' }),
          new AddField({ modelName: 'Question', name: 'votes', field: { type: 'IntegerField', default: 7 } }),
        ],
      }));
      write(new Migration('polls', '0003_data', {
        dependencies: [['polls', '0002_rename']],
        operations: [
          new RunCode({
            code: async ({ apps }) => {
              const Question = apps.getModel('polls.Question');
              for (const row of await Question.all()) await Question.update({ id: row.id }, { votes: 100 });
            },
            reverseCode: RunCode.noop,
          }),
          new RunSQL({ sql: 'SELECT 1', reverseSql: RunSQL.noop }),
        ],
      }));
    });
    after(async () => {
      t?.cleanup();
      await h?.teardown();
    });

    test('applies forwards, keeps rows through a rename and a new non-null field, and goes back to zero', async () => {
      let ex = await executor();
      await ex.migrate([['polls', '0001_initial']]);
      assert.deepEqual(await columns('polls_question'), ['id', 'text']);
      await h.connection.execute(`INSERT INTO ${q('polls_question')} (${q('text')}) VALUES (?)`, ['Why?']);
      ex = await executor();
      await ex.migrate(ex.leafTargets());
      assert.deepEqual(await columns('polls_question'), ['id', 'question_text', 'votes']);
      const rows = await h.connection.query(`SELECT ${q('question_text')}, ${q('votes')} FROM ${q('polls_question')}`);
      assert.deepEqual(rows.rows.map((r) => [r[0], Number(r[1])]), [['Why?', 100]]);
      assert.deepEqual([...(await ex.recorder.appliedKeys())].sort(), ['polls.0001_initial', 'polls.0002_rename', 'polls.0003_data']);

      ex = await executor();
      await ex.migrate([ex.resolveTarget('polls', '0001')]);
      assert.deepEqual(await columns('polls_question'), ['id', 'text']);
      const back = await h.connection.query(`SELECT ${q('text')} FROM ${q('polls_question')}`);
      assert.deepEqual(back.rows, [['Why?']]);

      ex = await executor();
      await ex.migrate([['polls', null]]);
      const tables = await h.connection.introspection.tableNames();
      assert.ok(!tables.includes('polls_question') && !tables.includes('polls_choice'));
      assert.deepEqual([...(await ex.recorder.appliedKeys())], []);
    });
  });
}
