// The operation contract: every operation knows its change to the project state and its SQL in
// both directions (through the schema actions), describes itself for humans and for the
// writer, and proposes a name fragment for the migration file.

import type { ProjectState } from '../state.ts';
import type { ColumnSpec, ConstraintSpec, IndexSpec, TableSpec } from '../db-types.ts';

/**
 * The schema changes an operation may ask for. The executor implements it on top of the
 * connection's schema editor; each method receives the full table spec as it is before the
 * change, so a backend that must rebuild a table (SQLite) has everything it needs.
 */
export interface SchemaActions {
  createTable(table: TableSpec): Promise<void>;
  deleteTable(table: TableSpec): Promise<void>;
  renameTable(table: TableSpec, newName: string): Promise<void>;
  addColumn(table: TableSpec, column: ColumnSpec): Promise<void>;
  removeColumn(table: TableSpec, column: ColumnSpec): Promise<void>;
  alterColumn(table: TableSpec, oldColumn: ColumnSpec, newColumn: ColumnSpec): Promise<void>;
  renameColumn(table: TableSpec, oldColumn: ColumnSpec, newColumn: ColumnSpec): Promise<void>;
  addIndex(table: TableSpec, index: IndexSpec): Promise<void>;
  removeIndex(table: TableSpec, index: IndexSpec): Promise<void>;
  renameIndex(table: TableSpec, oldName: string, newName: string): Promise<void>;
  addConstraint(table: TableSpec, constraint: ConstraintSpec): Promise<void>;
  removeConstraint(table: TableSpec, constraint: ConstraintSpec): Promise<void>;
  alterUniqueTogether(table: TableSpec, oldSets: string[][], newSets: string[][]): Promise<void>;
  executeSql(sql: string, params?: unknown[]): Promise<void>;
  quoteName(name: string): string;
}

/** What `RunCode` functions receive: the historical models and the database handles. */
export interface RunCodeContext {
  /** The project state at this point of the history (historical models). */
  apps: HistoricalApps;
  schema: SchemaActions;
  /** The connection the migration runs on (`execute`, `query`, ...). */
  connection: unknown;
  /** The database alias. */
  using: string;
}

/** Historical models: look a model up as it was at this point of the migration history. */
export interface HistoricalApps {
  /** Return the historical model (state, table and a small row API) for `'app.Model'`. */
  getModel(ref: string): HistoricalModel;
  readonly state: ProjectState;
}

/** A model as it was at one point of the history, with a small row API over its table. */
export interface HistoricalModel {
  readonly appLabel: string;
  readonly name: string;
  readonly table: string;
  /** Field name -> column name. */
  readonly columns: Record<string, string>;
  /** Return every row as an object keyed by field name. */
  all(): Promise<Record<string, unknown>[]>;
  /** Insert one row (keys are field names); returns the values with the new primary key. */
  create(values: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Update the rows matching `where` (equality on field names) with `values`. */
  update(where: Record<string, unknown>, values: Record<string, unknown>): Promise<number>;
  /** Delete the rows matching `where` (equality on field names; `{}` deletes all). */
  delete(where: Record<string, unknown>): Promise<number>;
}

/** Everything an operation's database step receives. */
export interface DatabaseStep {
  appLabel: string;
  schema: SchemaActions;
  fromState: ProjectState;
  toState: ProjectState;
  /** Build a RunCode context for the given state. */
  runCodeContext(state: ProjectState): RunCodeContext;
}

/**
 * Base of every migration operation.
 *
 * Differs from Django: `databaseForwards`/`databaseBackwards` are async and receive one
 * `DatabaseStep` object; operations are recognised by their `kind`, not by class identity, so a
 * migration file may import a different copy of the package.
 */
export abstract class Operation {
  /** The operation's class name, as written in migration files. */
  abstract readonly kind: string;
  /** Whether `databaseBackwards` can undo this operation. */
  get reversible(): boolean {
    return true;
  }
  /** Whether this operation changes the database (a state-only operation returns false). */
  get touchesDatabase(): boolean {
    return true;
  }

  /** Apply this operation's change to the project state (which the caller has cloned). */
  abstract stateForwards(appLabel: string, state: ProjectState): void;

  /** Apply the change to the database, going from `fromState` to `toState`. */
  abstract databaseForwards(step: DatabaseStep): Promise<void>;

  /**
   * Undo the change on the database. `fromState` is the state after the operation and
   * `toState` the state before it.
   */
  abstract databaseBackwards(step: DatabaseStep): Promise<void>;

  /** Describe the operation for humans (`makemigrations`, `sqlmigrate` comments). */
  abstract describe(): string;

  /** Return the constructor argument object that rebuilds this operation (for the writer). */
  abstract deconstruct(): Record<string, unknown>;

  /** Return a short snake_case fragment for the migration name, or `null`. */
  get migrationNameFragment(): string | null {
    return null;
  }
}

/** Return the lower-cased model name used in name fragments. */
export function lower(name: string): string {
  return name.toLowerCase();
}
