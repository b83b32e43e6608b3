import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MigrationGraph } from '../../../src/db/migrations/graph.ts';
import { Migration } from '../../../src/db/migrations/migration.ts';
import { MigrationLoader, conflictMessage } from '../../../src/db/migrations/loader.ts';
import { makeMergeMigrations } from '../../../src/db/migrations/merge.ts';
import { tempApps } from './helpers.ts';

function graphOf(spec: Record<string, string[]>): MigrationGraph {
  const g = new MigrationGraph();
  const ms = new Map<string, Migration>();
  for (const key of Object.keys(spec)) {
    const [app, name] = key.split('.') as [string, string];
    const m = new Migration(app, name, {}, `/p/${app}/migrations/${name}.ts`);
    ms.set(key, m);
    g.addNode(m);
  }
  for (const [key, deps] of Object.entries(spec)) for (const d of deps) g.addDependency(ms.get(key)!, d);
  return g;
}

const file = (name: string, deps: string[][], extra = '') =>
  `import { defineMigration } from 'reinhardt/db/migrations';\nexport default defineMigration({ dependencies: ${JSON.stringify(deps)}, operations: [] ${extra} });\n`;

describe('migration graph', () => {
  test('plans forwards with dependencies first and backwards with dependants first', () => {
    const g = graphOf({ 'a.0001': [], 'a.0002': ['a.0001'], 'b.0001': ['a.0001'], 'a.0003': ['a.0002', 'b.0001'] });
    assert.deepEqual(g.forwardsPlan('a.0003'), ['a.0001', 'a.0002', 'b.0001', 'a.0003']);
    assert.deepEqual(g.backwardsPlan('a.0001'), ['a.0003', 'a.0002', 'b.0001', 'a.0001']);
  });

  test('reports a cycle naming the migrations and their files', () => {
    const g = graphOf({ 'a.0001': ['a.0002'], 'a.0002': ['a.0001'] });
    assert.throws(() => g.ensureNotCyclic(), (e: Error & { code: string }) => e.code === 'migrations.circular_dependency' && /a\/migrations\/0001\.ts/.test(e.message));
  });

  test('finds two leaves of one app as a conflict and merges them', () => {
    const g = graphOf({ 'a.0001_initial': [], 'a.0002_x': ['a.0001_initial'], 'a.0002_y': ['a.0001_initial'] });
    const conflicts = g.conflicts();
    assert.deepEqual(conflicts.get('a'), ['a.0002_x', 'a.0002_y']);
    assert.match(conflictMessage(g, conflicts), /0002_x \(\/p\/a\/migrations\/0002_x\.ts\).*--merge/s);
    const [merge] = makeMergeMigrations(g);
    assert.equal(merge!.name, '0003_merge_0002_x_0002_y');
    assert.deepEqual(merge!.dependencies, [['a', '0002_x'], ['a', '0002_y']]);
  });
});

describe('migration loader', () => {
  test('names the file of a migration with a missing dependency', async () => {
    const t = tempApps(['polls']);
    try {
      writeFileSync(join(t.apps[0]!.path, 'migrations', '0001_initial.ts'), file('0001', [['polls', '0000_nope']]));
      await assert.rejects(MigrationLoader.load(t.apps), (e: Error & { code: string }) => e.code === 'migrations.missing_dependency' && e.message.includes('0001_initial.ts'));
    } finally {
      t.cleanup();
    }
  });

  test('names the file of a broken migration', async () => {
    const t = tempApps(['polls']);
    try {
      writeFileSync(join(t.apps[0]!.path, 'migrations', '0001_initial.ts'), 'export default defineMigration({ operations: [ oops ] });\n');
      await assert.rejects(MigrationLoader.load(t.apps), (e: Error & { code: string; file: string }) => e.code === 'migrations.bad_file' && e.file.endsWith('0001_initial.ts'));
    } finally {
      t.cleanup();
    }
  });

  test('refuses a dependency on an app that is not installed, naming the file', async () => {
    const t = tempApps(['polls']);
    try {
      writeFileSync(join(t.apps[0]!.path, 'migrations', '0001_initial.ts'), file('0001', [['ghost', '0001_initial']]));
      await assert.rejects(MigrationLoader.load(t.apps), /0001_initial\.ts\) depends on app 'ghost'/);
    } finally {
      t.cleanup();
    }
  });

  test('uses a squashed migration when none or all of the replaced ones are applied', async () => {
    const t = tempApps(['polls']);
    try {
      const dir = join(t.apps[0]!.path, 'migrations');
      writeFileSync(join(dir, '0001_initial.ts'), file('0001', []));
      writeFileSync(join(dir, '0002_more.ts'), file('0002', [['polls', '0001_initial']]));
      writeFileSync(join(dir, '0001_squashed_0002_more.ts'), file('sq', [], ", replaces: [['polls', '0001_initial'], ['polls', '0002_more']]"));
      let loader = await MigrationLoader.load(t.apps);
      assert.deepEqual(loader.graph.leafNodes('polls'), ['polls.0001_squashed_0002_more']);
      loader = await MigrationLoader.load(t.apps, { applied: ['polls.0001_initial'] });
      assert.deepEqual(loader.graph.leafNodes('polls'), ['polls.0002_more']);
    } finally {
      t.cleanup();
    }
  });
});
