// `reinhardt sqlmigrate app name`: print the SQL a migration runs (or, with --backwards, the
// SQL that unapplies it) without touching the database.

import type { Writable } from 'node:stream';
import { MigrationExecutor } from '../executor.ts';
import { resolveEnv, type MigrationEnv } from './env.ts';
import { MigrationError } from '../errors.ts';

/** Options of `sqlmigrate`. */
export interface SqlmigrateOptions {
  appLabel: string;
  /** A migration name or unique prefix. */
  name: string;
  /** `--backwards`: the SQL to unapply it. */
  backwards?: boolean;
  /** `--database` alias (default `'default'`). */
  database?: string;
  stdout: Writable;
  env?: Partial<MigrationEnv>;
}

/**
 * Print a migration's SQL; return the exit code.
 *
 * @example
 * await sqlmigrate({ appLabel: 'polls', name: '0001', stdout: process.stdout });
 * // -- Create model Question
 * // CREATE TABLE "polls_question" (...);
 */
export async function sqlmigrate(opts: SqlmigrateOptions): Promise<number> {
  const env = resolveEnv(opts.env);
  const connection = env.connection(opts.database ?? 'default');
  const executor = await MigrationExecutor.create(connection, env.apps());
  const [app, name] = executor.resolveTarget(opts.appLabel, opts.name);
  if (name === null) throw new MigrationError("sqlmigrate needs a migration name, not 'zero'", 'migrations.bad_option');
  const migration = executor.loader.graph.get(`${app}.${name}`);
  const atomic = migration.atomic && connection.features.canRollbackDdl;
  const lines = await executor.collectSql(migration, opts.backwards === true);
  if (atomic) opts.stdout.write('BEGIN;\n');
  for (const line of lines) opts.stdout.write(line.startsWith('--') ? `${line}\n` : `${line.replace(/;\s*$/, '')};\n`);
  if (atomic) opts.stdout.write('COMMIT;\n');
  return 0;
}
