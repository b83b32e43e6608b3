// The migration commands as CLI commands (`reinhardt makemigrations`, `migrate`, ...): each one
// declares its arguments and options and calls the plain function of the same name.

import { defineCommand, CommandError, type Command } from '../../../core/management/base.ts';
import { MigrationError } from '../errors.ts';
import { makemigrations } from './makemigrations.ts';
import { migrate } from './migrate.ts';
import { showmigrations } from './showmigrations.ts';
import { sqlmigrate } from './sqlmigrate.ts';
import { squashmigrations } from './squashmigrations.ts';
import { inspectdb } from './inspectdb.ts';

/** Turn migration errors into command errors (message without a stack trace, exit 1). */
async function run(fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof MigrationError) throw new CommandError(error.message, 1);
    throw error;
  }
}

const database = { type: 'string', default: 'default', help: 'the database alias' } as const;

const makemigrationsCommand = defineCommand({
  help: 'Create new migrations from the changes to the models.',
  args: [{ name: 'appLabels', help: 'only these apps', variadic: true }],
  options: {
    'dry-run': { type: 'boolean', help: 'show the migrations without writing them' },
    check: { type: 'boolean', help: 'exit 1 when model changes are missing a migration; write nothing' },
    empty: { type: 'boolean', help: 'write an empty migration for each named app' },
    name: { type: 'string', short: 'n', help: 'the migration name (after the number)' },
    merge: { type: 'boolean', help: 'write merge migrations for apps with conflicting leaves' },
    noinput: { type: 'boolean', help: 'never prompt; documented defaults apply' },
    'no-input': { type: 'boolean', help: 'same as --noinput' },
    rename: { type: 'string', multiple: true, help: "answer a rename: app.Model.old=new or app.Old=New" },
    default: { type: 'string', multiple: true, help: 'one-off value for existing rows: app.Model.field=<JSON>' },
  },
  async handle({ options, rest, stdout, stdin, cwd }) {
    return run(() =>
      makemigrations({
        appLabels: rest,
        dryRun: options['dry-run'],
        check: options.check,
        empty: options.empty,
        ...(options.name ? { name: options.name } : {}),
        merge: options.merge,
        noInput: options.noinput || options['no-input'],
        rename: options.rename,
        default: options.default,
        stdout,
        stdin: stdin as NodeJS.ReadableStream & import('node:stream').Readable,
        cwd,
      }),
    );
  },
});

const migrateCommand = defineCommand({
  help: 'Apply or unapply migrations to bring the database schema to a target.',
  args: [
    { name: 'appLabel', help: 'only this app', optional: true },
    { name: 'migrationName', help: "target migration (name, unique prefix, or 'zero')", optional: true },
  ],
  options: {
    database,
    fake: { type: 'boolean', help: 'record the migrations without running them' },
    'fake-initial': { type: 'boolean', help: 'fake initial migrations whose tables already exist' },
    plan: { type: 'boolean', help: 'show the operations that would run' },
    check: { type: 'boolean', help: 'exit 1 when migrations are unapplied; change nothing' },
    noinput: { type: 'boolean', help: 'never prompt (migrate does not prompt)' },
    'no-input': { type: 'boolean', help: 'same as --noinput' },
  },
  async handle({ options, args, stdout }) {
    return run(() =>
      migrate({
        ...(args.appLabel ? { appLabel: args.appLabel } : {}),
        ...(args.migrationName ? { target: args.migrationName } : {}),
        database: options.database,
        fake: options.fake,
        fakeInitial: options['fake-initial'],
        plan: options.plan,
        check: options.check,
        stdout,
      }),
    );
  },
});

const showmigrationsCommand = defineCommand({
  help: 'List migrations and whether they are applied.',
  args: [{ name: 'appLabels', help: 'only these apps', variadic: true }],
  options: {
    database,
    plan: { type: 'boolean', short: 'p', help: 'list every migration in apply order' },
    verbosity: { type: 'number', short: 'v', default: 1, help: '2 shows dependencies with --plan' },
  },
  async handle({ options, rest, stdout }) {
    return run(() => showmigrations({ appLabels: rest, plan: options.plan, database: options.database, verbosity: options.verbosity, stdout }));
  },
});

const sqlmigrateCommand = defineCommand({
  help: 'Print the SQL of a migration.',
  args: [
    { name: 'appLabel', help: 'the app' },
    { name: 'migrationName', help: 'the migration (name or unique prefix)' },
  ],
  options: { database, backwards: { type: 'boolean', help: 'the SQL that unapplies it' } },
  async handle({ options, args, stdout }) {
    return run(() => sqlmigrate({ appLabel: args.appLabel!, name: args.migrationName!, backwards: options.backwards, database: options.database, stdout }));
  },
});

const squashmigrationsCommand = defineCommand({
  help: "Squash a range of an app's migrations into one.",
  args: [
    { name: 'appLabel', help: 'the app' },
    { name: 'startOrEnd', help: 'the last migration to squash, or the first when two are given' },
    { name: 'end', help: 'the last migration to squash', optional: true },
  ],
  options: {
    'squashed-name': { type: 'string', help: 'the name of the squashed migration (after the number)' },
    noinput: { type: 'boolean', help: 'never prompt' },
  },
  async handle({ options, args, stdout, cwd }) {
    const [start, end] = args.end ? [args.startOrEnd, args.end] : [undefined, args.startOrEnd];
    return run(() =>
      squashmigrations({
        appLabel: args.appLabel!,
        ...(start ? { startName: start } : {}),
        migrationName: end!,
        ...(options['squashed-name'] ? { squashedName: options['squashed-name'] } : {}),
        stdout,
        cwd,
      }),
    );
  },
});

const inspectdbCommand = defineCommand({
  help: 'Print model declarations for the tables of an existing database.',
  args: [{ name: 'tables', help: 'only these tables', variadic: true }],
  options: {
    database,
    'app-label': { type: 'string', help: 'set appLabel in each model' },
    'include-views': { type: 'boolean', help: 'also write models for views' },
  },
  async handle({ options, rest, stdout }) {
    return run(() =>
      inspectdb({
        tables: rest,
        database: options.database,
        ...(options['app-label'] ? { appLabel: options['app-label'] } : {}),
        includeViews: options['include-views'],
        stdout,
      }),
    );
  },
});

/**
 * The migration commands by name, for the CLI's command table.
 *
 * @example
 * const builtinCommands = { ...others, ...migrationCommands };
 */
export const migrationCommands: Record<string, () => Promise<Command>> = {
  makemigrations: async () => makemigrationsCommand as unknown as Command,
  migrate: async () => migrateCommand as unknown as Command,
  showmigrations: async () => showmigrationsCommand as unknown as Command,
  sqlmigrate: async () => sqlmigrateCommand as unknown as Command,
  squashmigrations: async () => squashmigrationsCommand as unknown as Command,
  inspectdb: async () => inspectdbCommand as unknown as Command,
};
