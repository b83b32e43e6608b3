// The slice of the database layer that migrations drive: a connection, its schema editor and
// its introspection, described structurally so the migration code compiles against the
// backends' classes without importing a vendor.

/** One column as the schema editor consumes it (produced from a field description). */
export interface ColumnSpec {
  name: string;
  internalType: string;
  null: boolean;
  primaryKey?: boolean;
  unique?: boolean;
  dbIndex?: boolean;
  maxLength?: number;
  maxDigits?: number;
  decimalPlaces?: number;
  dbDefault?: { sql: string; params: unknown[] } | undefined;
  references?: { table: string; column: string; constraint?: boolean; deferrable?: boolean; onDelete?: string };
  check?: string;
  collation?: string;
  comment?: string;
}

/** One index as the schema editor consumes it. */
export interface IndexSpec {
  name: string;
  columns: string[];
  /** Per column: `'DESC'` for descending, parallel to `columns`. */
  orders?: ('ASC' | 'DESC')[];
  unique?: boolean;
  condition?: { sql: string; params: unknown[] };
}

/** One table-level constraint as the schema editor consumes it. */
export interface ConstraintSpec {
  kind: 'unique' | 'check';
  name: string;
  columns?: string[];
  condition?: { sql: string; params: unknown[] };
  check?: { sql: string; params: unknown[] };
}

/** A whole table as the schema editor consumes it. */
export interface TableSpec {
  name: string;
  columns: ColumnSpec[];
  indexes?: IndexSpec[];
  constraints?: ConstraintSpec[];
  uniqueTogether?: string[][];
  comment?: string;
}

/** The schema editor methods migrations call (orm-backends' BaseDatabaseSchemaEditor). */
export interface SchemaEditorLike {
  readonly collectedSql: string[];
  createTable(spec: TableSpec): Promise<void>;
  deleteTable(name: string): Promise<void>;
  renameTable(oldName: string, newName: string): Promise<void>;
  addColumn(table: TableSpec, col: ColumnSpec): Promise<void>;
  removeColumn(table: TableSpec, col: ColumnSpec): Promise<void>;
  alterColumn(table: TableSpec, oldCol: ColumnSpec, newCol: ColumnSpec): Promise<void>;
  renameColumn(table: TableSpec, oldName: string, newName: string): Promise<void>;
  addIndex(table: TableSpec, idx: IndexSpec): Promise<void>;
  removeIndex(table: TableSpec, idx: IndexSpec): Promise<void>;
  renameIndex(table: TableSpec, oldName: string, newName: string): Promise<void>;
  addConstraint(table: TableSpec, c: ConstraintSpec): Promise<void>;
  removeConstraint(table: TableSpec, c: ConstraintSpec): Promise<void>;
  alterUniqueTogether(table: TableSpec, oldSets: string[][], newSets: string[][]): Promise<void>;
  executeSql(sql: string, params?: readonly unknown[]): Promise<void>;
}

/** The connection surface migrations use (orm-backends' BaseDatabaseWrapper). */
export interface MigrationConnection {
  readonly alias: string;
  readonly vendor: string;
  readonly features: { canRollbackDdl: boolean };
  readonly ops: { quoteName(name: string): string };
  execute(sql: string, params?: readonly unknown[]): Promise<{ rowCount: number }>;
  query(sql: string, params?: readonly unknown[]): Promise<{ columns: string[]; rows: unknown[][] }>;
  schemaEditor(options?: { collectSql?: boolean }): SchemaEditorLike;
  readonly introspection: {
    tableNames(): Promise<string[]>;
    getColumns(table: string): Promise<{ name: string }[]>;
  };
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown, broken?: boolean): void;
  executeOn(connection: unknown, sql: string): Promise<void>;
}
