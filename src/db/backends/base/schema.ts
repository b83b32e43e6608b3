// The schema editor: turns TableSpec/ColumnSpec descriptions into DDL and runs it (or collects
// it for sqlmigrate). Vendors override the type table and the statements that differ; SQLite
// rebuilds tables for changes it cannot ALTER.
import { NotSupportedError, ProgrammingError } from '../../utils.ts';
import { BaseSchemaSql } from './schema-sql.ts';
import type { BaseDatabaseWrapper } from './base.ts';
import type { ConstraintInfo } from './introspection.ts';
import { atomicOn } from './atomic.ts';
import type { ColumnSpec, ConstraintSpec, IndexSpec, SqlFragment, TableSpec } from './schema-spec.ts';

export type { ColumnSpec, ConstraintSpec, IndexSpec, SqlFragment, TableSpec } from './schema-spec.ts';

/** Options of `conn.schemaEditor()`. */
export interface SchemaEditorOptions {
  /** Collect statements in `collectedSql` instead of running them (sqlmigrate). */
  collectSql?: boolean | undefined;
  /**
   * Queue foreign-key constraints and add them at the end of `run()` (or `flushDeferred()`), so
   * tables may reference tables created later in the same migration (Django's deferred SQL).
   * Default: on inside `run()`, off for direct calls.
   */
  deferForeignKeys?: boolean | undefined;
}

/**
 * Run DDL for a table described by a TableSpec. Every method that changes an existing table
 * takes the table's full spec AS IT IS BEFORE the change (SQLite needs it to rebuild).
 *
 * Differs from Django: methods take plain specs (what `field.columnSpec()` and model meta
 * return), not model classes; every name is validated and quoted; column/unique/check/FK
 * constraints get deterministic names so later changes can drop them without introspection.
 *
 * @example
 * const editor = conn.schemaEditor();
 * await editor.createTable({ name: 'polls_question', columns: [
 *   { name: 'id', internalType: 'BigAutoField', null: false, primaryKey: true },
 *   { name: 'question_text', internalType: 'CharField', maxLength: 200, null: false },
 * ] });
 * // SQLite: CREATE TABLE "polls_question" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "question_text" varchar(200) NOT NULL)
 */
export class BaseDatabaseSchemaEditor extends BaseSchemaSql {
  readonly collectSql: boolean;
  /** Statements collected in collectSql mode, with parameters inlined as literals. */
  readonly collectedSql: string[] = [];
  /** Foreign-key statements waiting for `flushDeferred()`. */
  readonly deferredSql: string[] = [];
  #deferForeignKeys: boolean | undefined;

  constructor(connection: BaseDatabaseWrapper, options: SchemaEditorOptions = {}) {
    super(connection);
    this.collectSql = options.collectSql ?? false;
    this.#deferForeignKeys = options.deferForeignKeys;
  }

  /** Whether foreign keys are queued instead of created immediately. */
  protected get defersForeignKeys(): boolean {
    return this.#deferForeignKeys ?? false;
  }

  /** Run the queued foreign-key statements. */
  async flushDeferred(): Promise<void> {
    while (this.deferredSql.length) await this.executeSql(this.deferredSql.shift()!);
  }

  /**
   * Add queued foreign keys before any change other than creating tables or adding columns,
   * so no later statement (rename, drop, alter) meets a constraint that does not exist yet.
   */
  protected async beforeChange(): Promise<void> {
    if (this.deferredSql.length) await this.flushDeferred();
  }

  // ---- execution ---------------------------------------------------------------------------

  /**
   * Run `fn` with this editor; in one transaction when `atomic` (default: the database can roll
   * DDL back, `features.canRollbackDdl`). Migrations run each migration through this. On
   * SQLite it also switches foreign-key enforcement off around the transaction (table
   * rebuilds need it) and checks every foreign key before committing.
   *
   * @example
   * await conn.schemaEditor().run(async (editor) => {
   *   await editor.addColumn(spec, { name: 'votes', internalType: 'IntegerField', null: true });
   * });
   */
  async run<T>(fn: (editor: this) => T | Promise<T>, options: { atomic?: boolean } = {}): Promise<T> {
    const useAtomic = !this.collectSql && (options.atomic ?? this.connection.features.canRollbackDdl);
    const body = async () => {
      const previous = this.#deferForeignKeys;
      this.#deferForeignKeys ??= true;
      try {
        const result = await fn(this);
        await this.flushDeferred();
        return result;
      } finally {
        this.#deferForeignKeys = previous;
      }
    };
    return useAtomic ? atomicOn(this.connection, body) : body();
  }

  /** Run one DDL statement (or collect it). Params are inlined as quoted literals. */
  async executeSql(sql: string, params: readonly unknown[] = []): Promise<void> {
    const text = params.length ? this.inlineParams(sql, params) : sql;
    if (this.collectSql) {
      this.collectedSql.push(`${text};`);
      return;
    }
    await this.connection.execute(text);
  }

  // ---- names -------------------------------------------------------------------------------

  // ---- column SQL --------------------------------------------------------------------------

  // ---- tables ------------------------------------------------------------------------------

  /** Create the table with its columns, constraints, foreign keys and indexes. */
  async createTable(spec: TableSpec): Promise<void> {
    const defs: string[] = [];
    for (const col of spec.columns) defs.push(this.columnSql(spec.name, col, { inlineConstraints: false }));
    for (const col of spec.columns) {
      if (col.unique && !col.primaryKey) defs.push(`CONSTRAINT ${this.q(this.createIndexName(spec.name, [col.name], 'uniq'))} UNIQUE (${this.q(col.name)})`);
      const check = this.columnCheck(col);
      if (check) defs.push(`CONSTRAINT ${this.q(this.createIndexName(spec.name, [col.name], 'check'))} CHECK (${check})`);
    }
    for (const cols of spec.uniqueTogether ?? []) defs.push(this.uniqueTogetherDef(spec.name, cols));
    const deferred: Array<{ sql: string; params: unknown[] }> = [];
    for (const c of spec.constraints ?? []) {
      const inline = this.constraintDefinition(spec.name, c);
      if (inline) defs.push(inline);
      else deferred.push(this.constraintStatement(spec.name, c));
    }
    for (const col of spec.columns) {
      if (col.references && col.references.constraint !== false && this.inlineForeignKeysInCreate()) {
        if (this.defersForeignKeys) this.deferredSql.push(`ALTER TABLE ${this.q(spec.name)} ADD ${this.foreignKeyDef(spec.name, col)}`);
        else defs.push(this.foreignKeyDef(spec.name, col));
      }
    }
    await this.executeSql(`CREATE TABLE ${this.q(spec.name)} (${defs.join(', ')})${this.tableSuffixSql(spec)}`);
    for (const s of deferred) await this.executeSql(s.sql, s.params);
    if (!this.inlineForeignKeysInCreate()) {
      for (const col of spec.columns) if (col.references && col.references.constraint !== false) await this.addForeignKey(spec.name, col);
    }
    for (const col of spec.columns) if (this.needsColumnIndex(col)) await this.createColumnIndex(spec.name, col);
    for (const idx of spec.indexes ?? []) {
      const sql = this.indexSql(spec.name, idx);
      await this.executeSql(sql.sql, sql.params);
    }
    await this.commentStatements(spec);
  }

  protected async commentStatements(_spec: TableSpec): Promise<void> {}

  protected async createColumnIndex(table: string, col: ColumnSpec): Promise<void> {
    await this.executeSql(`CREATE INDEX ${this.q(this.createIndexName(table, [col.name], 'idx'))} ON ${this.q(table)} (${this.q(col.name)})`);
  }

  /** Add the FK constraint of `col` to an existing table. */
  protected async addForeignKey(table: string, col: ColumnSpec): Promise<void> {
    const sql = `ALTER TABLE ${this.q(table)} ADD ${this.foreignKeyDef(table, col)}`;
    if (this.defersForeignKeys) this.deferredSql.push(sql);
    else await this.executeSql(sql);
  }

  protected async dropForeignKey(table: string, col: ColumnSpec): Promise<void> {
    const name = await this.existingName(table, this.fkName(table, col), (c) => c.foreignKey !== null && sameColumns(c.columns, [col.name]));
    await this.dropForeignKeyNamed(table, name);
  }

  protected async dropForeignKeyNamed(table: string, name: string): Promise<void> {
    await this.executeSql(`ALTER TABLE ${this.q(table)} DROP CONSTRAINT ${this.q(name)}`);
  }

  /**
   * Return the live name of a constraint Reinhardt named `computed`: the computed name if the
   * table has it, else the one constraint `match` finds (a table rename keeps the old names),
   * else `computed`. In collectSql mode the database is not asked.
   */
  protected async existingName(table: string, computed: string, match: (c: ConstraintInfo) => boolean): Promise<string> {
    if (this.collectSql) return computed;
    const all = await this.connection.introspection.getConstraints(table);
    if (all[computed]) return computed;
    const found = Object.values(all).filter(match);
    return found.length ? found[0]!.name : computed;
  }

  /** Drop the table. */
  async deleteTable(name: string): Promise<void> {
    await this.beforeChange();
    await this.executeSql(`DROP TABLE ${this.q(name)}${this.dropTableSuffix()}`);
  }

  protected dropTableSuffix(): string {
    return ' CASCADE';
  }

  /** Rename the table. */
  async renameTable(oldName: string, newName: string): Promise<void> {
    await this.beforeChange();
    if (oldName === newName) return;
    await this.executeSql(`ALTER TABLE ${this.q(oldName)} RENAME TO ${this.q(newName)}`);
  }

  // ---- columns -----------------------------------------------------------------------------

  /** Add a column (with its unique/check/FK constraints and index). */
  async addColumn(table: TableSpec, col: ColumnSpec): Promise<void> {
    await this.executeSql(`ALTER TABLE ${this.q(table.name)} ADD COLUMN ${this.columnSql(table.name, col)}`);
    if (col.unique && !col.primaryKey) await this.addUniqueColumn(table.name, col);
    const check = this.columnCheck(col);
    if (check) await this.executeSql(`ALTER TABLE ${this.q(table.name)} ADD CONSTRAINT ${this.q(this.createIndexName(table.name, [col.name], 'check'))} CHECK (${check})`);
    if (col.references && col.references.constraint !== false) await this.addForeignKey(table.name, col);
    if (this.needsColumnIndex(col)) await this.createColumnIndex(table.name, col);
  }

  protected async addUniqueColumn(table: string, col: ColumnSpec): Promise<void> {
    await this.executeSql(`ALTER TABLE ${this.q(table)} ADD CONSTRAINT ${this.q(this.createIndexName(table, [col.name], 'uniq'))} UNIQUE (${this.q(col.name)})`);
  }

  protected async dropUniqueColumn(table: string, col: ColumnSpec): Promise<void> {
    const name = await this.existingName(table, this.createIndexName(table, [col.name], 'uniq'),
      (c) => c.unique && !c.primaryKey && c.foreignKey === null && sameColumns(c.columns, [col.name]) && !c.definition);
    await this.dropUniqueNamed(table, name);
  }

  protected async dropCheck(table: string, name: string): Promise<void> {
    await this.executeSql(`ALTER TABLE ${this.q(table)} DROP CONSTRAINT ${this.q(name)}`);
  }

  /** Remove a column (its FK first). */
  async removeColumn(table: TableSpec, col: ColumnSpec): Promise<void> {
    await this.beforeChange();
    if (col.references && col.references.constraint !== false) await this.dropForeignKey(table.name, col);
    await this.executeSql(`ALTER TABLE ${this.q(table.name)} DROP COLUMN ${this.q(col.name)}${this.dropColumnSuffix()}`);
  }

  protected dropColumnSuffix(): string {
    return ' CASCADE';
  }

  /** Rename a column. */
  async renameColumn(table: TableSpec, oldName: string, newName: string): Promise<void> {
    await this.beforeChange();
    if (oldName === newName) return;
    await this.executeSql(`ALTER TABLE ${this.q(table.name)} RENAME COLUMN ${this.q(oldName)} TO ${this.q(newName)}`);
  }

  /**
   * Change a column's type, nullability, default, uniqueness, index, check or foreign key.
   * Renames are separate (renameColumn).
   */
  async alterColumn(table: TableSpec, oldCol: ColumnSpec, newCol: ColumnSpec): Promise<void> {
    await this.beforeChange();
    if (oldCol.name !== newCol.name) {
      throw new ProgrammingError(`alterColumn cannot rename '${oldCol.name}' to '${newCol.name}'; call renameColumn first`, 'db.alter_rename');
    }
    const t = table.name;
    const oldFk = oldCol.references && oldCol.references.constraint !== false;
    const newFk = newCol.references && newCol.references.constraint !== false;
    const typeChanged = this.columnType(oldCol) !== this.columnType(newCol) || oldCol.collation !== newCol.collation;
    const fkChanged = oldFk !== newFk || (oldFk && newFk && (oldCol.references!.table !== newCol.references!.table || oldCol.references!.column !== newCol.references!.column));
    if (oldFk && (fkChanged || typeChanged)) await this.dropForeignKey(t, oldCol);
    if (oldCol.unique && !oldCol.primaryKey && (!newCol.unique || typeChanged)) await this.dropUniqueColumn(t, oldCol);
    const oldCheck = this.columnCheck(oldCol);
    const newCheck = this.columnCheck(newCol);
    if (oldCheck && oldCheck !== newCheck) {
      const name = await this.existingName(t, this.createIndexName(t, [oldCol.name], 'check'), (c) => c.check && c.name.endsWith('_check') && sameColumns(c.columns, [oldCol.name]));
      await this.dropCheck(t, name);
    }
    if (this.needsColumnIndex(oldCol) && (!this.needsColumnIndex(newCol) || typeChanged)) {
      const name = await this.existingName(t, this.createIndexName(t, [oldCol.name], 'idx'), (c) => c.index && !c.unique && sameColumns(c.columns, [oldCol.name]) && !c.definition);
      await this.dropIndexNamed(t, name);
    }
    await this.alterColumnDefinition(t, oldCol, newCol, typeChanged);
    if (newCol.unique && !newCol.primaryKey && (!oldCol.unique || typeChanged)) await this.addUniqueColumn(t, newCol);
    if (newCheck && oldCheck !== newCheck) await this.executeSql(`ALTER TABLE ${this.q(t)} ADD CONSTRAINT ${this.q(this.createIndexName(t, [newCol.name], 'check'))} CHECK (${newCheck})`);
    if (this.needsColumnIndex(newCol) && (!this.needsColumnIndex(oldCol) || typeChanged)) await this.createColumnIndex(t, newCol);
    if (newFk && (fkChanged || typeChanged)) await this.addForeignKey(t, newCol);
  }

  /** Change type, NULL and DEFAULT of one column (vendor syntax). */
  protected async alterColumnDefinition(table: string, oldCol: ColumnSpec, newCol: ColumnSpec, typeChanged: boolean): Promise<void> {
    void table; void oldCol; void newCol; void typeChanged;
    throw new NotSupportedError(`alterColumn is not implemented on ${this.connection.displayName}`);
  }

  // ---- indexes and constraints -------------------------------------------------------------

  /** Create an index. */
  async addIndex(table: TableSpec, idx: IndexSpec): Promise<void> {
    await this.beforeChange();
    const s = this.indexSql(table.name, idx);
    await this.executeSql(s.sql, s.params);
  }

  /** Drop an index. */
  async removeIndex(table: TableSpec, idx: IndexSpec): Promise<void> {
    await this.beforeChange();
    await this.dropIndexNamed(table.name, idx.name);
  }

  protected async dropIndexNamed(_table: string, name: string): Promise<void> {
    await this.executeSql(`DROP INDEX ${this.q(name)}`);
  }

  /** Rename an index. */
  async renameIndex(table: TableSpec, oldName: string, newName: string): Promise<void> {
    await this.beforeChange();
    void table;
    await this.executeSql(`ALTER INDEX ${this.q(oldName)} RENAME TO ${this.q(newName)}`);
  }

  /** Add a check or unique constraint (conditional unique becomes a partial unique index). */
  async addConstraint(table: TableSpec, c: ConstraintSpec): Promise<void> {
    await this.beforeChange();
    const s = this.constraintStatement(table.name, c);
    await this.executeSql(s.sql, s.params);
  }

  /** Drop a check or unique constraint. */
  async removeConstraint(table: TableSpec, c: ConstraintSpec): Promise<void> {
    await this.beforeChange();
    if (c.kind === 'unique' && c.condition) return this.dropIndexNamed(table.name, c.name);
    if (c.kind === 'unique') return this.dropUniqueNamed(table.name, c.name);
    await this.dropCheck(table.name, c.name);
  }

  protected async dropUniqueNamed(table: string, name: string): Promise<void> {
    await this.executeSql(`ALTER TABLE ${this.q(table)} DROP CONSTRAINT ${this.q(name)}`);
  }

  /** Replace the unique-together sets `oldSets` with `newSets`. */
  async alterUniqueTogether(table: TableSpec, oldSets: string[][], newSets: string[][]): Promise<void> {
    await this.beforeChange();
    const key = (s: string[]) => s.join('\u0000');
    const newKeys = new Set(newSets.map(key));
    const oldKeys = new Set(oldSets.map(key));
    for (const set of oldSets) {
      if (newKeys.has(key(set))) continue;
      const name = await this.existingName(table.name, this.uniqueTogetherName(table.name, set), (c) => c.unique && !c.primaryKey && sameColumns(c.columns, set));
      await this.dropUniqueNamed(table.name, name);
    }
    for (const s of newSets) {
      if (!oldKeys.has(key(s))) await this.executeSql(`ALTER TABLE ${this.q(table.name)} ADD ${this.uniqueTogetherDef(table.name, s)}`);
    }
  }
}

/** Return true if two column lists hold the same names (order ignored). */
function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');
}
