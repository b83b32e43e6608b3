// `reinhardt inspectdb [table ...]`: print model declarations for an existing database.

import type { Writable } from 'node:stream';
import { inspectDatabase, type InspectIntrospection } from '../inspectdb.ts';
import { resolveEnv, type MigrationEnv } from './env.ts';

/** Options of `inspectdb`. */
export interface InspectdbOptions {
  /** Positional table names (default: every table). */
  tables?: string[];
  /** `--database` alias (default `'default'`). */
  database?: string;
  /** `--app-label`: put `appLabel` in each model's options. */
  appLabel?: string;
  /** `--include-views`: also write models for views. */
  includeViews?: boolean;
  stdout: Writable;
  env?: Partial<MigrationEnv>;
}

/**
 * Print model declarations for the database's tables; return the exit code.
 *
 * @example
 * await inspectdb({ stdout: process.stdout }); // export class PollsQuestion extends Model.define<...
 */
export async function inspectdb(opts: InspectdbOptions): Promise<number> {
  const env = resolveEnv(opts.env);
  const connection = env.connection(opts.database ?? 'default');
  const introspection = connection.introspection as unknown as InspectIntrospection;
  const text = await inspectDatabase(introspection, {
    ...(opts.tables?.length ? { tables: opts.tables } : {}),
    ...(opts.appLabel ? { appLabel: opts.appLabel } : {}),
    includeViews: opts.includeViews === true,
    skip: ['reinhardt_migrations'],
  });
  opts.stdout.write(text);
  return 0;
}
