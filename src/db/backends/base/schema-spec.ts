// Plain descriptions of tables, columns, indexes and constraints: what model fields and meta
// produce (`field.columnSpec()`) and what the schema editor turns into DDL.

/** A SQL fragment with its bound values (values inlined as literals only in DDL). */
export interface SqlFragment {
  sql: string;
  params: unknown[];
}

/** One column. `internalType` selects the SQL type from the backend's dataTypes table. */
export interface ColumnSpec {
  name: string;
  internalType: string;
  null: boolean;
  primaryKey?: boolean | undefined;
  unique?: boolean | undefined;
  dbIndex?: boolean | undefined;
  maxLength?: number | undefined;
  maxDigits?: number | undefined;
  decimalPlaces?: number | undefined;
  /** A database-side default (`dbDefault`); params are inlined as quoted literals in DDL. */
  dbDefault?: SqlFragment | undefined;
  references?: { table: string; column: string; constraint?: boolean | undefined; deferrable?: boolean | undefined } | undefined;
  /** A column check, e.g. `"votes" >= 0` for PositiveIntegerField. */
  check?: string | undefined;
  collation?: string | undefined;
  comment?: string | undefined;
}

/** An index. `condition` makes it partial where supported; `expressions` index expressions. */
export interface IndexSpec {
  name: string;
  columns: string[];
  unique?: boolean | undefined;
  condition?: SqlFragment | undefined;
  expressions?: SqlFragment[] | undefined;
  /** Sort order per column (parallel to `columns`); absent means ascending. */
  orders?: ('ASC' | 'DESC')[] | undefined;
}

/** A named table constraint: `unique` over columns (optionally conditional) or `check`. */
export interface ConstraintSpec {
  kind: 'unique' | 'check';
  name: string;
  columns?: string[] | undefined;
  condition?: SqlFragment | undefined;
  check?: SqlFragment | undefined;
}

/** A table as the models describe it. */
export interface TableSpec {
  name: string;
  columns: ColumnSpec[];
  indexes?: IndexSpec[] | undefined;
  constraints?: ConstraintSpec[] | undefined;
  uniqueTogether?: string[][] | undefined;
  comment?: string | undefined;
}
