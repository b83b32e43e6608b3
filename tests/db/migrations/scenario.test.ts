// A project's life through the CLI, as subprocesses of the built `bin/reinhardt.js` on SQLite:
// initial models, a rename answered with a flag, a new non-null field with a default, a relation
// to another app, a data migration, then back to zero.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { reinhardt, tempDir } from '../../cli/helpers.ts';

const questionModels = (fields: string) => `import { Model, fields, CASCADE } from 'reinhardt/db/models';

export class Question extends Model.define<Question>()({
${fields}
}) {}

export class Choice extends Model.define<Choice>()({
  question: fields.ForeignKey(Question, { onDelete: CASCADE, relatedName: 'choices' }),
  choiceText: fields.CharField({ maxLength: 200 }),
  votes: fields.IntegerField({ default: 0 }),
}) {}
`;

test('a project goes through makemigrations and migrate from its first model back to zero', () => {
  const dir = tempDir('rt_g_scenario_');
  assert.equal(reinhardt(dir, ['startproject', 'mysite']).code, 0);
  const root = join(dir, 'mysite');
  const cli = (...args: string[]) => reinhardt(root, args);
  const ok = (...args: string[]) => {
    const r = cli(...args);
    assert.equal(r.code, 0, `reinhardt ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };
  ok('startapp', 'polls');
  ok('startapp', 'library');
  const settingsFile = join(root, 'mysite', 'settings.ts');
  writeFileSync(settingsFile, readFileSync(settingsFile, 'utf8').replace('INSTALLED_APPS: []', "INSTALLED_APPS: ['./polls', './library']"));
  const models = join(root, 'polls', 'models.ts');
  const sql = () => new Database(join(root, 'db.sqlite3'));

  // 1. Initial models.
  writeFileSync(models, questionModels("  text: fields.CharField({ maxLength: 200 }),\n  pubDate: fields.DateTimeField(),"));
  assert.match(ok('makemigrations', '--noinput'), /polls\/migrations\/0001_initial\.ts\n {4}- Create model Question\n {4}- Create model Choice/);
  assert.match(ok('migrate'), /Applying polls\.0001_initial\.\.\. OK/);
  let db = sql();
  db.prepare('INSERT INTO polls_question (text, pub_date) VALUES (?, ?)').run('Why?', '2026-01-01 00:00:00');
  db.close();

  // 2. A rename answered with a flag keeps the rows.
  writeFileSync(models, questionModels("  questionText: fields.CharField({ maxLength: 200 }),\n  pubDate: fields.DateTimeField(),"));
  assert.match(ok('makemigrations', '--noinput', '--rename', 'polls.Question.text=questionText'), /Rename field text on Question to questionText/);
  ok('migrate');
  db = sql();
  assert.deepEqual(db.prepare('SELECT question_text FROM polls_question').all(), [{ question_text: 'Why?' }]);
  db.close();

  // 3. A new non-null field: --noinput without a default stops and names the flag; with it, rows get the value.
  writeFileSync(models, questionModels("  questionText: fields.CharField({ maxLength: 200 }),\n  pubDate: fields.DateTimeField(),\n  slug: fields.SlugField({ maxLength: 50 }),"));
  const refused = cli('makemigrations', '--noinput');
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /--default polls\.Question\.slug=/);
  ok('makemigrations', '--noinput', '--default', 'polls.Question.slug="tbd"');
  ok('migrate');
  db = sql();
  assert.deepEqual(db.prepare('SELECT slug FROM polls_question').all(), [{ slug: 'tbd' }]);
  db.close();

  // 4. A relation to another app depends on that app's migration.
  writeFileSync(join(root, 'library', 'models.ts'), `import { Model, fields, SET_NULL } from 'reinhardt/db/models';
import { Question } from '../polls/models.ts';

export class Book extends Model.define<Book>()({
  title: fields.CharField({ maxLength: 100 }),
  question: fields.ForeignKey(Question, { onDelete: SET_NULL, null: true }),
}) {}
`);
  ok('makemigrations', '--noinput');
  const libInitial = readFileSync(join(root, 'library', 'migrations', '0001_initial.ts'), 'utf8');
  assert.match(libInitial, /dependencies: \[\['polls', '0003_question_slug'\]\]/);
  ok('migrate');

  // 5. A data migration over the historical models.
  ok('makemigrations', 'polls', '--empty', '--name', 'fill_slugs');
  const dataFile = join(root, 'polls', 'migrations', '0004_fill_slugs.ts');
  writeFileSync(dataFile, readFileSync(dataFile, 'utf8').replace(/ {2}operations: \[[\s\S]*\],\n/, `  operations: [
    new RunCode({
      code: async ({ apps }) => {
        const Question = apps.getModel('polls.Question');
        for (const q of await Question.all()) await Question.update({ id: q.id }, { slug: \`q-\${q.id}\` });
      },
      reverseCode: RunCode.noop,
    }),
  ],
`));
  assert.match(ok('migrate'), /Applying polls\.0004_fill_slugs\.\.\. OK/);
  db = sql();
  assert.deepEqual(db.prepare('SELECT slug FROM polls_question').all(), [{ slug: 'q-1' }]);
  db.close();

  // The history and the models agree.
  assert.equal(ok('makemigrations', '--check', '--noinput'), 'No changes detected\n');
  assert.match(ok('showmigrations', 'polls'), /polls\n \[X\] 0001_initial\n \[X\] 0002_rename_text_question_questiontext\n \[X\] 0003_question_slug\n \[X\] 0004_fill_slugs\n/);
  assert.match(ok('sqlmigrate', 'polls', '0001'), /CREATE TABLE "polls_question"/);

  // 6. Back to zero.
  assert.match(ok('migrate', 'polls', 'zero'), /Unapplying library\.0001_initial\.\.\. OK[\s\S]*Unapplying polls\.0001_initial\.\.\. OK/);
  db = sql();
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
  db.close();
  assert.ok(!tables.some((t) => t.startsWith('polls_') || t.startsWith('library_')), tables.join(', '));
  assert.deepEqual(readdirSync(join(root, 'polls', 'migrations')).filter((f) => f.endsWith('.ts')).sort(), [
    '0001_initial.ts',
    '0002_rename_text_question_questiontext.ts',
    '0003_question_slug.ts',
    '0004_fill_slugs.ts',
  ]);
});
