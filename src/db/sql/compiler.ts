// The one shared SQL compiler: turns the SQL tree (nodes.ts) into SQL text with `?`
// placeholders and a parameter list. Vendor differences are delegated to `conn.ops` hooks and
// `conn.features` flags; nothing here knows which database it targets.
import type { CompilerConnection, DatePart, OpsLookup, TruncUnit } from './dialect.ts';
import type { DeleteNode, InsertNode, OrderNode, ParamSlot, SelectNode, SqlExpr, UpdateNode } from './nodes.ts';

/** How to recompute one bound parameter: from a filter value slot, or from LIMIT/OFFSET. */
export type ParamRecipe =
  | { slot: ParamSlot; internalType: string | undefined; lookup: OpsLookup | null }
  | { limitIndex: number };

/** Compiled SQL text and its parameters. */
export interface CompiledSql {
  sql: string;
  params: unknown[];
  /**
   * How every parameter can be recomputed from another query of the same shape, or null when
   * some parameter (or some SQL text) came from a value that no slot describes.
   */
  recipes?: ParamRecipe[] | null;
  /** The LIMIT/OFFSET clause the statement used ('' when none). */
  limitSql?: string;
}

// Lookups whose bound value the backend turns into a pattern (`prepareLookupValue`); the
// comparison and regex lookups bind the adapted value as it is.
const PATTERN_LOOKUPS = new Set<string>(['iexact', 'contains', 'icontains', 'startswith', 'istartswith', 'endswith', 'iendswith']);

/** Adapt a parameter value for the backend, as the compiler binds it (also used to re-bind). */
export function bindValue(ops: CompilerConnection['ops'], value: unknown, internalType: string | undefined, lookup: OpsLookup | null): unknown {
  const v = internalType === undefined || value === null ? value : ops.adaptValue(internalType, value);
  return lookup !== null && PATTERN_LOOKUPS.has(lookup) ? ops.prepareLookupValue(lookup, v) : v;
}

const OPS_LOOKUPS = new Set([
  'exact', 'iexact', 'contains', 'icontains', 'startswith', 'istartswith', 'endswith', 'iendswith', 'regex', 'iregex',
  'gt', 'gte', 'lt', 'lte',
]);

// Identifiers are validated and quoted once per backend (hot path of every query).
const QUOTED = new WeakMap<object, Map<string, string>>();

const CAST_FAMILY: Record<string, string> = {
  AutoField: 'IntegerField', SmallAutoField: 'SmallIntegerField', PositiveIntegerField: 'IntegerField',
  PositiveSmallIntegerField: 'SmallIntegerField', BigAutoField: 'BigIntegerField', PositiveBigIntegerField: 'BigIntegerField',
  SlugField: 'CharField', EmailField: 'CharField', URLField: 'CharField', GenericIPAddressField: 'CharField',
};

/** Map a field internal type to the type family the backends' cast tables know. */
export function castFamily(internalType: string): string {
  return CAST_FAMILY[internalType] ?? internalType;
}

/**
 * Compile SQL tree nodes for one connection.
 *
 * @example
 * new SqlCompiler(conn).compile(selectNode)
 * // { sql: 'SELECT "t0"."id" FROM "polls_question" "t0" WHERE "t0"."id" = ?', params: [1] }
 */
export class SqlCompiler {
  readonly conn: CompilerConnection;
  #params: unknown[] = [];
  #recipes: ParamRecipe[] | null = [];
  #limitSql = '';
  /** Table alias written without qualifier at the top level (UPDATE/DELETE of one table). */
  readonly #unqualify: string | undefined;
  #depth = 0;

  constructor(conn: CompilerConnection, unqualify?: string) {
    this.conn = conn;
    this.#unqualify = unqualify;
  }

  /** Compile any statement node into SQL text and parameters. */
  compile(node: SelectNode | InsertNode | UpdateNode | DeleteNode): CompiledSql {
    this.#params = [];
    this.#recipes = [];
    this.#limitSql = '';
    let sql: string;
    switch (node.kind) {
      case 'select': sql = this.select(node); break;
      case 'insert': sql = this.insert(node); break;
      case 'update': sql = this.update(node); break;
      case 'delete': sql = this.delete(node); break;
      default: { const never: never = node; throw new Error(`unknown statement ${String(never)}`); }
    }
    return { sql, params: this.#params, recipes: this.#recipes, limitSql: this.#limitSql };
  }

  /** Bind values that no recipe can recompute (the statement is then not reusable). */
  #pushUnslotted(values: readonly unknown[]): void {
    this.#params.push(...values);
    this.#recipes = null;
  }

  #q(name: string): string {
    let cache = QUOTED.get(this.conn.ops);
    if (!cache) QUOTED.set(this.conn.ops, (cache = new Map()));
    let quoted = cache.get(name);
    if (quoted === undefined) {
      quoted = this.conn.ops.quoteName(name);
      if (cache.size < 10_000) cache.set(name, quoted);
    }
    return quoted;
  }

  #col(table: string | null, column: string): string {
    if (table === null || (this.#depth === 0 && table === this.#unqualify)) return this.#q(column);
    return `${this.#q(table)}.${this.#q(column)}`;
  }

  #param(e: Extract<SqlExpr, { kind: 'param' }>, lookup: OpsLookup | null = null): string {
    this.#params.push(bindValue(this.conn.ops, e.value, e.internalType, lookup));
    if (e.slot === undefined) this.#recipes = null;
    else this.#recipes?.push({ slot: e.slot, internalType: e.internalType, lookup });
    return '?';
  }

  /** Compile a SELECT (also used for subqueries). */
  select(node: SelectNode): string {
    if (node.combinator) return this.#compound(node);
    const parts: string[] = ['SELECT'];
    if (node.distinctOn.length) parts.push(`DISTINCT ON (${node.distinctOn.map((e) => this.expr(e)).join(', ')})`);
    else if (node.distinct) parts.push('DISTINCT');
    const cols = node.columns.length
      ? node.columns.map((c) => (c.alias === null ? this.expr(c.expr) : `${this.expr(c.expr)} AS ${this.#q(c.alias)}`))
      : ['*'];
    parts.push(cols.join(', '));
    if ('table' in node.from) parts.push(`FROM ${this.#q(node.from.table)} ${this.#q(node.from.alias)}`);
    else parts.push(`FROM (${this.#nested(node.from.query)}) ${this.#q(node.from.alias)}`);
    for (const j of node.joins) {
      const on = j.on.map(([l, r]) => `${this.#col(j.leftAlias, l)} = ${this.#col(j.alias, r)}`).join(' AND ');
      parts.push(`${j.type} JOIN ${this.#q(j.table)} ${this.#q(j.alias)} ON ${on}`);
    }
    if (node.where) parts.push(`WHERE ${this.expr(node.where)}`);
    if (node.groupBy && node.groupBy.length) parts.push(`GROUP BY ${node.groupBy.map((e) => this.expr(e)).join(', ')}`);
    if (node.having) parts.push(`HAVING ${this.expr(node.having)}`);
    if (node.orderBy.length) parts.push(`ORDER BY ${this.orderBy(node.orderBy)}`);
    this.#limit(parts, node);
    if (node.forUpdate) {
      const f = node.forUpdate;
      parts.push(this.conn.ops.forUpdateSql({ nowait: f.nowait, skipLocked: f.skipLocked, of: f.of }));
    }
    const sql = parts.join(' ');
    return node.explain ? `${node.explain} ${sql}` : sql;
  }

  #limit(parts: string[], node: SelectNode): void {
    if (node.limit === null && !node.offset) return;
    const lo = this.conn.ops.limitOffsetSql(node.limit, node.offset);
    if (!lo.sql) return;
    parts.push(lo.sql);
    // Only the top-level clause is recomputed from the query being re-bound.
    if (this.#depth > 0 || this.#limitSql) return this.#pushUnslotted(lo.params);
    this.#limitSql = lo.sql;
    lo.params.forEach((v, i) => {
      this.#params.push(v);
      this.#recipes?.push({ limitIndex: i });
    });
  }

  #nested(node: SelectNode): string {
    this.#depth++;
    try {
      return this.select(node);
    } finally {
      this.#depth--;
    }
  }

  #compound(node: SelectNode): string {
    const c = node.combinator!;
    // Wrapping every part as a derived table keeps per-part ORDER BY/LIMIT legal on every database.
    const parts = c.queries.map((q, i) => `SELECT * FROM (${this.select(q)}) ${this.#q(`u${i}`)}`);
    const out = [parts.join(` ${c.op}${c.all ? ' ALL' : ''} `)];
    if (node.orderBy.length) out.push(`ORDER BY ${this.orderBy(node.orderBy)}`);
    this.#limit(out, node);
    return out.join(' ');
  }

  /** Compile ORDER BY terms (NULLS FIRST/LAST through the backend, emulated where needed). */
  orderBy(terms: OrderNode[]): string {
    return terms.map((t) => this.conn.ops.orderBySql(this.expr(t.expr), t.desc, t.nulls)).join(', ');
  }

  /** Compile an INSERT. */
  insert(node: InsertNode): string {
    const cols = node.columns.map((c) => this.#q(c)).join(', ');
    let sql: string;
    if (node.columns.length === 0) {
      // Rows with only database defaults; one statement per row is issued by the caller.
      sql = `INSERT INTO ${this.#q(node.table)} ${this.conn.ops.defaultValuesSql()}`;
    } else {
      const rows = node.rows.map((r) => `(${r.map((v) => this.expr(v)).join(', ')})`).join(', ');
      const ignore = node.ignoreConflicts ? this.conn.ops.insertIgnoreSql() : null;
      sql = `${ignore ? ignore.prefix : 'INSERT'} INTO ${this.#q(node.table)} (${cols}) VALUES ${rows}`;
      if (ignore?.suffix) sql += ` ${ignore.suffix}`;
    }
    if (node.returning.length) sql += ` ${this.conn.ops.returningSql(node.returning)}`;
    return sql;
  }

  /** Compile an UPDATE. Column references inside values use no table qualifier. */
  update(node: UpdateNode): string {
    const sets = node.set.map((s) => `${this.#q(s.column)} = ${this.expr(s.value)}`).join(', ');
    let sql = `UPDATE ${this.#q(node.table)} SET ${sets}`;
    if (node.where) sql += ` WHERE ${this.expr(node.where)}`;
    return sql;
  }

  /** Compile a DELETE. */
  delete(node: DeleteNode): string {
    let sql = `DELETE FROM ${this.#q(node.table)}`;
    if (node.where) sql += ` WHERE ${this.expr(node.where)}`;
    return sql;
  }

  /** Compile an expression. */
  expr(e: SqlExpr): string {
    const ops = this.conn.ops;
    switch (e.kind) {
      case 'col': return this.#col(e.table, e.column);
      case 'param': return this.#param(e);
      case 'star': return '*';
      case 'const': return e.sql === 'TRUE' ? '1 = 1' : e.sql === 'FALSE' ? '1 = 0' : 'NULL';
      case 'func': {
        const args = e.args.map((a) => this.expr(a)).join(', ');
        let sql = `${e.name}(${e.distinct ? 'DISTINCT ' : ''}${args})`;
        if (e.filter) sql = this.#aggregateFilter(e, sql);
        return sql;
      }
      case 'binary': return `(${this.expr(e.left)} ${e.op} ${this.expr(e.right)})`;
      case 'lookup': return this.#lookup(e);
      case 'and':
      case 'or': {
        if (e.children.length === 0) return e.kind === 'and' ? '1 = 1' : '1 = 0';
        return `(${e.children.map((c) => this.expr(c)).join(e.kind === 'and' ? ' AND ' : ' OR ')})`;
      }
      case 'not': return `NOT (${this.expr(e.child)})`;
      case 'isnull': return `${this.expr(e.expr)} IS ${e.negated ? 'NOT ' : ''}NULL`;
      case 'case': {
        const whens = e.whens.map((w) => `WHEN ${this.expr(w.cond)} THEN ${this.expr(w.then)}`).join(' ');
        return `CASE ${whens}${e.else ? ` ELSE ${this.expr(e.else)}` : ''} END`;
      }
      case 'subquery': return `(${this.#nested(e.query)})`;
      case 'exists': return `${e.negated ? 'NOT ' : ''}EXISTS (${this.#nested(e.query)})`;
      case 'extract': return this.#extract(e);
      case 'trunc': {
        const sql = this.expr(e.expr);
        const unit = e.unit as TruncUnit;
        if (e.internalType === 'DateTimeField') return ops.datetimeTruncSql(unit, sql, e.tzname);
        if (e.internalType === 'TimeField') return ops.timeTruncSql(unit, sql, e.tzname);
        return ops.dateTruncSql(unit, sql, e.tzname);
      }
      case 'cast': return ops.castSql(this.expr(e.expr), castFamily(e.internalType));
      case 'concat': return ops.concatSql(e.args.map((a) => `COALESCE(${ops.castSql(this.expr(a), 'TextField')}, '')`));
      case 'json': {
        const inner = this.expr(e.expr);
        const r = e.text ? ops.jsonExtractTextSql(inner, e.path) : ops.jsonExtractSql(inner, e.path);
        this.#pushUnslotted(r.params);
        return r.sql;
      }
      case 'hasKey': {
        const inner = this.expr(e.expr);
        const r = e.keys.length === 1 ? ops.jsonHasKeySql(inner, e.keys[0]!) : ops.jsonHasKeysSql(inner, e.keys, e.mode);
        this.#pushUnslotted(r.params);
        return r.sql;
      }
      case 'window': {
        const inner = this.expr(e.expr);
        const over: string[] = [];
        if (e.partitionBy.length) over.push(`PARTITION BY ${e.partitionBy.map((p) => this.expr(p)).join(', ')}`);
        if (e.orderBy.length) over.push(`ORDER BY ${this.orderBy(e.orderBy)}`);
        return `${inner} OVER (${over.join(' ')})`;
      }
      case 'random': return ops.randomFunctionSql();
      case 'now': return 'CURRENT_TIMESTAMP';
      case 'raw':
        this.#pushUnslotted(e.params);
        return e.sql;
      default: {
        const never: never = e;
        throw new Error(`unknown SQL node ${JSON.stringify(never)}`);
      }
    }
  }

  // FILTER (WHERE ...) is emulated with CASE so it works on every database.
  #aggregateFilter(e: Extract<SqlExpr, { kind: 'func' }>, _sql: string): string {
    const cond = this.expr(e.filter!);
    const args = e.args.map((a) => (a.kind === 'star' ? '1' : this.expr(a)));
    const inner = args.map((a) => `CASE WHEN ${cond} THEN ${a} ELSE NULL END`).join(', ');
    return `${e.name}(${e.distinct ? 'DISTINCT ' : ''}${inner})`;
  }

  #extract(e: Extract<SqlExpr, { kind: 'extract' }>): string {
    const ops = this.conn.ops;
    const sql = this.expr(e.expr);
    if (e.part === 'date') return ops.datetimeCastDateSql(sql, e.tzname);
    if (e.part === 'time') return ops.datetimeCastTimeSql(sql, e.tzname);
    const part = e.part as DatePart;
    if (e.internalType === 'DateTimeField') return ops.datetimeExtractSql(part, sql, e.tzname);
    if (e.internalType === 'TimeField') return ops.timeExtractSql(part, sql);
    return ops.dateExtractSql(part, sql);
  }

  #lookup(e: Extract<SqlExpr, { kind: 'lookup' }>): string {
    const lhs = this.expr(e.lhs);
    const rhs = e.rhs;
    if (e.lookup === 'in') {
      if (Array.isArray(rhs)) {
        if (rhs.length === 0) return '1 = 0';
        return `${lhs} IN (${rhs.map((r) => this.expr(r)).join(', ')})`;
      }
      if (rhs && rhs.kind === 'subquery') {
        // Wrapped in a derived table: MySQL refuses LIMIT in IN-subqueries and self-selects in UPDATE/DELETE.
        this.#depth++;
        try {
          return `${lhs} IN (SELECT * FROM (${this.select(rhs.query)}) ${this.#q(`in${this.#depth}`)})`;
        } finally {
          this.#depth--;
        }
      }
      return `${lhs} IN (${this.expr(rhs!)})`;
    }
    if (e.lookup === 'range') {
      const [a, b] = rhs as SqlExpr[];
      return `${lhs} BETWEEN ${this.expr(a!)} AND ${this.expr(b!)}`;
    }
    if (rhs === null || Array.isArray(rhs)) throw new Error(`lookup '${e.lookup}' needs one value`);
    if (OPS_LOOKUPS.has(e.lookup)) {
      const lookup = e.lookup as OpsLookup;
      if (rhs.kind === 'param') return this.conn.ops.lookupSql(lookup, lhs, this.#param(rhs, lookup));
      const rhsSql = this.expr(rhs);
      const plain = lookup === 'exact' || lookup === 'gt' || lookup === 'gte' || lookup === 'lt' || lookup === 'lte';
      return this.conn.ops.lookupSql(lookup, lhs, plain ? rhsSql : this.conn.ops.patternSql(lookup, rhsSql));
    }
    throw new Error(`unknown lookup '${e.lookup}'`);
  }
}
