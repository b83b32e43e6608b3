import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MigrationAutodetector } from '../../../src/db/migrations/autodetector.ts';
import { MigrationLoader } from '../../../src/db/migrations/loader.ts';
import { MigrationQuestioner } from '../../../src/db/migrations/questioner.ts';
import { MigrationGraph } from '../../../src/db/migrations/graph.ts';
import { ProjectState } from '../../../src/db/migrations/state.ts';
import { stateOf, tempApps, writeAll, pk } from './helpers.ts';
import { PassThrough } from 'node:stream';

const quiet = (opts: ConstructorParameters<typeof MigrationQuestioner>[0] = {}) =>
  new MigrationQuestioner({ noInput: true, output: new PassThrough(), ...opts });

const polls = {
  'polls.Question': { fields: { id: pk, text: { type: 'CharField', maxLength: 200 }, pubDate: { type: 'DateTimeField' } } },
  'polls.Choice': {
    fields: {
      id: pk,
      question: { type: 'ForeignKey', to: 'polls.Question', onDelete: 'CASCADE' },
      choiceText: { type: 'CharField', maxLength: 200 },
      votes: { type: 'IntegerField', default: 0 },
    },
  },
};

async function detect(from: ProjectState, to: ProjectState, graph = new MigrationGraph(), q = quiet()) {
  return new MigrationAutodetector(from, to, q).changes(graph);
}

describe('autodetector', () => {
  test('creates an initial migration with models ordered by their relations', async () => {
    const changes = await detect(new ProjectState(), stateOf({ 'polls.Choice': polls['polls.Choice'], 'polls.Question': polls['polls.Question'] }));
    const [m] = changes.get('polls')!;
    assert.equal(m!.name, '0001_initial');
    assert.equal(m!.initial, true);
    assert.deepEqual(m!.operations.map((o) => `${o.kind}:${(o as unknown as { name: string }).name}`), ['CreateModel:Question', 'CreateModel:Choice']);
  });

  test('finds no changes after writing, loading and replaying the migration files', async () => {
    const t = tempApps(['polls']);
    try {
      const models = stateOf(polls);
      writeAll(t.apps, await detect(new ProjectState(), models));
      const loader = await MigrationLoader.load(t.apps);
      const again = await detect(loader.projectState(), models, loader.graph);
      assert.equal(again.size, 0);
      const text = readFileSync(`${t.apps[0]!.path}/migrations/0001_initial.ts`, 'utf8');
      assert.match(text, /import \{ defineMigration, CreateModel \} from 'reinhardt\/db\/migrations';/);
      assert.match(text, /text: \{ type: 'CharField', maxLength: 200 \}/);
    } finally {
      t.cleanup();
    }
  });

  test('renames a field when answered with --rename, keeping the column data path', async () => {
    const after = stateOf({
      ...polls,
      'polls.Question': { fields: { id: pk, questionText: { type: 'CharField', maxLength: 250 }, pubDate: { type: 'DateTimeField' } } },
    });
    const changes = await detect(stateOf(polls), after, undefined, quiet({ renames: ['polls.Question.text=questionText'] }));
    const ops = changes.get('polls')![0]!.operations;
    assert.deepEqual(ops.map((o) => o.kind), ['RenameField', 'AlterField']);
  });

  test('treats an unanswered possible rename as remove and add under --noinput', async () => {
    const after = stateOf({
      ...polls,
      'polls.Question': { fields: { id: pk, questionText: { type: 'CharField', maxLength: 200, null: true }, pubDate: { type: 'DateTimeField' } } },
    });
    const ops = (await detect(stateOf(polls), after)).get('polls')![0]!.operations;
    assert.deepEqual(ops.map((o) => o.kind), ['AddField', 'RemoveField']);
  });

  test('asks for a one-off default for a new non-null field and fails under --noinput without one', async () => {
    const after = stateOf({ ...polls, 'polls.Question': { fields: { ...polls['polls.Question'].fields, slug: { type: 'SlugField', maxLength: 50 } } } });
    await assert.rejects(detect(stateOf(polls), after), /--default polls\.Question\.slug=/);
    const ops = (await detect(stateOf(polls), after, undefined, quiet({ defaults: ['polls.Question.slug="x"'] }))).get('polls')![0]!.operations;
    assert.equal(ops[0]!.kind, 'AddField');
    assert.deepEqual(ops[0]!.deconstruct(), { modelName: 'Question', name: 'slug', field: { type: 'SlugField', maxLength: 50, default: 'x' }, preserveDefault: false });
  });

  test('depends on the other app migration for a cross-app foreign key', async () => {
    const t = tempApps(['polls', 'library']);
    try {
      writeAll(t.apps, await detect(new ProjectState(), stateOf(polls)));
      let loader = await MigrationLoader.load(t.apps);
      const to = stateOf({
        ...polls,
        'library.Book': { fields: { id: pk, question: { type: 'ForeignKey', to: 'polls.Question', onDelete: 'CASCADE', null: true } } },
      });
      const changes = await detect(loader.projectState(), to, loader.graph);
      assert.deepEqual(changes.get('library')![0]!.dependencies, [['polls', '0001_initial']]);
      writeAll(t.apps, changes);
      loader = await MigrationLoader.load(t.apps);
      assert.equal((await detect(loader.projectState(), to, loader.graph)).size, 0);
    } finally {
      t.cleanup();
    }
  });

  test('detects model options, indexes, constraints and unique-together', async () => {
    const after = stateOf({
      ...polls,
      'polls.Question': {
        fields: polls['polls.Question'].fields,
        options: {
          ordering: ['-pubDate'],
          dbTable: 'questions',
          indexes: [{ name: 'q_pub_idx', fields: ['pubDate'] }],
          constraints: [{ kind: 'unique', name: 'q_text_uniq', fields: ['text'] }],
          uniqueTogether: [['text', 'pubDate']],
        },
      },
    });
    const ops = (await detect(stateOf(polls), after)).get('polls')![0]!.operations;
    assert.deepEqual(ops.map((o) => o.kind).sort(), ['AddConstraint', 'AddIndex', 'AlterModelOptions', 'AlterModelTable', 'AlterUniqueTogether']);
  });

  test('renames a model with identical fields when answered', async () => {
    const after = stateOf({ 'polls.Poll': polls['polls.Question'], 'polls.Choice': { fields: { ...polls['polls.Choice'].fields, question: { type: 'ForeignKey', to: 'polls.Poll', onDelete: 'CASCADE' } } } });
    const ops = (await detect(stateOf(polls), after, undefined, quiet({ renames: ['polls.Question=Poll'] }))).get('polls')![0]!.operations;
    assert.deepEqual(ops.map((o) => o.kind), ['RenameModel']);
  });

  test('splits a relation cycle into CreateModel then AddField', async () => {
    const to = stateOf({
      'a.X': { fields: { id: pk, y: { type: 'ForeignKey', to: 'a.Y', onDelete: 'CASCADE', null: true } } },
      'a.Y': { fields: { id: pk, x: { type: 'ForeignKey', to: 'a.X', onDelete: 'CASCADE', null: true } } },
    });
    const ops = (await detect(new ProjectState(), to)).get('a')![0]!.operations;
    assert.deepEqual(ops.map((o) => o.kind), ['CreateModel', 'CreateModel', 'AddField']);
  });
});

describe('autodetector relations', () => {
  test('creates a many-to-many through model after both ends, adding the relation last', async () => {
    const to = stateOf({
      'shop.Person': { fields: { id: pk, groups: { type: 'ManyToManyField', to: 'shop.Group', through: 'shop.Membership' } } },
      'shop.Group': { fields: { id: pk } },
      'shop.Membership': { fields: { id: pk, person: { type: 'ForeignKey', to: 'shop.Person', onDelete: 'CASCADE' }, group: { type: 'ForeignKey', to: 'shop.Group', onDelete: 'CASCADE' } } },
    });
    const ops = (await detect(new ProjectState(), to)).get('shop')![0]!.operations;
    const names = ops.map((o) => `${o.kind}:${String((o.deconstruct() as { name: string }).name)}`);
    assert.deepEqual(names, ['CreateModel:Group', 'CreateModel:Person', 'CreateModel:Membership', 'AddField:groups']);
  });

  test('removes a foreign key between two deleted models before dropping their tables', async () => {
    const from = stateOf({
      'shop.A': { fields: { id: pk } },
      'shop.B': { fields: { id: pk, a: { type: 'ForeignKey', to: 'shop.A', onDelete: 'CASCADE' } } },
    });
    const ops = (await detect(from, new ProjectState())).get('shop')![0]!.operations;
    assert.deepEqual(ops.map((o) => o.kind), ['RemoveField', 'DeleteModel', 'DeleteModel']);
  });
});

describe('autodetector values', () => {
  test('finds no changes after writing Decimal, Date and callable defaults and reading them back', async () => {
    const { Decimal } = await import('../../../src/utils/decimal.ts');
    const t = tempApps(['shop']);
    try {
      const models = stateOf({
        'shop.Item': {
          fields: {
            id: pk,
            price: { type: 'DecimalField', maxDigits: 6, decimalPlaces: 2, default: new Decimal('1.50') },
            since: { type: 'DateTimeField', default: () => new Date() },
            launch: { type: 'DateTimeField', null: true, default: new Date('2026-01-01T00:00:00Z') },
            tags: { type: 'JSONField', default: { a: [1, 'two', null] } },
          },
        },
      });
      writeAll(t.apps, await detect(new ProjectState(), models));
      const loader = await MigrationLoader.load(t.apps);
      assert.equal((await detect(loader.projectState(), models, loader.graph)).size, 0);
    } finally {
      t.cleanup();
    }
  });
});
