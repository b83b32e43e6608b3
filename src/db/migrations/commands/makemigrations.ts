// `reinhardt makemigrations`: compare the models with the state the migration files build and
// write new migration files (or, with --check, fail when some are missing).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { MigrationAutodetector } from '../autodetector.ts';
import { MigrationError } from '../errors.ts';
import { MigrationLoader, conflictMessage, migrationsDir } from '../loader.ts';
import { makeMergeMigrations } from '../merge.ts';
import { Migration } from '../migration.ts';
import { MigrationQuestioner } from '../questioner.ts';
import { writeEmptyMigration, writeMigration } from '../writer.ts';
import { resolveEnv, type MigrationEnv } from './env.ts';

/** Options of `makemigrations` (the CLI flags in camelCase). */
export interface MakemigrationsOptions {
  /** Only these apps (positional `app_label ...`). */
  appLabels?: string[];
  /** `--dry-run`: show what would be written. */
  dryRun?: boolean;
  /** `--check`: exit 1 when changes are missing a migration; write nothing. */
  check?: boolean;
  /** `--empty`: write an empty migration for each named app. */
  empty?: boolean;
  /** `--name`: the migration name (after the number). */
  name?: string;
  /** `--merge`: write merge migrations for apps with conflicting leaves. */
  merge?: boolean;
  /** `--noinput`: never prompt (documented defaults apply). */
  noInput?: boolean;
  /** `--rename app.Model.old=new` / `--rename app.Old=New` (repeatable). */
  rename?: string[];
  /** `--default app.Model.field=<JSON>` (repeatable): one-off defaults for existing rows. */
  default?: string[];
  stdout: Writable;
  stdin?: Readable;
  /** The working directory, for printing relative paths. */
  cwd?: string;
  env?: Partial<MigrationEnv>;
}

function writeFiles(list: Migration[], dirs: Map<string, string>, opts: MakemigrationsOptions, render: (m: Migration) => string): void {
  const cwd = opts.cwd ?? process.cwd();
  for (const m of list) {
    const dir = dirs.get(m.appLabel)!;
    const file = join(dir, `${m.name}.ts`);
    opts.stdout.write(`Migrations for '${m.appLabel}':\n  ${relative(cwd, file)}\n`);
    for (const op of m.operations) opts.stdout.write(`    - ${op.describe()}\n`);
    if (opts.dryRun || opts.check) continue;
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, render(m));
  }
}

/**
 * Detect model changes and write migration files; return the exit code.
 *
 * @example
 * await makemigrations({ appLabels: ['polls'], rename: ['polls.Question.text=questionText'], noInput: true, stdout: process.stdout });
 * // Migrations for 'polls':
 * //   polls/migrations/0002_rename_text_question_questiontext.ts
 * //     - Rename field text on Question to questionText
 */
export async function makemigrations(opts: MakemigrationsOptions): Promise<number> {
  const env = resolveEnv(opts.env);
  const apps = env.apps();
  const labels = opts.appLabels ?? [];
  const loader = await MigrationLoader.load(apps);
  for (const label of labels) loader.app(label);
  const dirs = new Map(apps.map((a) => [a.label, migrationsDir(a) ?? join(a.path, 'migrations')]));

  const conflicts = loader.detectConflicts();
  if (labels.length) for (const app of [...conflicts.keys()]) if (!labels.includes(app)) conflicts.delete(app);
  if (opts.merge) {
    const merges = makeMergeMigrations(loader.graph, labels, opts.name);
    if (!merges.length) {
      opts.stdout.write('No conflicts detected to merge.\n');
      return 0;
    }
    writeFiles(merges, dirs, opts, (m) => writeMigration(m));
    return 0;
  }
  if (conflicts.size) throw new MigrationError(conflictMessage(loader.graph, conflicts), 'migrations.conflict');

  if (opts.empty) {
    if (!labels.length) throw new MigrationError('makemigrations --empty needs at least one app label', 'migrations.bad_option');
    const empties = labels.map((app) => {
      const leaves = loader.graph.leafNodes(app);
      const numbers = [...loader.graph.nodes.values()].filter((m) => m.appLabel === app).map((m) => Number.parseInt(m.name, 10)).filter((n) => !Number.isNaN(n));
      const number = String(Math.max(0, ...numbers) + 1).padStart(4, '0');
      return new Migration(app, `${number}_${opts.name ?? (leaves.length ? 'custom' : 'initial')}`, {
        dependencies: leaves.map((k) => [app, k.slice(app.length + 1)]),
        initial: leaves.length === 0,
      });
    });
    writeFiles(empties, dirs, opts, (m) => writeEmptyMigration(m));
    return 0;
  }

  const questioner = new MigrationQuestioner({
    renames: opts.rename ?? [],
    defaults: opts.default ?? [],
    noInput: opts.noInput === true || opts.check === true,
    ...(opts.stdin ? { input: opts.stdin } : {}),
    output: opts.stdout,
  });
  const detector = new MigrationAutodetector(loader.projectState(), env.currentState(), questioner);
  const changes = await detector.changes(loader.graph, { ...(labels.length ? { apps: labels } : {}), ...(opts.name ? { name: opts.name } : {}) });
  for (const key of questioner.unusedAnswers()) {
    opts.stdout.write(`Warning: --rename ${key}=... matched no change; check the names (old name as in the migrations, new name as in the models).\n`);
  }
  if (!changes.size) {
    opts.stdout.write(labels.length === 1 ? `No changes detected in app '${labels[0]}'\n` : labels.length ? `No changes detected in apps '${labels.join("', '")}'\n` : 'No changes detected\n');
    return 0;
  }
  writeFiles([...changes.values()].flat(), dirs, opts, (m) => writeMigration(m));
  if (opts.check) {
    opts.stdout.write('Your models have changes that are not yet reflected in a migration; run makemigrations.\n');
    return 1;
  }
  return 0;
}
