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
