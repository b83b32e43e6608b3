// The pure SQL side of the schema editor: SQL types per internal type, column definitions,
// deterministic constraint names, DDL literals, index and constraint statements. Nothing here
// runs SQL; BaseDatabaseSchemaEditor (schema.ts) extends this class and executes.
import { createHash } from 'node:crypto';
import { Decimal } from '../../../utils/decimal.ts';
import { NotSupportedError, ProgrammingError } from '../../utils.ts';
import type { BaseDatabaseWrapper } from './base.ts';
import type { ColumnSpec, ConstraintSpec, IndexSpec, SqlFragment, TableSpec } from './schema-spec.ts';

/** The CHECK clauses every backend applies: positive integer fields are never negative. */
export const BASE_TYPE_CHECKS: Readonly<Record<string, string>> = {
  PositiveBigIntegerField: '%(column)s >= 0',
  PositiveIntegerField: '%(column)s >= 0',
  PositiveSmallIntegerField: '%(column)s >= 0',
};

/**
 * Build DDL fragments for one database. Vendors fill the type tables and override the
 * fragments that differ (through their schema editor subclass).
 *
 * @example
 * conn.schemaEditor().columnSql('t', { name: 'title', internalType: 'CharField', maxLength: 40, null: false })
 * // '"title" varchar(40) NOT NULL'
 */
export class BaseSchemaSql {
  readonly connection: BaseDatabaseWrapper;

  constructor(connection: BaseDatabaseWrapper) {
    this.connection = connection;
  }

  /** SQL type per internal type; `%(maxLength)s`, `%(maxDigits)s`, `%(decimalPlaces)s` are filled in. */
  protected dataTypes: Record<string, string> = {};
  /** Extra SQL after the type (AUTOINCREMENT, identity). */
  protected dataTypesSuffix: Record<string, string> = {};
  /** Column checks per internal type (`%(column)s` is the quoted column). */
  /** CHECK clauses per internal type (`%(column)s` is the quoted column); backends may add to them. */
  protected dataTypeCheckConstraints: Record<string, string> = { ...BASE_TYPE_CHECKS };

  protected q(name: string): string {
    return this.connection.ops.quoteName(name);
  }

  /** Replace each `?` with a quoted literal (DDL cannot bind parameters). */
  protected inlineParams(sql: string, params: readonly unknown[]): string {
    let i = 0;
    const out = sql.replace(/\?/g, () => {
      if (i >= params.length) throw new ProgrammingError(`Too few parameters for DDL: ${sql}`, 'db.ddl_params');
      return this.quoteValue(params[i++]);
    });
    if (i !== params.length) throw new ProgrammingError(`Too many parameters for DDL: ${sql}`, 'db.ddl_params');
    return out;
  }

  /**
   * Quote a value as a SQL literal for DDL (defaults, check constraints). Only numbers,
   * bigints, booleans, null, Decimal, Date, Buffer and strings are accepted.
   */
  quoteValue(value: unknown): string {
    if (value === null || value === undefined) return 'NULL';
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new ProgrammingError(`Cannot quote ${value} for DDL`, 'db.ddl_value');
      return String(value);
    }
    if (typeof value === 'bigint' || value instanceof Decimal) return value.toString();
    if (typeof value === 'boolean') return this.quoteBoolean(value);
    if (value instanceof Date) return this.quoteString(value.toISOString().replace('T', ' ').replace('Z', ''));
    if (Buffer.isBuffer(value)) return `X'${value.toString('hex')}'`;
    if (typeof value === 'string') return this.quoteString(value);
    throw new ProgrammingError(`Cannot quote a ${typeof value} for DDL`, 'db.ddl_value');
  }

  protected quoteString(s: string): string {
    return `'${s.replace(/'/g, "''")}'`;
  }

  protected quoteBoolean(b: boolean): string {
    return b ? '1' : '0';
  }

  /**
   * Return a deterministic name `<table>_<cols>_<hash8>_<suffix>` that fits the database's
   * identifier limit (Django's scheme).
   */
  createIndexName(table: string, columns: readonly string[], suffix: string): string {
    const hash = createHash('md5').update([table, ...columns].join('|')).digest('hex').slice(0, 8);
    const max = this.connection.ops.maxNameLength;
    const tail = `_${hash}${suffix ? `_${suffix}` : ''}`;
    let name = `${table}_${columns.join('_')}`;
    if (name.length + tail.length > max) {
      const room = max - tail.length;
      name = `${table.slice(0, Math.floor(room / 2))}_${columns.join('_')}`.slice(0, room);
    }
    name = `${name}${tail}`.replace(/^[^A-Za-z_]/, 'D');
    return name;
  }

  /** Return the SQL type for a column (`varchar(200)`), without NULL/DEFAULT. */
  columnType(col: ColumnSpec): string {
    let t = this.dataTypes[col.internalType];
    if (t === undefined) {
      if (col.internalType === 'ForeignKey' || col.internalType === 'OneToOneField') t = this.dataTypes['BigIntegerField'];
      if (t === undefined) {
        throw new NotSupportedError(
          `No SQL type for internal type '${col.internalType}' of column '${col.name}' on ${this.connection.displayName}`,
          'db.unknown_internal_type',
        );
      }
    }
    return t.replace(/%\((\w+)\)s/g, (_m, key: string) => {
      const v = (col as unknown as Record<string, unknown>)[key];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
        throw new ProgrammingError(`Column '${col.name}' (${col.internalType}) needs an integer ${key}`, 'db.column_spec');
      }
      return String(v);
    });
  }

  /** Return the full column definition used in CREATE TABLE / ADD COLUMN. */
  columnSql(table: string, col: ColumnSpec, options: { inlineConstraints?: boolean } = {}): string {
    const parts = [this.q(col.name), this.columnType(col)];
    if (col.collation) parts.push(this.collateSql(col.collation));
    if (col.dbDefault) parts.push(`DEFAULT ${this.defaultSql(col.dbDefault)}`);
    parts.push(col.null && !col.primaryKey ? 'NULL' : 'NOT NULL');
    if (col.primaryKey) parts.push('PRIMARY KEY');
    const suffix = this.dataTypesSuffix[col.internalType];
    if (suffix && col.primaryKey) parts.push(suffix);
    if (options.inlineConstraints) {
      if (col.unique && !col.primaryKey) parts.push(`CONSTRAINT ${this.q(this.createIndexName(table, [col.name], 'uniq'))} UNIQUE`);
      const check = this.columnCheck(col);
      if (check) parts.push(`CONSTRAINT ${this.q(this.createIndexName(table, [col.name], 'check'))} CHECK (${check})`);
      if (col.references && col.references.constraint !== false) parts.push(this.inlineReferenceSql(table, col));
    }
    if (col.comment && this.connection.features.supportsComments) parts.push(this.inlineCommentSql(col.comment));
    return parts.filter(Boolean).join(' ');
  }

  protected inlineCommentSql(_comment: string): string {
    return '';
  }

  protected collateSql(collation: string): string {
    return `COLLATE ${this.q(collation)}`;
  }

  protected defaultSql(d: SqlFragment): string {
    const sql = d.params.length ? this.inlineParams(d.sql, d.params) : d.sql;
    return `(${sql})`;
  }

  /** The column's check expression (its own `check`, or the type's, e.g. unsigned). */
  protected columnCheck(col: ColumnSpec): string | null {
    if (col.check) return col.check;
    const t = this.dataTypeCheckConstraints[col.internalType];
    return t ? t.replaceAll('%(column)s', this.q(col.name)) : null;
  }

  protected inlineReferenceSql(table: string, col: ColumnSpec): string {
    const r = col.references!;
    return `CONSTRAINT ${this.q(this.fkName(table, col))} REFERENCES ${this.q(r.table)} (${this.q(r.column)})${this.deferrableSql(col)}`;
  }

  protected deferrableSql(col: ColumnSpec): string {
    return col.references?.deferrable !== false && this.connection.features.canDeferConstraintChecks ? ' DEFERRABLE INITIALLY DEFERRED' : '';
  }

  /** The name of the FK constraint of `col`. */
  fkName(table: string, col: ColumnSpec): string {
    return this.createIndexName(table, [col.name], `fk_${col.references!.table}_${col.references!.column}`.slice(0, 20));
  }

  protected tableSuffixSql(_spec: TableSpec): string {
    return '';
  }

  protected inlineForeignKeysInCreate(): boolean {
    return true;
  }

  protected needsColumnIndex(col: ColumnSpec): boolean {
    return Boolean(col.dbIndex && !col.unique && !col.primaryKey);
  }

  protected foreignKeyDef(table: string, col: ColumnSpec): string {
    const r = col.references!;
    return `CONSTRAINT ${this.q(this.fkName(table, col))} FOREIGN KEY (${this.q(col.name)}) REFERENCES ${this.q(r.table)} (${this.q(r.column)})${this.deferrableSql(col)}`;
  }

  protected uniqueTogetherName(table: string, cols: readonly string[]): string {
    return this.createIndexName(table, cols, 'uniq');
  }

  protected uniqueTogetherDef(table: string, cols: readonly string[]): string {
    return `CONSTRAINT ${this.q(this.uniqueTogetherName(table, cols))} UNIQUE (${cols.map((c) => this.q(c)).join(', ')})`;
  }

  /** Return the CREATE INDEX statement for `idx`. */
  indexSql(table: string, idx: IndexSpec): SqlFragment {
    const parts = idx.expressions?.length
      ? idx.expressions.map((e) => `(${e.params.length ? this.inlineParams(e.sql, e.params) : e.sql})`)
      : idx.columns.map((c, i) => (idx.orders?.[i] === 'DESC' ? `${this.q(c)} DESC` : this.q(c)));
    if (idx.expressions?.length && !this.connection.features.supportsExpressionIndexes) {
      throw new NotSupportedError(`Index '${idx.name}' uses expressions, which ${this.connection.displayName} does not support`, 'db.not_supported.expression_index');
    }
    let sql = `CREATE ${idx.unique ? 'UNIQUE ' : ''}INDEX ${this.q(idx.name)} ON ${this.q(table)} (${parts.join(', ')})`;
    const params: unknown[] = [];
    if (idx.condition) {
      if (!this.connection.features.supportsPartialIndexes) {
        throw new NotSupportedError(`Index '${idx.name}' has a condition; ${this.connection.displayName} has no partial indexes`, 'db.not_supported.partial_index');
      }
      sql += ` WHERE ${this.inlineParams(idx.condition.sql, idx.condition.params)}`;
    }
    return { sql, params };
  }

  /** Return the table-level definition for a constraint, or null if it needs its own statement. */
  protected constraintDefinition(table: string, c: ConstraintSpec): string | null {
    if (c.kind === 'check') {
      if (!c.check) throw new ProgrammingError(`Check constraint '${c.name}' on '${table}' has no check`, 'db.constraint_spec');
      return `CONSTRAINT ${this.q(c.name)} CHECK (${this.inlineParams(c.check.sql, c.check.params)})`;
    }
    if (c.condition) return null; // conditional unique -> partial unique index
    const cols = c.columns ?? [];
    if (!cols.length) throw new ProgrammingError(`Unique constraint '${c.name}' on '${table}' has no columns`, 'db.constraint_spec');
    return `CONSTRAINT ${this.q(c.name)} UNIQUE (${cols.map((x) => this.q(x)).join(', ')})`;
  }

  /** The statement that adds a constraint to an existing table. */
  protected constraintStatement(table: string, c: ConstraintSpec): SqlFragment {
    if (c.kind === 'unique' && c.condition) {
      return this.indexSql(table, { name: c.name, columns: c.columns ?? [], unique: true, condition: c.condition });
    }
    return { sql: `ALTER TABLE ${this.q(table)} ADD ${this.constraintDefinition(table, c)}`, params: [] };
  }
}
