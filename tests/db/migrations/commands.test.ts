// The migration commands in-process, on real model classes: makemigrations, migrate (plan,
// backwards, zero, fake), showmigrations, sqlmigrate, squashmigrations, conflicts and --merge.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { configure, isConfigured } from '../../../src/conf/index.ts';
import { testDatabases, setupTestDatabase, type TestDatabaseHandle } from '../../../src/test/databases.ts';
import { makemigrations } from '../../../src/db/migrations/commands/makemigrations.ts';
import { migrate } from '../../../src/db/migrations/commands/migrate.ts';
import { showmigrations } from '../../../src/db/migrations/commands/showmigrations.ts';
import { sqlmigrate } from '../../../src/db/migrations/commands/sqlmigrate.ts';
import { squashmigrations } from '../../../src/db/migrations/commands/squashmigrations.ts';
import { projectStateFromModels } from '../../../src/db/migrations/from-models.ts';
import type { ProjectState } from '../../../src/db/migrations/state.ts';
import { pollsModels, libraryModels } from '../models/polls-models.ts';
import { tempApps } from './helpers.ts';

if (!isConfigured()) configure({ DEBUG: false, DATABASES: {} } as never);

function capture(): { stream: PassThrough; text(): string } {
  const stream = new PassThrough();
  let out = '';
  stream.on('data', (c: Buffer) => (out += c.toString()));
  return { stream, text: () => out };
}

for (const db of testDatabases()) {
  describe(`migration commands on ${db.vendor}`, { skip: db.skip }, () => {
    let h: TestDatabaseHandle;
    let t: ReturnType<typeof tempApps>;
    let current: () => ProjectState = () => projectStateFromModels([...pollsModels, ...libraryModels]);
    const env = () => ({ apps: () => t.apps, connection: () => h.connection, currentState: () => current() });
    const files = (app: string) => readdirSync(join(t.root, app, 'migrations')).sort();

    before(async () => {
      h = await setupTestDatabase(db, { prefix: 'rt_g_', pool: { max: 4, acquireTimeoutMs: 5000 } });
      t = tempApps(['polls', 'library']);
    });
    after(async () => {
      t?.cleanup();
      await h?.teardown();
    });

    test('makemigrations writes initial migrations, migrate applies them, and a second run finds no changes', async () => {
      const out = capture();
      assert.equal(await makemigrations({ stdout: out.stream, noInput: true, cwd: t.root, env: env() }), 0);
      assert.match(out.text(), /Migrations for 'library':\n {2}library\/migrations\/0001_initial\.ts/);
      assert.deepEqual(files('polls'), ['0001_initial.ts']);
      const m = capture();
      assert.equal(await migrate({ stdout: m.stream, env: env() }), 0);
      assert.match(m.text(), /Applying library\.0001_initial\.\.\. OK/);
      assert.match(m.text(), /Applying polls\.0001_initial\.\.\. OK/);
      const again = capture();
      assert.equal(await makemigrations({ stdout: again.stream, noInput: true, env: env() }), 0);
      assert.equal(again.text(), 'No changes detected\n');
      assert.equal(await makemigrations({ stdout: capture().stream, check: true, env: env() }), 0);
    });

    test('the ORM reads and writes the migrated tables', async () => {
      const [Question, Choice] = pollsModels;
      const { connections } = await import('../../../src/db/connections.ts');
      connections.setConnection('default', h.connection);
      try {
        const q = await (Question as any).objects.create({ questionText: 'Why?', pubDate: new Date() });
        await (Choice as any).objects.create({ question: q, choiceText: 'Because' });
        assert.equal(await (Choice as any).objects.filter({ question__questionText: 'Why?' }).count(), 1);
      } finally {
        connections.unsetConnection('default');
      }
    });

    test('--check exits 1 and --dry-run writes nothing when models changed', async () => {
      const base = current;
      current = () => {
        const s = base();
        s.getModel('polls', 'Question').fields.set('slug', { type: 'SlugField', maxLength: 50, null: true });
        return s;
      };
      const out = capture();
      assert.equal(await makemigrations({ stdout: out.stream, check: true, env: env() }), 1);
      assert.match(out.text(), /0002_question_slug\.ts/);
      assert.equal(await makemigrations({ stdout: capture().stream, dryRun: true, env: env() }), 0);
      assert.deepEqual(files('polls'), ['0001_initial.ts']);
      assert.equal(await makemigrations({ stdout: capture().stream, appLabels: ['polls'], env: env() }), 0);
      assert.deepEqual(files('polls'), ['0001_initial.ts', '0002_question_slug.ts']);
    });

    test('migrate --plan, showmigrations and sqlmigrate describe without changing anything', async () => {
      const plan = capture();
      await migrate({ stdout: plan.stream, plan: true, env: env() });
      assert.match(plan.text(), /polls\.0002_question_slug\n {4}Add field slug to Question/);
      const show = capture();
      await showmigrations({ stdout: show.stream, appLabels: ['polls'], env: env() });
      assert.equal(show.text(), 'polls\n [X] 0001_initial\n [ ] 0002_question_slug\n');
      const sql = capture();
      await sqlmigrate({ stdout: sql.stream, appLabel: 'polls', name: '0002', env: env() });
      assert.match(sql.text(), /-- Add field slug to Question\n.*ALTER TABLE/);
      assert.equal(await migrate({ stdout: capture().stream, check: true, env: env() }), 1);
    });

    test('migrate goes forwards, backwards to a named migration, and to zero with --fake', async () => {
      await migrate({ stdout: capture().stream, env: env() });
      const back = capture();
      await migrate({ stdout: back.stream, appLabel: 'polls', target: '0001', env: env() });
      assert.match(back.text(), /Target specific migration: 0001_initial, from polls\n.*Unapplying polls\.0002_question_slug\.\.\. OK/s);
      const fake = capture();
      await migrate({ stdout: fake.stream, appLabel: 'polls', target: 'zero', fake: true, env: env() });
      assert.match(fake.text(), /Unapplying polls\.0001_initial\.\.\. FAKED/);
      assert.ok((await h.connection.introspection.tableNames()).includes('polls_question'));
      const initial = capture();
      await migrate({ stdout: initial.stream, appLabel: 'polls', fakeInitial: true, env: env() });
      assert.match(initial.text(), /Applying polls\.0001_initial\.\.\. FAKED\n {2}Applying polls\.0002_question_slug\.\.\. OK/);
    });

    test('conflicting leaves name the files and point at --merge, which fixes them', async () => {
      const dir = join(t.root, 'polls', 'migrations');
      writeFileSync(join(dir, '0003_a.ts'), "import { defineMigration } from 'reinhardt/db/migrations';\nexport default defineMigration({ dependencies: [['polls', '0002_question_slug']], operations: [] });\n");
      writeFileSync(join(dir, '0003_b.ts'), "import { defineMigration } from 'reinhardt/db/migrations';\nexport default defineMigration({ dependencies: [['polls', '0002_question_slug']], operations: [] });\n");
      await assert.rejects(migrate({ stdout: capture().stream, env: env() }), /0003_a \(.*0003_a\.ts\), 0003_b .*makemigrations --merge/s);
      await assert.rejects(makemigrations({ stdout: capture().stream, env: env() }), /--merge/);
      await makemigrations({ stdout: capture().stream, merge: true, env: env() });
      assert.ok(existsSync(join(dir, '0004_merge_0003_a_0003_b.ts')));
      assert.equal(await migrate({ stdout: capture().stream, env: env() }), 0);
    });

    test('squashmigrations writes a replacing migration the loader uses on a fresh database', async () => {
      const out = capture();
      await squashmigrations({ stdout: out.stream, appLabel: 'polls', migrationName: '0002', cwd: t.root, env: env() });
      assert.match(out.text(), /Created polls\/migrations\/0001_squashed_0002_question_slug\.ts \(replaces 2 migrations, 3 -> 2 operations\)/);
      const show = capture();
      await showmigrations({ stdout: show.stream, appLabels: ['polls'], env: env() });
      assert.match(show.text(), /\[X\] 0001_squashed_0002_question_slug \(2 squashed migrations\)/);
      await migrate({ stdout: capture().stream, appLabel: 'polls', target: 'zero', env: env() });
      await migrate({ stdout: capture().stream, env: env() });
      assert.equal(await migrate({ stdout: capture().stream, check: true, env: env() }), 0);
    });
  });
}
