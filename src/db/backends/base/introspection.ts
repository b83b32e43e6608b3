// Reading the live database's structure: tables, columns (with types mapped back to field
// internal types for inspectdb), indexes, constraints and foreign keys.
import type { BaseDatabaseWrapper } from './base.ts';

/** A column as the database reports it. */
export interface ColumnInfo {
  name: string;
  /** The database's own type text (`'varchar(100)'`, `'integer'`, `'timestamp with time zone'`). */
  dataType: string;
  /** The field internal type inspectdb should use (`'CharField'`, `'BigAutoField'`, ...). */
  internalType: string;
  null: boolean;
  /** The default expression as SQL text, or null. */
  default: string | null;
  primaryKey: boolean;
  maxLength?: number | undefined;
  maxDigits?: number | undefined;
  decimalPlaces?: number | undefined;
  autoIncrement?: boolean | undefined;
  collation?: string | null | undefined;
  comment?: string | null | undefined;
}

/** A constraint or index as the database reports it (Django's get_constraints shape). */
export interface ConstraintInfo {
  name: string;
  columns: string[];
  primaryKey: boolean;
  unique: boolean;
  index: boolean;
  check: boolean;
  foreignKey: { table: string; column: string } | null;
  /** The check expression or partial-index condition, where the database reports it. */
  definition?: string | null | undefined;
}

/** A foreign key from `column` of the table to `table.column`. */
export interface ForeignKeyInfo {
  name: string;
  column: string;
  table: string;
  targetColumn: string;
}

/** A table or view. */
export interface TableInfo {
  name: string;
  type: 'table' | 'view';
  comment?: string | null | undefined;
}

/**
 * Read the structure of the live database. Used by inspectdb, by tests that verify the schema
 * editor, and by migrations to detect existing tables.
 *
 * @example
 * await conn.introspection.tableNames()          // ['polls_choice', 'polls_question']
 * await conn.introspection.getColumns('polls_question')
 */
export abstract class BaseDatabaseIntrospection {
  protected connection: BaseDatabaseWrapper;

  constructor(connection: BaseDatabaseWrapper) {
    this.connection = connection;
  }

  /** Return tables and views, sorted by name. */
  abstract getTables(): Promise<TableInfo[]>;

  /** Return the table names (not views), sorted. */
  async tableNames(): Promise<string[]> {
    return (await this.getTables()).filter((t) => t.type === 'table').map((t) => t.name);
  }

  /** Return the columns of `table` in table order. */
  abstract getColumns(table: string): Promise<ColumnInfo[]>;

  /** Return every constraint and index of `table`, keyed by name. */
  abstract getConstraints(table: string): Promise<Record<string, ConstraintInfo>>;

  /** Return the foreign keys of `table`. */
  async getForeignKeys(table: string): Promise<ForeignKeyInfo[]> {
    const out: ForeignKeyInfo[] = [];
    for (const c of Object.values(await this.getConstraints(table))) {
      if (c.foreignKey) out.push({ name: c.name, column: c.columns[0]!, table: c.foreignKey.table, targetColumn: c.foreignKey.column });
    }
    return out;
  }

  /** Return the primary key column of `table`, or null. */
  async getPrimaryKeyColumn(table: string): Promise<string | null> {
    for (const c of Object.values(await this.getConstraints(table))) if (c.primaryKey) return c.columns[0] ?? null;
    return null;
  }

  /** Return the sequences (PostgreSQL) behind auto columns: `[{ table, column, name }]`. */
  async getSequences(_table: string): Promise<Array<{ table: string; column: string; name: string }>> {
    return [];
  }

  /** Map a database type to a field internal type (inspectdb). */
  protected abstract dataTypeToInternal(dataType: string, column: { autoIncrement?: boolean; primaryKey?: boolean }): string;
}
