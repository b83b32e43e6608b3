// Merge migrations: when two branches each added a migration to the same app, the app has two
// leaves; a merge migration depends on both and carries no operations.

import type { MigrationGraph } from './graph.ts';
import { Migration } from './migration.ts';

/**
 * Return one merge migration per app with conflicting leaves.
 *
 * @example
 * makeMergeMigrations(loader.graph); // [Migration polls.0003_merge_0002_a_0002_b]
 */
export function makeMergeMigrations(graph: MigrationGraph, apps?: string[], name?: string): Migration[] {
  const out: Migration[] = [];
  for (const [app, leaves] of graph.conflicts()) {
    if (apps?.length && !apps.includes(app)) continue;
    const names = leaves.map((k) => k.slice(app.length + 1));
    const numbers = [...graph.nodes.values()].filter((m) => m.appLabel === app).map((m) => Number.parseInt(m.name, 10)).filter((n) => !Number.isNaN(n));
    const next = String(Math.max(0, ...numbers) + 1).padStart(4, '0');
    let suffix = name ?? `merge_${names.join('_')}`;
    if (suffix.length > 80) suffix = `merge_${names.map((n) => n.slice(0, 4)).join('_')}`;
    out.push(new Migration(app, `${next}_${suffix}`, { dependencies: names.map((n) => [app, n]) }));
  }
  return out;
}
