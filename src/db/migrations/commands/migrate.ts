// `reinhardt migrate`: apply or unapply migrations to bring the database to a target, with
// --fake, --fake-initial and --plan.

import type { Writable } from 'node:stream';
import { MigrationAutodetector } from '../autodetector.ts';
import { MigrationExecutor, type MigrationTarget } from '../executor.ts';
import { MigrationQuestioner } from '../questioner.ts';
import { PassThrough } from 'node:stream';
import { resolveEnv, type MigrationEnv } from './env.ts';
import { MigrationError } from '../errors.ts';

/** Options of `migrate` (the CLI flags in camelCase). */
export interface MigrateCommandOptions {
  /** Positional `app_label`: only this app. */
  appLabel?: string;
  /** Positional `migration_name`: a name, a unique prefix, or `zero`. */
  target?: string;
  /** `--database` alias (default `'default'`). */
  database?: string;
  /** `--fake`: record without running. */
  fake?: boolean;
  /** `--fake-initial`: fake initial migrations whose tables already exist. */
  fakeInitial?: boolean;
  /** `--plan`: print the plan and stop. */
  plan?: boolean;
  /** `--check`: exit 1 when there are unapplied migrations; change nothing. */
  check?: boolean;
  stdout: Writable;
  env?: Partial<MigrationEnv>;
}

/**
 * Migrate the database; return the exit code.
 *
 * @example
 * await migrate({ appLabel: 'polls', target: '0001', stdout: process.stdout });
 * // Operations to perform:
 * //   Target specific migration: 0001_initial, from polls
 * // Running migrations:
 * //   Unapplying polls.0002_question_votes... OK
 */
export async function migrate(opts: MigrateCommandOptions): Promise<number> {
  const env = resolveEnv(opts.env);
  const connection = env.connection(opts.database ?? 'default');
  const executor = await MigrationExecutor.create(connection, env.apps());
  executor.checkConflicts();
  if (opts.appLabel !== undefined) {
    executor.loader.app(opts.appLabel);
    if (executor.loader.unmigratedApps.has(opts.appLabel)) {
      throw new MigrationError(`App '${opts.appLabel}' does not have migrations; run 'reinhardt makemigrations ${opts.appLabel}' first`, 'migrations.no_migrations');
    }
  }
  let targets: MigrationTarget[];
  if (opts.target !== undefined) {
    targets = [executor.resolveTarget(opts.appLabel!, opts.target)];
  } else {
    targets = executor.leafTargets(opts.appLabel);
  }
  const out = opts.stdout;
  const plan = executor.migrationPlan(targets);
  if (opts.plan) {
    out.write('Planned operations:\n');
    if (!plan.length) out.write('  No planned migration operations.\n');
    for (const { migration, backwards } of plan) {
      out.write(`${migration.key}${backwards ? ' (unapply)' : ''}\n`);
      const ops = backwards ? [...migration.operations].reverse() : migration.operations;
      for (const op of ops) out.write(`    ${backwards && !op.reversible ? 'IRREVERSIBLE: ' : ''}${op.describe()}\n`);
    }
    return 0;
  }
  if (opts.check) return plan.length ? 1 : 0;
  out.write('Operations to perform:\n');
  if (opts.target !== undefined) {
    const [app, name] = targets[0]!;
    out.write(name === null ? `  Unapply all migrations: ${app}\n` : `  Target specific migration: ${name}, from ${app}\n`);
  } else {
    const labels = opts.appLabel ? [opts.appLabel] : [...new Set(targets.map((t) => t[0]))].sort();
    out.write(`  Apply all migrations: ${labels.join(', ') || '(none)'}\n`);
  }
  out.write('Running migrations:\n');
  const done = await executor.migrate(targets, {
    fake: opts.fake === true,
    fakeInitial: opts.fakeInitial === true,
    onProgress: (e) => {
      const verb = e.action.startsWith('apply') ? 'Applying' : 'Unapplying';
      if (e.action === 'apply_start' || e.action === 'unapply_start') out.write(`  ${verb} ${e.migration.key}...`);
      else if (e.action === 'apply_success' || e.action === 'unapply_success') out.write(e.fake ? ' FAKED\n' : ' OK\n');
    },
  });
  if (!done.length) out.write('  No migrations to apply.\n');
  // Tell the user when the models have moved on without a migration.
  if (!opts.appLabel && !done.some((s) => s.backwards)) {
    try {
      const detector = new MigrationAutodetector(executor.loader.projectState(), env.currentState(), new MigrationQuestioner({ noInput: true, output: new PassThrough() }));
      const changes = await detector.changes(executor.loader.graph);
      if (changes.size) {
        out.write(`  Your models in app(s): ${[...changes.keys()].map((a) => `'${a}'`).join(', ')} have changes that are not yet reflected in a migration, and so won't be applied.\n`);
        out.write("  Run 'reinhardt makemigrations' to make new migrations, and then re-run 'reinhardt migrate' to apply them.\n");
      }
    } catch {
      // The hint is best effort: a model state that needs answers is reported by makemigrations.
    }
  }
  return 0;
}
