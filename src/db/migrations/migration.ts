// A migration: a named list of operations with explicit dependencies, as a migration file
// declares it with `defineMigration({...})`. The loader fills in its app label, name and file.

import type { Operation } from './operations/base.ts';
import type { ProjectState } from './state.ts';

/** A reference to a migration: `[appLabel, name]`; `name` may be `'__first__'` or `'__latest__'`. */
export type MigrationKey = [appLabel: string, name: string];

/**
 * What a migration file exports as its default export.
 */
export interface MigrationSpec {
  /** Migrations that must be applied before this one. */
  dependencies?: MigrationKey[];
  operations?: Operation[];
  /** Migrations this one squashes (set by `squashmigrations`). */
  replaces?: MigrationKey[];
  /** Whether this migration creates its app's first tables (used by `--fake-initial`). */
  initial?: boolean;
  /** Run inside one transaction where DDL is transactional (default true). */
  atomic?: boolean;
  /** Migrations (of other apps) that must run after this one. */
  runBefore?: MigrationKey[];
}

/**
 * Declare a migration in a migration file (an identity function that types the object).
 *
 * @example
 * import { defineMigration, CreateModel } from 'reinhardt/db/migrations';
 * export default defineMigration({
 *   dependencies: [['auth', '0001_initial']],
 *   operations: [new CreateModel({ name: 'Question', fields: { id: { type: 'BigAutoField', primaryKey: true } } })],
 * });
 */
export function defineMigration(spec: MigrationSpec): MigrationSpec {
  return spec;
}

/**
 * A loaded migration: the spec plus its app label, name and file.
 */
export class Migration {
  readonly appLabel: string;
  readonly name: string;
  /** The file it was loaded from (absolute), or `null` for one built in memory. */
  readonly file: string | null;
  dependencies: MigrationKey[];
  operations: Operation[];
  replaces: MigrationKey[];
  initial: boolean;
  atomic: boolean;
  runBefore: MigrationKey[];

  constructor(appLabel: string, name: string, spec: MigrationSpec = {}, file: string | null = null) {
    this.appLabel = appLabel;
    this.name = name;
    this.file = file;
    this.dependencies = [...(spec.dependencies ?? [])];
    this.operations = [...(spec.operations ?? [])];
    this.replaces = [...(spec.replaces ?? [])];
    this.initial = spec.initial ?? false;
    this.atomic = spec.atomic ?? true;
    this.runBefore = [...(spec.runBefore ?? [])];
  }

  /** The `app.name` key of this migration. */
  get key(): string {
    return `${this.appLabel}.${this.name}`;
  }

  /** Where to point a reader: the file, else the key. */
  get where(): string {
    return this.file ?? this.key;
  }

  /** Apply every operation to a copy of `state` and return the copy. */
  mutateState(state: ProjectState, preserve = true): ProjectState {
    const next = preserve ? state.clone() : state;
    for (const op of this.operations) op.stateForwards(this.appLabel, next);
    return next;
  }
}
