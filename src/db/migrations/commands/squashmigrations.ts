// `reinhardt squashmigrations app [start] end`: write one migration that replaces a range of an
// app's migrations, with its operations optimized.

import { writeFileSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Writable } from 'node:stream';
import { MigrationLoader, migrationsDir } from '../loader.ts';
import { squashMigrations } from '../squash.ts';
import { writeMigration } from '../writer.ts';
import { resolveEnv, type MigrationEnv } from './env.ts';

/** Options of `squashmigrations`. */
export interface SquashmigrationsOptions {
  appLabel: string;
  /** First migration to squash (name or prefix); default: the app's first. */
  startName?: string;
  /** Last migration to squash (name or prefix). */
  migrationName: string;
  /** `--squashed-name`: the name after the number. */
  squashedName?: string;
  stdout: Writable;
  cwd?: string;
  env?: Partial<MigrationEnv>;
}

function resolveName(loader: MigrationLoader, app: string, name: string): string {
  const names = [...loader.diskMigrations.values()].filter((m) => m.appLabel === app).map((m) => m.name);
  if (names.includes(name)) return name;
  const matches = names.filter((n) => n.startsWith(name));
  if (matches.length === 1) return matches[0]!;
  throw new Error(matches.length ? `More than one migration of '${app}' matches '${name}'` : `Cannot find a migration matching '${name}' in app '${app}'`);
}

/**
 * Squash migrations into one file; return the exit code.
 *
 * @example
 * await squashmigrations({ appLabel: 'polls', migrationName: '0004', stdout: process.stdout });
 * // Created polls/migrations/0001_squashed_0004_question_slug.ts (replaces 4 migrations, 9 -> 3 operations)
 */
export async function squashmigrations(opts: SquashmigrationsOptions): Promise<number> {
  const env = resolveEnv(opts.env);
  const apps = env.apps();
  const loader = await MigrationLoader.load(apps, { replaceMigrations: false });
  const app = loader.app(opts.appLabel);
  const end = resolveName(loader, app.label, opts.migrationName);
  const start = opts.startName ? resolveName(loader, app.label, opts.startName) : null;
  const squashed = squashMigrations(loader.graph, app.label, start, end, opts.squashedName);
  const before = squashed.replaces.reduce((n, [a, m]) => n + loader.graph.get(`${a}.${m}`).operations.length, 0);
  const dir = migrationsDir(app) ?? join(app.path, 'migrations');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${squashed.name}.ts`);
  writeFileSync(file, writeMigration(squashed));
  opts.stdout.write(`Created ${relative(opts.cwd ?? process.cwd(), file)} (replaces ${squashed.replaces.length} migrations, ${before} -> ${squashed.operations.length} operations)\n`);
  if (squashed.operations.some((o) => o.kind === 'RunCode')) {
    opts.stdout.write('Check the RunCode functions in the new file: they were copied as source text, so anything they used from their file (imports, helpers) must be added by hand.\n');
  }
  opts.stdout.write('Once every database has applied it, you can delete the replaced files and remove `replaces`.\n');
  return 0;
}
