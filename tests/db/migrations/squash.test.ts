import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { optimize } from '../../../src/db/migrations/optimizer.ts';
import { AddField, AlterField, CreateModel, DeleteModel, RemoveField, RenameField, RunSQL, AddIndex } from '../../../src/db/migrations/operations/index.ts';
import { MigrationLoader } from '../../../src/db/migrations/loader.ts';
import { squashMigrations } from '../../../src/db/migrations/squash.ts';
import { Migration } from '../../../src/db/migrations/migration.ts';
import { writeMigration } from '../../../src/db/migrations/writer.ts';
import { tempApps, pk } from './helpers.ts';

describe('optimizer', () => {
  test('folds field changes into the CreateModel of the same model', () => {
    const ops = optimize([
      new CreateModel({ name: 'Q', fields: { id: pk, a: { type: 'IntegerField' } } }),
      new AddField({ modelName: 'Q', name: 'b', field: { type: 'TextField' } }),
      new AlterField({ modelName: 'Q', name: 'a', field: { type: 'BigIntegerField' } }),
      new RenameField({ modelName: 'Q', oldName: 'b', newName: 'c' }),
      new AddIndex({ modelName: 'Q', index: { name: 'q_c', fields: ['c'] } }),
    ], 'polls');
    assert.equal(ops.length, 1);
    assert.deepEqual(ops[0]!.deconstruct(), {
      name: 'Q',
      fields: { id: pk, a: { type: 'BigIntegerField' }, c: { type: 'TextField' } },
      options: { indexes: [{ name: 'q_c', fields: ['c'] }] },
    });
  });

  test('drops a model created then deleted, and a field added then removed', () => {
    const ops = optimize([
      new CreateModel({ name: 'Tmp', fields: { id: pk } }),
      new AddField({ modelName: 'Other', name: 'x', field: { type: 'IntegerField', null: true } }),
      new RemoveField({ modelName: 'Other', name: 'x' }),
      new DeleteModel({ name: 'Tmp' }),
    ], 'polls');
    assert.deepEqual(ops, []);
  });

  test('does not fold across RunSQL, which may depend on the intermediate schema', () => {
    const ops = optimize([
      new CreateModel({ name: 'Q', fields: { id: pk } }),
      new RunSQL({ sql: 'INSERT INTO polls_q DEFAULT VALUES' }),
      new AddField({ modelName: 'Q', name: 'x', field: { type: 'IntegerField', null: true } }),
    ], 'polls');
    assert.equal(ops.length, 3);
  });
});

describe('squashmigrations', () => {
  test('squashes a range into one migration that replaces it and loads in its place', async () => {
    const t = tempApps(['polls']);
    try {
      const dir = join(t.apps[0]!.path, 'migrations');
      const m1 = new Migration('polls', '0001_initial', { initial: true, operations: [new CreateModel({ name: 'Q', fields: { id: pk } })] });
      const m2 = new Migration('polls', '0002_q_x', { dependencies: [['polls', '0001_initial']], operations: [new AddField({ modelName: 'Q', name: 'x', field: { type: 'IntegerField', default: 0 } })] });
      writeFileSync(join(dir, '0001_initial.ts'), writeMigration(m1));
      writeFileSync(join(dir, '0002_q_x.ts'), writeMigration(m2));
      const loader = await MigrationLoader.load(t.apps);
      const squashed = squashMigrations(loader.graph, 'polls', null, '0002_q_x');
      assert.equal(squashed.name, '0001_squashed_0002_q_x');
      assert.deepEqual(squashed.replaces, [['polls', '0001_initial'], ['polls', '0002_q_x']]);
      assert.equal(squashed.operations.length, 1);
      writeFileSync(join(dir, `${squashed.name}.ts`), writeMigration(squashed));
      const again = await MigrationLoader.load(t.apps);
      assert.deepEqual(again.graph.leafNodes('polls'), ['polls.0001_squashed_0002_q_x']);
      assert.deepEqual([...again.projectState().getModel('polls', 'Q').fields.keys()], ['id', 'x']);
    } finally {
      t.cleanup();
    }
  });
});
