// Squash a range of an app's migrations into one that `replaces` them: operations optimized,
// dependencies kept from outside the range. Old databases keep working: a squashed migration
// stands in for its originals once all or none of them are applied.

import { MigrationError } from './errors.ts';
import type { MigrationGraph } from './graph.ts';
import { Migration, type MigrationKey } from './migration.ts';
import { optimize } from './optimizer.ts';

/**
 * Return the squashed migration for `app` from `start` (or the first) to `end`.
 *
 * @example
 * squashMigrations(loader.graph, 'polls', null, '0004_question_slug').name; // '0001_squashed_0004_question_slug'
 */
export function squashMigrations(graph: MigrationGraph, app: string, start: string | null, end: string, name?: string): Migration {
  const endKey = `${app}.${end}`;
  graph.get(endKey);
  let plan = graph.forwardsPlan(endKey).filter((k) => graph.get(k).appLabel === app);
  if (start !== null) {
    const idx = plan.indexOf(`${app}.${start}`);
    if (idx < 0) throw new MigrationError(`${app}.${start} is not before ${app}.${end}; nothing to squash`, 'migrations.bad_squash');
    plan = plan.slice(idx);
  }
  const squashed = plan.map((k) => graph.get(k));
  for (const m of squashed) {
    if (m.replaces.length) {
      throw new MigrationError(`${m.key} (${m.where}) is itself a squashed migration; squash the original migrations or delete the replaced ones first`, 'migrations.bad_squash');
    }
  }
  const inRange = new Set(plan);
  const deps: MigrationKey[] = [];
  const seen = new Set<string>();
  for (const m of squashed) {
    for (const [a, n] of m.dependencies) {
      const key = `${a}.${n}`;
      if (inRange.has(key) || seen.has(key)) continue;
      seen.add(key);
      deps.push([a, n]);
    }
  }
  const operations = optimize(squashed.flatMap((m) => m.operations), app);
  const first = squashed[0]!;
  const prefix = first.name.split('_')[0]!;
  const fullName = name ? `${prefix}_${name}` : `${prefix}_squashed_${end}`;
  return new Migration(app, fullName, {
    replaces: squashed.map((m) => [app, m.name] as MigrationKey),
    initial: squashed.some((m) => m.initial),
    dependencies: deps,
    operations,
  });
}
