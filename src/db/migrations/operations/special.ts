// Operations that escape the model state: raw SQL, code over historical models, and a wrapper
// that applies different operations to the database and to the state.

import { MigrationError } from '../errors.ts';
import type { ProjectState } from '../state.ts';
import { Operation, type DatabaseStep, type RunCodeContext } from './base.ts';

/** SQL accepted by `RunSQL`: one string, several statements, or statements with parameters. */
export type SqlSource = string | (string | [string, unknown[]])[];

function statements(sql: SqlSource): [string, unknown[]][] {
  if (typeof sql === 'string') return [[sql, []]];
  return sql.map((s) => (typeof s === 'string' ? [s, []] : [s[0], s[1]]));
}

/**
 * Run raw SQL forwards and, when given, `reverseSql` backwards. `stateOperations` tell the
 * state what the SQL did (so later autodetection knows).
 *
 * @example
 * new RunSQL({ sql: 'CREATE INDEX i ON polls_question (pub_date)', reverseSql: 'DROP INDEX i' });
 */
export class RunSQL extends Operation {
  readonly kind = 'RunSQL';
  /** Pass as `reverseSql` for a reversible step that does nothing backwards. */
  static readonly noop = '';
  sql: SqlSource;
  reverseSql: SqlSource | null;
  stateOperations: Operation[];

  constructor(args: { sql: SqlSource; reverseSql?: SqlSource | null; stateOperations?: Operation[] }) {
    super();
    this.sql = args.sql;
    this.reverseSql = args.reverseSql ?? null;
    this.stateOperations = args.stateOperations ?? [];
  }

  override get reversible(): boolean {
    return this.reverseSql !== null;
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    for (const op of this.stateOperations) op.stateForwards(appLabel, state);
  }

  async databaseForwards(step: DatabaseStep): Promise<void> {
    for (const [sql, params] of statements(this.sql)) if (sql.trim()) await step.schema.executeSql(sql, params);
  }

  async databaseBackwards(step: DatabaseStep): Promise<void> {
    if (this.reverseSql === null) {
      throw new MigrationError('RunSQL has no reverseSql, so it cannot be unapplied; add reverseSql (RunSQL.noop to do nothing)', 'migrations.irreversible');
    }
    for (const [sql, params] of statements(this.reverseSql)) if (sql.trim()) await step.schema.executeSql(sql, params);
  }

  describe(): string {
    return 'Raw SQL operation';
  }

  deconstruct(): Record<string, unknown> {
    const out: Record<string, unknown> = { sql: this.sql };
    if (this.reverseSql !== null) out.reverseSql = this.reverseSql;
    if (this.stateOperations.length) out.stateOperations = this.stateOperations;
    return out;
  }
}

/** A function run by `RunCode`. */
export type RunCodeFunction = (ctx: RunCodeContext) => Promise<void> | void;

/**
 * Run a function over the historical models (a data migration), and `reverseCode` backwards.
 *
 * Differs from Django: `RunPython` is `RunCode`; the function receives one context object
 * `{ apps, schema, connection, using }` and may be async.
 *
 * @example
 * new RunCode({
 *   code: async ({ apps }) => {
 *     const Question = apps.getModel('polls.Question');
 *     for (const q of await Question.all()) await Question.update({ id: q.id }, { slug: String(q.id) });
 *   },
 *   reverseCode: RunCode.noop,
 * });
 */
export class RunCode extends Operation {
  readonly kind = 'RunCode';
  /** Pass as `reverseCode` for a reversible step that does nothing backwards. */
  static readonly noop: RunCodeFunction = () => {};
  code: RunCodeFunction;
  reverseCode: RunCodeFunction | null;
  hints: Record<string, unknown>;

  constructor(args: { code: RunCodeFunction; reverseCode?: RunCodeFunction | null; hints?: Record<string, unknown> }) {
    super();
    if (typeof args.code !== 'function') {
      throw new MigrationError('RunCode needs a function as `code`', 'migrations.invalid_operation');
    }
    this.code = args.code;
    this.reverseCode = args.reverseCode ?? null;
    this.hints = args.hints ?? {};
  }

  override get reversible(): boolean {
    return this.reverseCode !== null;
  }

  stateForwards(): void {}

  async databaseForwards(step: DatabaseStep): Promise<void> {
    await this.code(step.runCodeContext(step.fromState));
  }

  async databaseBackwards(step: DatabaseStep): Promise<void> {
    if (this.reverseCode === null) {
      throw new MigrationError('RunCode has no reverseCode, so it cannot be unapplied; add reverseCode (RunCode.noop to do nothing)', 'migrations.irreversible');
    }
    await this.reverseCode(step.runCodeContext(step.fromState));
  }

  describe(): string {
    return `Run code${this.code.name ? ` ${this.code.name}` : ''}`;
  }

  deconstruct(): Record<string, unknown> {
    const out: Record<string, unknown> = { code: this.code };
    if (this.reverseCode !== null) out.reverseCode = this.reverseCode;
    return out;
  }
}

/**
 * Apply `databaseOperations` to the database and `stateOperations` to the state: for changes
 * the database already has, or that must happen differently in each.
 *
 * @example
 * new SeparateDatabaseAndState({ stateOperations: [new DeleteModel({ name: 'Legacy' })], databaseOperations: [] });
 */
export class SeparateDatabaseAndState extends Operation {
  readonly kind = 'SeparateDatabaseAndState';
  databaseOperations: Operation[];
  stateOperations: Operation[];

  constructor(args: { databaseOperations?: Operation[]; stateOperations?: Operation[] }) {
    super();
    this.databaseOperations = args.databaseOperations ?? [];
    this.stateOperations = args.stateOperations ?? [];
  }

  override get reversible(): boolean {
    return this.databaseOperations.every((o) => o.reversible);
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    for (const op of this.stateOperations) op.stateForwards(appLabel, state);
  }

  async databaseForwards(step: DatabaseStep): Promise<void> {
    let from = step.fromState;
    for (const op of this.databaseOperations) {
      const to = from.clone();
      op.stateForwards(step.appLabel, to);
      await op.databaseForwards({ ...step, fromState: from, toState: to });
      from = to;
    }
  }

  async databaseBackwards(step: DatabaseStep): Promise<void> {
    // Rebuild the intermediate states from the state before, then undo in reverse order.
    const states: ProjectState[] = [step.toState];
    for (const op of this.databaseOperations) {
      const next = states[states.length - 1]!.clone();
      op.stateForwards(step.appLabel, next);
      states.push(next);
    }
    for (let i = this.databaseOperations.length - 1; i >= 0; i--) {
      await this.databaseOperations[i]!.databaseBackwards({ ...step, fromState: states[i + 1]!, toState: states[i]! });
    }
  }

  describe(): string {
    return 'Custom state/database change combination';
  }

  deconstruct(): Record<string, unknown> {
    return { databaseOperations: this.databaseOperations, stateOperations: this.stateOperations };
  }
}
