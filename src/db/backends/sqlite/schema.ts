// SQLite DDL. SQLite cannot ALTER a column's type, nullability, default or constraints, so
// those changes rebuild the table: create the new shape, copy the rows, drop the old table,
// rename, and recreate indexes (foreign keys are declared inline and survive).
import { BaseDatabaseSchemaEditor } from '../base/schema.ts';
import type { ColumnSpec, ConstraintSpec, IndexSpec, TableSpec } from '../base/schema.ts';
import { BASE_TYPE_CHECKS } from '../base/schema-sql.ts';
import { IntegrityError, NotSupportedError } from '../../utils.ts';
import { atomicOn, isInAtomicBlockOn } from '../base/atomic.ts';

/**
 * The SQLite schema editor.
 *
 * Differs from Django: the rebuild runs on the spec you pass (the table as it is before the
 * change), not on a model; foreign-key checks are switched off around it only when the
 * editor is not inside a transaction, then `PRAGMA foreign_key_check` verifies the result.
 *
 * @example
 * await conn.schemaEditor().alterColumn(spec, oldCol, { ...oldCol, null: true })
 * // CREATE TABLE "new__polls_question" (...); INSERT INTO "new__polls_question" (...) SELECT ...; DROP TABLE ...; ALTER TABLE ... RENAME TO ...
 */
export class SqliteSchemaEditor extends BaseDatabaseSchemaEditor {
  protected override dataTypes: Record<string, string> = {
    AutoField: 'integer', BigAutoField: 'integer', SmallAutoField: 'integer',
    BinaryField: 'BLOB', BooleanField: 'bool', CharField: 'varchar(%(maxLength)s)',
    DateField: 'date', DateTimeField: 'datetime', DecimalField: 'decimal(%(maxDigits)s, %(decimalPlaces)s)',
    DurationField: 'bigint', FileField: 'varchar(%(maxLength)s)', FilePathField: 'varchar(%(maxLength)s)',
    FloatField: 'real', IntegerField: 'integer', BigIntegerField: 'bigint',
    IPAddressField: 'char(15)', GenericIPAddressField: 'char(39)', JSONField: 'text',
    PositiveBigIntegerField: 'bigint unsigned', PositiveIntegerField: 'integer unsigned',
    PositiveSmallIntegerField: 'smallint unsigned', SlugField: 'varchar(%(maxLength)s)',
    SmallIntegerField: 'smallint', TextField: 'text', TimeField: 'time', UUIDField: 'char(32)',
    EmailField: 'varchar(%(maxLength)s)', URLField: 'varchar(%(maxLength)s)',
  };
  protected override dataTypesSuffix: Record<string, string> = {
    AutoField: 'AUTOINCREMENT', BigAutoField: 'AUTOINCREMENT', SmallAutoField: 'AUTOINCREMENT',
  };
  protected override dataTypeCheckConstraints: Record<string, string> = {
    ...BASE_TYPE_CHECKS,
    JSONField: '(JSON_VALID(%(column)s) OR %(column)s IS NULL)',
  };

  #foreignKeysOff = false;

  override async run<T>(fn: (editor: this) => T | Promise<T>, options: { atomic?: boolean } = {}): Promise<T> {
    if (this.collectSql || this.#foreignKeysOff || options.atomic === false || isInAtomicBlockOn(this.connection)) return fn(this);
    return atomicOn(
      this.connection,
      async () => {
        this.#foreignKeysOff = true;
        try {
          const result = await fn(this);
          await this.#checkForeignKeys();
          return result;
        } finally {
          this.#foreignKeysOff = false;
        }
      },
      { setupSql: ['PRAGMA foreign_keys = OFF'], teardownSql: ['PRAGMA foreign_keys = ON'] },
    );
  }

  async #checkForeignKeys(): Promise<void> {
    const r = await this.connection.query('PRAGMA foreign_key_check');
    if (r.rows.length) {
      const [table, rowid, parent] = r.rows[0]!;
      throw new IntegrityError(
        `Foreign key check failed after a schema change: row ${String(rowid)} of '${String(table)}' references a missing row of '${String(parent)}' (${r.rows.length} violation(s))`,
        'db.integrity.foreign_key',
        { alias: this.connection.alias },
      );
    }
  }

  protected override dropTableSuffix(): string {
    return '';
  }

  protected override dropColumnSuffix(): string {
    return '';
  }

  protected override collateSql(collation: string): string {
    return `COLLATE ${this.connection.ops.quoteName(collation, 'collation')}`;
  }

  protected override quoteBoolean(b: boolean): string {
    return b ? '1' : '0';
  }

  override async addColumn(table: TableSpec, col: ColumnSpec): Promise<void> {
    // ADD COLUMN cannot add PRIMARY KEY/UNIQUE columns, nor NOT NULL without a default.
    const simple = !col.primaryKey && !col.unique && (col.null || col.dbDefault) && !this.columnCheck(col);
    if (!simple) return this.rebuild(table, { ...table, columns: [...table.columns, col] }, new Map(table.columns.map((c) => [c.name, c.name])));
    await this.executeSql(`ALTER TABLE ${this.q(table.name)} ADD COLUMN ${this.columnSql(table.name, col, { inlineConstraints: true })}`);
    if (this.needsColumnIndex(col)) await this.createColumnIndex(table.name, col);
  }

  override async removeColumn(table: TableSpec, col: ColumnSpec): Promise<void> {
    const rest = table.columns.filter((c) => c.name !== col.name);
    const next: TableSpec = {
      ...table,
      columns: rest,
      indexes: table.indexes?.filter((i) => !i.columns.includes(col.name)),
      constraints: table.constraints?.filter((c) => !(c.columns ?? []).includes(col.name)),
      uniqueTogether: table.uniqueTogether?.filter((u) => !u.includes(col.name)),
    };
    await this.rebuild(table, next, new Map(rest.map((c) => [c.name, c.name])));
  }

  override async alterColumn(table: TableSpec, oldCol: ColumnSpec, newCol: ColumnSpec): Promise<void> {
    const columns = table.columns.map((c) => (c.name === oldCol.name ? newCol : c));
    const mapping = new Map(table.columns.map((c) => [c.name, c.name]));
    if (oldCol.name !== newCol.name) {
      mapping.delete(oldCol.name);
      mapping.set(newCol.name, oldCol.name);
    }
    await this.rebuild(table, { ...table, columns }, mapping);
  }

  override async renameIndex(table: TableSpec, oldName: string, newName: string): Promise<void> {
    const idx = table.indexes?.find((i) => i.name === oldName);
    if (!idx) throw new NotSupportedError(`Index '${oldName}' is not in the spec of table '${table.name}'; SQLite renames by recreating it`, 'db.index_unknown');
    await this.removeIndex(table, idx);
    await this.addIndex(table, { ...idx, name: newName });
  }

  override async addConstraint(table: TableSpec, c: ConstraintSpec): Promise<void> {
    if (c.kind === 'unique' && c.condition) return super.addConstraint(table, c);
    if (c.kind === 'unique') {
      // A unique constraint over columns is equivalent to a unique index in SQLite.
      return this.addIndex(table, { name: c.name, columns: c.columns ?? [], unique: true });
    }
    await this.rebuild(table, { ...table, constraints: [...(table.constraints ?? []), c] }, new Map(table.columns.map((x) => [x.name, x.name])));
  }

  override async removeConstraint(table: TableSpec, c: ConstraintSpec): Promise<void> {
    if (c.kind === 'unique') return this.dropIndexNamed(table.name, c.name);
    const constraints = (table.constraints ?? []).filter((x) => x.name !== c.name);
    await this.rebuild(table, { ...table, constraints }, new Map(table.columns.map((x) => [x.name, x.name])));
  }

  override async alterUniqueTogether(table: TableSpec, oldSets: string[][], newSets: string[][]): Promise<void> {
    await this.rebuild(table, { ...table, uniqueTogether: newSets }, new Map(table.columns.map((x) => [x.name, x.name])));
    void oldSets;
  }

  protected override async dropIndexNamed(_table: string, name: string): Promise<void> {
    await this.executeSql(`DROP INDEX ${this.q(name)}`);
  }

  /** Unique constraints inside CREATE TABLE keep their names; indexes are separate statements. */
  override async addIndex(table: TableSpec, idx: IndexSpec): Promise<void> {
    await super.addIndex(table, idx);
  }

  /**
   * Rebuild `before` into `after`: create `new__<table>`, copy rows (mapping new column name
   * -> old column name; new columns take their default), drop the old table, rename, recreate
   * indexes. Runs inside a savepoint when already in a transaction.
   */
  protected async rebuild(before: TableSpec, after: TableSpec, mapping: Map<string, string>): Promise<void> {
    if (this.collectSql || this.#foreignKeysOff) return this.#rebuild(before, after, mapping);
    if (isInAtomicBlockOn(this.connection)) {
      const fk = await this.connection.query('PRAGMA foreign_keys');
      if (Number(fk.rows[0]?.[0]) === 1) {
        throw new NotSupportedError(
          `Rebuilding SQLite table '${before.name}' needs foreign key enforcement off, which SQLite cannot change inside ` +
            `a transaction. Run schema changes through conn.schemaEditor().run(...) outside atomic() blocks.`,
          'db.sqlite_rebuild_in_transaction',
          { alias: this.connection.alias },
        );
      }
      return this.#rebuild(before, after, mapping);
    }
    return this.run(() => this.#rebuild(before, after, mapping));
  }

  async #rebuild(before: TableSpec, after: TableSpec, mapping: Map<string, string>): Promise<void> {
    const temp = `new__${after.name}`;
    const tempSpec: TableSpec = { ...after, name: temp, indexes: [] };
    // Create with constraint names derived from the real table name so they stay stable.
    await this.#createTableAs(tempSpec, after.name);
    const targets: string[] = [];
    const sources: string[] = [];
    for (const col of after.columns) {
      const src = mapping.get(col.name);
      if (src === undefined) continue;
      targets.push(this.q(col.name));
      sources.push(this.q(src));
    }
    if (targets.length) {
      await this.executeSql(`INSERT INTO ${this.q(temp)} (${targets.join(', ')}) SELECT ${sources.join(', ')} FROM ${this.q(before.name)}`);
    }
    await this.executeSql(`DROP TABLE ${this.q(before.name)}`);
    await this.executeSql(`ALTER TABLE ${this.q(temp)} RENAME TO ${this.q(after.name)}`);
    for (const col of after.columns) if (this.needsColumnIndex(col)) await this.createColumnIndex(after.name, col);
    for (const idx of after.indexes ?? []) await super.addIndex(after, idx);
    await this.#addUniqueIndexes(after);
  }

  /**
   * Unique constraints live as named unique indexes on SQLite (conditional ones must; plain ones
   * too, so `addConstraint`, `createTable` and rebuilds agree and `removeConstraint` can always
   * DROP INDEX by name).
   */
  async #addUniqueIndexes(spec: TableSpec): Promise<void> {
    for (const c of spec.constraints ?? []) {
      if (c.kind !== 'unique') continue;
      if (c.condition) {
        const s = this.constraintStatement(spec.name, c);
        await this.executeSql(s.sql, s.params);
      } else {
        await this.addIndex(spec, { name: c.name, columns: c.columns ?? [], unique: true });
      }
    }
  }

  async #createTableAs(spec: TableSpec, nameForConstraints: string): Promise<void> {
    const real = nameForConstraints;
    const defs: string[] = [];
    for (const col of spec.columns) {
      const def = this.columnSql(real, col, { inlineConstraints: true });
      defs.push(def);
    }
    for (const cols of spec.uniqueTogether ?? []) defs.push(this.uniqueTogetherDef(real, cols));
    for (const c of spec.constraints ?? []) {
      if (c.kind === 'unique') continue; // added as named unique indexes afterwards
      const inline = this.constraintDefinition(real, c);
      if (inline) defs.push(inline);
    }
    await this.executeSql(`CREATE TABLE ${this.q(spec.name)} (${defs.join(', ')})`);
  }

  override async createTable(spec: TableSpec): Promise<void> {
    await this.#createTableAs({ ...spec }, spec.name);
    for (const col of spec.columns) if (this.needsColumnIndex(col)) await this.createColumnIndex(spec.name, col);
    for (const idx of spec.indexes ?? []) await super.addIndex(spec, idx);
    await this.#addUniqueIndexes(spec);
  }
}
