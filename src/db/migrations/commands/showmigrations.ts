// `reinhardt showmigrations`: list each app's migrations with [X] for applied, or the whole
// plan in order with --plan.

import type { Writable } from 'node:stream';
import { MigrationExecutor } from '../executor.ts';
import { resolveEnv, type MigrationEnv } from './env.ts';

/** Options of `showmigrations`. */
export interface ShowmigrationsOptions {
  /** Positional app labels (default: all apps). */
  appLabels?: string[];
  /** `--plan`: every migration in apply order, with its dependencies when `verbosity >= 2`. */
  plan?: boolean;
  /** `--database` alias (default `'default'`). */
  database?: string;
  verbosity?: number;
  stdout: Writable;
  env?: Partial<MigrationEnv>;
}

/**
 * Print the migrations and whether they are applied; return the exit code.
 *
 * @example
 * await showmigrations({ stdout: process.stdout });
 * // polls
 * //  [X] 0001_initial
 * //  [ ] 0002_question_votes
 */
export async function showmigrations(opts: ShowmigrationsOptions): Promise<number> {
  const env = resolveEnv(opts.env);
  const executor = await MigrationExecutor.create(env.connection(opts.database ?? 'default'), env.apps());
  const { graph, applied } = executor.loader;
  const out = opts.stdout;
  const labels = opts.appLabels?.length ? opts.appLabels : executor.apps.map((a) => a.label).sort();
  for (const label of labels) executor.loader.app(label);
  if (opts.plan) {
    const leaves = graph.leafNodes().filter((k) => labels.includes(graph.get(k).appLabel));
    for (const key of graph.fullPlan(leaves)) {
      const deps = [...graph.parents.get(key)!].sort();
      const suffix = (opts.verbosity ?? 1) >= 2 && deps.length ? ` ... (${deps.join(', ')})` : '';
      out.write(`[${applied.has(key) ? 'X' : ' '}]  ${key}${suffix}\n`);
    }
    return 0;
  }
  for (const label of labels) {
    out.write(`${label}\n`);
    const roots = graph.rootNodes(label);
    const shown = new Set<string>();
    for (const leaf of graph.leafNodes(label)) {
      for (const key of graph.forwardsPlan(leaf)) {
        const m = graph.get(key);
        if (m.appLabel !== label || shown.has(key)) continue;
        shown.add(key);
        const replaced = executor.loader.replacements.get(key);
        const note = replaced ? ` (${replaced.length} squashed migrations)` : '';
        out.write(` [${applied.has(key) ? 'X' : ' '}] ${m.name}${note}\n`);
      }
    }
    if (!roots.length) out.write(' (no migrations)\n');
  }
  return 0;
}
