// The SQL tree: plain, already-resolved nodes that the model layer builds and the one shared
// compiler (compiler.ts) turns into SQL text with `?` placeholders. Nodes hold no caller
// strings in identifier positions except names validated by the model layer.

/** An SQL expression node. */
export type SqlExpr =
  | { kind: 'col'; table: string | null; column: string; internalType?: string | undefined }
  | { kind: 'param'; value: unknown; internalType?: string | undefined; slot?: ParamSlot | undefined }
  | { kind: 'star' }
  | { kind: 'func'; name: string; args: SqlExpr[]; distinct?: boolean; filter?: SqlExpr | undefined; internalType?: string | undefined }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/' | '%'; left: SqlExpr; right: SqlExpr }
  | { kind: 'lookup'; lookup: string; lhs: SqlExpr; rhs: SqlExpr | SqlExpr[] | null; internalType: string }
  | { kind: 'and' | 'or'; children: SqlExpr[] }
  | { kind: 'not'; child: SqlExpr }
  | { kind: 'isnull'; expr: SqlExpr; negated: boolean }
  | { kind: 'case'; whens: { cond: SqlExpr; then: SqlExpr }[]; else: SqlExpr | null }
  | { kind: 'subquery'; query: SelectNode }
  | { kind: 'exists'; query: SelectNode; negated: boolean }
  | { kind: 'extract'; part: string; expr: SqlExpr; internalType: string; tzname?: string | null | undefined }
  | { kind: 'trunc'; unit: string; expr: SqlExpr; internalType: string; tzname?: string | null | undefined }
  | { kind: 'cast'; expr: SqlExpr; internalType: string; maxLength?: number | undefined }
  | { kind: 'concat'; args: SqlExpr[] }
  | { kind: 'json'; expr: SqlExpr; path: string[]; text: boolean }
  | { kind: 'hasKey'; expr: SqlExpr; keys: string[]; mode: 'any' | 'all' }
  | { kind: 'window'; expr: SqlExpr; partitionBy: SqlExpr[]; orderBy: OrderNode[] }
  | { kind: 'random' }
  | { kind: 'now' }
  | { kind: 'raw'; sql: string; params: unknown[] }
  | { kind: 'const'; sql: 'TRUE' | 'FALSE' | 'NULL' };

/**
 * Where a parameter's value came from: the `leaf`-th value of the statement's shape (filter
 * values in the order the shape walk visits them, or the values a write statement lists) and,
 * for a list value, its `item`-th element (-1 = the whole value). Lets a cached statement be
 * bound again with another statement's values (models/query-shape.ts).
 */
export interface ParamSlot {
  leaf: number;
  item: number;
  /** The bound value is the leaf read through `pkOf` (model instances become their pk). */
  viaPk: boolean;
}

/** One ORDER BY term. */
export interface OrderNode {
  expr: SqlExpr;
  desc: boolean;
  nulls?: 'first' | 'last' | undefined;
}

/** One joined table. `on` pairs a column of the left table with a column of this table. */
export interface JoinNode {
  type: 'INNER' | 'LEFT';
  table: string;
  alias: string;
  leftAlias: string;
  on: [leftColumn: string, rightColumn: string][];
}

/** A SELECT statement. */
export interface SelectNode {
  kind: 'select';
  columns: { expr: SqlExpr; alias: string | null }[];
  from: { table: string; alias: string } | { query: SelectNode; alias: string };
  joins: JoinNode[];
  where: SqlExpr | null;
  groupBy: SqlExpr[] | null;
  having: SqlExpr | null;
  orderBy: OrderNode[];
  distinct: boolean;
  distinctOn: SqlExpr[];
  limit: number | null;
  offset: number | null;
  forUpdate: { nowait: boolean; skipLocked: boolean; of: string[] } | null;
  /** EXPLAIN prefix already validated by the backend (`ops.explainQueryPrefix`). */
  explain?: string | undefined;
  combinator: { op: 'UNION' | 'INTERSECT' | 'EXCEPT'; all: boolean; queries: SelectNode[] } | null;
}

/** An INSERT statement of one or more rows. */
export interface InsertNode {
  kind: 'insert';
  table: string;
  columns: string[];
  rows: SqlExpr[][];
  returning: string[];
  /** Skip rows that violate a unique constraint (INSERT ... ON CONFLICT DO NOTHING / INSERT IGNORE). */
  ignoreConflicts?: boolean;
}

/** An UPDATE statement. */
export interface UpdateNode {
  kind: 'update';
  table: string;
  alias: string;
  set: { column: string; value: SqlExpr }[];
  where: SqlExpr | null;
}

/** A DELETE statement. */
export interface DeleteNode {
  kind: 'delete';
  table: string;
  alias: string;
  where: SqlExpr | null;
}

/** Return an empty SELECT over `table` aliased `alias`. */
export function emptySelect(table: string, alias: string): SelectNode {
  return {
    kind: 'select', columns: [], from: { table, alias }, joins: [], where: null, groupBy: null,
    having: null, orderBy: [], distinct: false, distinctOn: [], limit: null, offset: null,
    forUpdate: null, combinator: null,
  };
}

/** Combine conditions with AND, dropping empty ones. */
export function andAll(parts: (SqlExpr | null)[]): SqlExpr | null {
  const kept = parts.filter((p): p is SqlExpr => p !== null);
  if (kept.length === 0) return null;
  if (kept.length === 1) return kept[0]!;
  return { kind: 'and', children: kept };
}
