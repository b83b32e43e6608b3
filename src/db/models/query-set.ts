// QuerySet: an immutable, lazy, thenable description of a query over one model. Every chained
// call returns a new QuerySet; awaiting runs it once and caches the rows; `for await` streams
// it in chunks. Results are instances (with the class's methods) or typed value rows.
import { Expression, OrderBy, Count } from './expressions.ts';
import { QObject } from './query-utils.ts';
import { Query } from './query.ts';
import { FieldError } from './errors.ts';
import { compileNode, compileSelect, dbForRead, dbForWrite, getConnection, rowToInstance } from './db-access.ts';
import { QueryBuilder, pkOf, type BuiltSelect, type RowPlan } from './query-builder.ts';
import { bindUniqueGet, isPlainQuery, oneKeyFilter, singleLookupKey, uniqueGetStatement, uniqueValueKind, updateShapeKeys } from './unique-get.ts';
import { STATE, type Model, type ModelClass } from './model.ts';
import { castFamily } from '../sql/compiler.ts';
import { emptySelect, type SqlExpr } from '../sql/nodes.ts';
import type { CheckFilter, CreateInput, FieldsOf, OrderKey, PathHead, RelationPaths, ValueAt, ValueKeys, ValuesRow, Loaded } from './model-types.ts';
import { ForeignKey } from './fields/related-fields.ts';
import { setSubQueryFactory } from './query-builder.ts';
import { assignedValueKey, compileShaped, queryShape, shapeSlots, strs, type QueryShape } from './query-shape.ts';
import { atomic } from '../transaction.ts';

setSubQueryFactory((model, cond) => {
  const q = new Query(model);
  q.filters = [{ cond, negated: false }];
  return q;
});

/** Result of an expression map (annotate/aggregate). */
export type ExprResults<X> = { [K in keyof X]: X[K] extends Expression<infer T> ? T : unknown };

/** Filter argument: a lookups object `T` (checked with `CheckFilter`), a Q, or a boolean expression (Exists). */
export type FilterInput<T> = T | QObject | Expression<boolean>;

/** Hooks the prefetch/deletion/persistence modules install. */
export const querySetHooks: {
  prefetch: (instances: Model[], lookups: unknown[], db: string) => Promise<void>;
  deleteQuerySet: (qs: QuerySet<any, any, any>) => Promise<[number, Record<string, number>]>;
  create: (model: ModelClass, data: Record<string, unknown>, using: string | null) => Promise<Model>;
  bulkCreate: (model: ModelClass, objs: Model[], options: { batchSize?: number; ignoreConflicts?: boolean; using?: string | null }) => Promise<Model[]>;
  trackRelationLoad: (instance: Model, name: string, site?: string) => void;
  watching: () => boolean;
  callSite: () => string;
} = {
  prefetch: async () => { throw new Error('prefetch module not loaded'); },
  deleteQuerySet: async () => { throw new Error('deletion module not loaded'); },
  create: async () => { throw new Error('persistence module not loaded'); },
  bulkCreate: async () => { throw new Error('persistence module not loaded'); },
  trackRelationLoad: () => {},
  watching: () => false,
  callSite: () => 'unknown location',
};

function toQ(args: unknown): QObject | Expression {
  if (args instanceof QObject || args instanceof Expression) return args;
  if (args === null || typeof args !== 'object' || Array.isArray(args)) throw new FieldError('filter() takes an object of lookups, a Q or an expression');
  return new QObject(args as Record<string, unknown>);
}

/**
 * A lazy, immutable query over model `M` producing rows of type `R`; `A` holds annotations.
 *
 * Differs from Django: asynchronous (`await qs`, `for await (const x of qs)`), slicing is
 * `qs.slice(start, end)`, and `get()`/`first()` return promises.
 *
 * @example
 * const recent = await Question.objects.filter({ pubDate__lte: new Date() }).orderBy('-pubDate').slice(0, 5);
 * // SELECT ... FROM "polls_question" "t0" WHERE "t0"."pub_date" <= ? ORDER BY "t0"."pub_date" DESC LIMIT ?
 */
export class QuerySet<M, R = M, A = {}> implements PromiseLike<R[]>, AsyncIterable<R> {
  readonly isQuerySet = true as const;
  readonly model: ModelClass;
  readonly query: Query;
  #result: Promise<R[]> | null = null;

  constructor(model: ModelClass, query?: Query) {
    this.model = model;
    this.query = query ?? new Query(model);
  }

  /** Return a copy with a changed query (the subclass is kept, for custom QuerySet methods). */
  protected chain(mutate: (q: Query) => void): this {
    const q = this.query.clone();
    mutate(q);
    const Ctor = this.constructor as new (model: ModelClass, query: Query) => this;
    return new Ctor(this.model, q);
  }

  #reshape<R2, A2 = A>(mutate: (q: Query) => void): QuerySet<M, R2, A2> {
    return this.chain(mutate) as unknown as QuerySet<M, R2, A2>;
  }

  // ---- chaining ----------------------------------------------------------------------------

  /** Return a copy of this QuerySet (re-evaluates when awaited). */
  all(): this { return this.chain(() => {}); }

  /** Keep rows matching every lookup (AND), a Q, or a boolean expression. */
  filter<const T extends CheckFilter<M, A, T>>(args: FilterInput<T> = {} as T): this {
    this.#checkNotSliced('filter');
    const cond = toQ(args);
    return this.chain((q) => { q.filters.push({ cond, negated: false }); });
  }

  /** Drop rows matching the lookups (NULL-safe; across multi-valued relations a subquery). */
  exclude<const T extends CheckFilter<M, A, T>>(args: FilterInput<T>): this {
    this.#checkNotSliced('exclude');
    const cond = toQ(args);
    return this.chain((q) => { q.filters.push({ cond, negated: true }); });
  }

  /** Return no rows (without querying). */
  none(): this { return this.chain((q) => { q.empty = true; }); }

  /** Order by fields (`'-field'` descending, `'?'` random) or `F('x').desc({ nullsLast: true })`. */
  orderBy(...keys: (OrderKey<M, A> | OrderBy | Expression)[]): this {
    for (const k of keys) if (typeof k !== 'string' && !(k instanceof OrderBy) && !(k instanceof Expression)) throw new FieldError(`orderBy() takes names or expressions, got ${typeof k}`);
    return this.chain((q) => { q.order = keys as (string | OrderBy)[]; q.reversed = false; });
  }

  /** Reverse the ordering. */
  reverse(): this { return this.chain((q) => { q.reversed = !q.reversed; }); }

  /** Drop duplicate rows; with field names, DISTINCT ON (PostgreSQL). */
  distinct(...fields: ValueKeys<M, A>[]): this {
    return this.chain((q) => { q.distinct = true; q.distinctFields = fields; });
  }

  /** Limit to rows `start` (inclusive) to `end` (exclusive). */
  slice(start: number, end?: number): this {
    if (!Number.isInteger(start) || start < 0 || (end !== undefined && (!Number.isInteger(end) || end < start))) {
      throw new FieldError('slice() takes non-negative integers start <= end (negative indexing is not supported)');
    }
    return this.chain((q) => {
      const base = q.offset;
      const newOffset = base + start;
      let limit = end === undefined ? null : end - start;
      if (q.limit !== null) limit = limit === null ? Math.max(0, q.limit - start) : Math.min(limit, Math.max(0, q.limit - start));
      q.offset = newOffset;
      q.limit = limit;
    });
  }

  /** Keep at most `n` rows. */
  limit(n: number): this { return this.slice(0, n); }
  /** Skip `n` rows. */
  offset(n: number): this { return this.slice(n); }

  /** Return rows as objects with the given keys (all fields when none). */
  values<K extends ValueKeys<M, A>>(...keys: K[]): QuerySet<M, ValuesRow<M, A, K>, A> {
    return this.#reshape((q) => { q.mode = 'values'; q.valueNames = keys; });
  }

  /** Return rows as tuples; with `{ flat: true }` and one key, as plain values. */
  valuesList<K extends ValueKeys<M, A>>(key: K, options: { flat: true }): QuerySet<M, ValueAt<M, A, K>, A>;
  valuesList<const K extends readonly ValueKeys<M, A>[]>(...keys: K): QuerySet<M, { -readonly [I in keyof K]: ValueAt<M, A, K[I]> }, A>;
  valuesList(...args: unknown[]): unknown {
    const last = args[args.length - 1];
    const flat = typeof last === 'object' && last !== null && (last as { flat?: boolean }).flat === true;
    const keys = (flat ? args.slice(0, -1) : args) as string[];
    if (flat && keys.length !== 1) throw new FieldError('valuesList(..., { flat: true }) takes exactly one field');
    return this.#reshape((q) => { q.mode = flat ? 'flat' : 'list'; q.valueNames = keys; });
  }

  /** Add computed values to every row (`annotate({ numChoices: new Count('choices') })`). */
  annotate<X extends Record<string, Expression>>(exprs: X): QuerySet<M, R & ExprResults<X>, A & ExprResults<X>> {
    return this.#reshape((q) => {
      for (const [name, expr] of Object.entries(exprs)) {
        if (!(expr instanceof Expression)) throw new FieldError(`annotate(): '${name}' is not an expression`);
        q.annotations.push({ name, expr, select: true });
        if (expr.containsAggregate && q.mode === 'models') q.groupByPk = true;
      }
      if (q.valueNames && q.valueNames.length) q.valueNames = [...q.valueNames, ...Object.keys(exprs)];
    }) as never;
  }

  /** Like annotate, but only for use in filters and ordering (not selected). */
  alias<X extends Record<string, Expression>>(exprs: X): QuerySet<M, R, A & ExprResults<X>> {
    return this.#reshape((q) => {
      for (const [name, expr] of Object.entries(exprs)) q.annotations.push({ name, expr, select: false });
    });
  }

  /** Load forward relations in the same query (JOIN); the result type marks them loaded. */
  selectRelated<const P extends RelationPaths<M>>(...names: P[]): QuerySet<M, R extends M ? Loaded<R, PathHead<P> & keyof R, P> : R, A> {
    return this.#reshape((q) => {
      q.selectRelated = names.length === 0 ? true : [...(Array.isArray(q.selectRelated) ? q.selectRelated : []), ...names];
    });
  }

  /** Load reverse/many-to-many relations with one extra query per relation. */
  prefetchRelated(...lookups: unknown[]): this {
    return this.chain((q) => { q.prefetch = lookups.length === 0 || lookups[0] === null ? [] : [...q.prefetch, ...lookups]; });
  }

  /** Load only these fields (the primary key is always loaded). */
  only(...names: ValueKeys<M, A>[]): this {
    return this.chain((q) => { q.only = names as string[]; });
  }

  /** Do not load these fields. */
  defer(...names: ValueKeys<M, A>[]): this {
    return this.chain((q) => { q.defer = [...q.defer, ...(names as string[])]; });
  }

  /** Lock the selected rows until the end of the transaction (SELECT ... FOR UPDATE). */
  selectForUpdate(options: { nowait?: boolean; skipLocked?: boolean; of?: string[] } = {}): this {
    return this.chain((q) => { q.forUpdate = { nowait: !!options.nowait, skipLocked: !!options.skipLocked, of: options.of ?? [] }; });
  }

  /** Run on the database alias `alias`. */
  using(alias: string): this { return this.chain((q) => { q.using = alias; }); }

  /** Combine with UNION. */
  union(...others: QuerySet<any, R, any>[]): this { return this.#combine('UNION', others, false); }
  /** Combine with UNION ALL. */
  unionAll(...others: QuerySet<any, R, any>[]): this { return this.#combine('UNION', others, true); }
  /** Combine with INTERSECT. */
  intersection(...others: QuerySet<any, R, any>[]): this { return this.#combine('INTERSECT', others, false); }
  /** Combine with EXCEPT. */
  difference(...others: QuerySet<any, R, any>[]): this { return this.#combine('EXCEPT', others, false); }

  #combine(op: 'UNION' | 'INTERSECT' | 'EXCEPT', others: QuerySet<any, any, any>[], all: boolean): this {
    return this.chain((q) => { q.combinator = { op, all, others: others.map((o) => o.query) }; });
  }

  #checkNotSliced(what: string): void {
    if (this.query.isSliced) throw new FieldError(`Cannot ${what} a query once a slice has been taken`);
  }

  // ---- evaluation --------------------------------------------------------------------------

  get #readAlias(): string { return dbForRead(this.model, this.query.using); }
  get #writeAlias(): string { return dbForWrite(this.model, this.query.using); }

  /** The SQL and parameters this QuerySet would run (on its read database). */
  sql(): { sql: string; params: unknown[] } {
    const c = compileSelect(this.query, getConnection(this.#readAlias));
    return { sql: c.sql, params: c.params };
  }

  async #fetch(): Promise<R[]> {
    const alias = this.#readAlias;
    const conn = getConnection(alias);
    if (this.query.empty && !this.query.combinator) return [];
    const c = compileSelect(this.query, conn);
    const { rows } = await conn.query(c.sql, c.params);
    return this.#prefetched(this.#convert(rows, c, alias), alias);
  }

  /** Run prefetchRelated() lookups over converted rows (synchronously returns rows without any). */
  #prefetched(out: R[], alias: string): R[] | Promise<R[]> {
    const q = this.query;
    if (q.mode !== 'models' || !q.prefetch.length || !out.length) return out;
    return querySetHooks.prefetch(out as Model[], q.prefetch, alias).then(() => out);
  }

  #convert(rows: unknown[][], c: ReturnType<typeof compileSelect>, alias: string): R[] {
    const q = this.query;
    if (q.mode === 'models') {
      const plan = c.plan!;
      return rows.map((row) => rowToInstance(plan, row, alias)) as R[];
    }
    const cols = c.columns;
    if (q.mode === 'flat') {
      const conv = cols[0]!.convert;
      return rows.map((r) => (conv ? conv(r[0]) : r[0])) as R[];
    }
    if (q.mode === 'list') return rows.map((r) => cols.map((col, i) => (col.convert ? col.convert(r[i]) : r[i]))) as R[];
    return rows.map((r) => {
      const o: Record<string, unknown> = {};
      for (let i = 0; i < cols.length; i++) {
        const col = cols[i]!;
        o[col.name] = col.convert ? col.convert(r[i]) : r[i];
      }
      return o;
    }) as R[];
  }

  then<T1 = R[], T2 = never>(onfulfilled?: ((value: R[]) => T1 | PromiseLike<T1>) | null, onrejected?: ((reason: unknown) => T2 | PromiseLike<T2>) | null): Promise<T1 | T2> {
    this.#result ??= this.#fetch();
    return this.#result.then(onfulfilled, onrejected);
  }

  /** Stream rows in chunks of `chunkSize` (default 100) without loading all of them. */
  async *iterator(chunkSize = 100): AsyncGenerator<R> {
    const alias = this.#readAlias;
    const conn = getConnection(alias);
    if (this.query.empty) return;
    const c = compileSelect(this.query, conn);
    for await (const chunk of conn.stream(c.sql, c.params, chunkSize)) {
      for (const r of await this.#prefetched(this.#convert(chunk, c, alias), alias)) yield r;
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<R> {
    return this.iterator();
  }

  /**
   * Return the one row matching the lookups; throw `Model.DoesNotExist` / `MultipleObjectsReturned`.
   *
   * An exact lookup on the primary key or a unique field of a plain manager queryset
   * (`Question.objects.get({ pk: 5 })`) runs a statement compiled once per connection and key:
   * the same SQL, value conversion, routing and query events as the general path, without
   * rebuilding the query.
   *
   * @example
   * const q = await Question.objects.get({ pk: 5 });
   * // SELECT "t0"."id", ... FROM "polls_question" "t0" WHERE "t0"."id" = ? LIMIT 21
   */
  get<const T extends CheckFilter<M, A, T>>(args?: FilterInput<T>): Promise<R> {
    try {
      if (args !== undefined && this.filter === QS_FILTER && this.chain === QS_CHAIN && isPlainQuery(this.query)) {
        const key = singleLookupKey(args);
        const value = key === null ? undefined : (args as Record<string, unknown>)[key];
        const kind = key === null ? null : uniqueValueKind(value);
        if (kind !== null) {
          const alias = this.#readAlias;
          const conn = getConnection(alias);
          const stmt = uniqueGetStatement(this.query, conn, key!, kind, value);
          if (stmt) {
            const r = conn.queryNow(stmt.sql, bindUniqueGet(stmt, value, conn.ops));
            if (r instanceof Promise) return r.then((res) => this.#single(res.rows, stmt.plan, alias));
            return Promise.resolve(this.#single(r.rows, stmt.plan, alias));
          }
        }
      }
      return this.#getGeneral(args);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  async #getGeneral(args: FilterInput<unknown> | undefined): Promise<R> {
    const qs: QuerySet<M, R, A> = args === undefined ? this : this.filter(args as never);
    // The guarded copy is new: run it directly rather than through its thenable.
    const rows = !qs.query.isSliced && !qs.query.forUpdate ? await qs.chain((q) => { q.limit = 21; q.order = q.order ?? []; }).#fetch() : await qs;
    return this.#single(rows, null, '');
  }

  /** The one row of a get(); rows are instances already without a plan, else raw rows to build with it. */
  #single(rows: unknown[], plan: RowPlan | null, alias: string): R {
    if (rows.length === 1) return (plan ? rowToInstance(plan, rows[0] as unknown[], alias) : rows[0]) as R;
    const model = this.model;
    if (rows.length === 0) throw new model.DoesNotExist();
    throw new model.MultipleObjectsReturned(`get() returned more than one ${model.meta.label} -- it returned ${rows.length > 20 ? 'more than 20' : rows.length}!`);
  }

  /** Return the number of rows (SELECT COUNT(*)). */
  async count(): Promise<number> {
    if (this.#result) return (await this.#result).length;
    const r = await this.#aggregateRow({ rtCountAll: new Count('*') });
    return Number(r['rtCountAll'] ?? 0);
  }

  /** Return true if any row matches. */
  async exists(): Promise<boolean> {
    if (this.query.empty) return false;
    const alias = this.#readAlias;
    const conn = getConnection(alias);
    const q = this.query.clone();
    q.mode = 'values';
    q.valueNames = ['pk'];
    q.order = [];
    q.annotations = q.annotations.filter((a) => !a.expr.containsAggregate);
    if (q.limit === null || q.limit > 1) q.limit = 1;
    const c = compileSelect(q, conn);
    const { rows } = await conn.query(c.sql, c.params);
    return rows.length > 0;
  }

  /** Return true if `obj` is in the results. */
  async contains(obj: Model): Promise<boolean> {
    if ((obj.constructor as ModelClass).meta.label !== this.model.meta.label) throw new FieldError(`contains() expects a ${this.model.meta.label} instance`);
    if (obj.pk === null || obj.pk === undefined) throw new FieldError('contains() cannot be used on an unsaved object');
    if (this.#result) return (await this.#result).some((r) => (r as Model).equals?.(obj));
    return this.filter({ pk: obj.pk } as never).exists();
  }

  /** Return the first row by the ordering (pk when unordered), or null. */
  async first(): Promise<R | null> {
    const qs = this.query.order === null && this.model.meta.ordering.length === 0 ? this.chain((q) => { q.order = ['pk']; }) : this;
    const rows = await qs.slice(0, 1);
    return rows[0] ?? null;
  }

  /** Return the last row by the ordering (pk when unordered), or null. */
  async last(): Promise<R | null> {
    const qs = this.query.order === null && this.model.meta.ordering.length === 0 ? this.chain((q) => { q.order = ['pk']; }) : this;
    const rows = await qs.reverse().slice(0, 1);
    return rows[0] ?? null;
  }

  #latestFields(fields: string[]): string[] {
    if (fields.length) return fields;
    const g = this.model.meta.options.getLatestBy;
    if (!g) throw new FieldError(`earliest()/latest() need field names or Meta.getLatestBy on ${this.model.meta.label}`);
    return typeof g === 'string' ? [g] : [...g];
  }

  /** Return the earliest row by the fields (or Meta.getLatestBy). */
  async earliest(...fields: OrderKey<M, A>[]): Promise<R> {
    const rows = await this.orderBy(...(this.#latestFields(fields) as OrderKey<M, A>[])).slice(0, 1);
    if (!rows.length) throw new this.model.DoesNotExist();
    return rows[0]!;
  }

  /** Return the latest row by the fields (or Meta.getLatestBy). */
  async latest(...fields: OrderKey<M, A>[]): Promise<R> {
    const f = this.#latestFields(fields).map((x) => (x.startsWith('-') ? x.slice(1) : `-${x}`));
    const rows = await this.orderBy(...(f as OrderKey<M, A>[])).slice(0, 1);
    if (!rows.length) throw new this.model.DoesNotExist();
    return rows[0]!;
  }

  /** Return a Map from id (or `fieldName`, which must be unique) to instance. */
  async inBulk(ids?: readonly unknown[], options: { fieldName?: string } = {}): Promise<Map<unknown, R>> {
    const fieldName = options.fieldName ?? 'pk';
    if (fieldName !== 'pk') {
      const f = this.model.meta.getField(fieldName);
      if (!f.unique) throw new FieldError(`inBulk()'s fieldName must be a unique field but '${fieldName}' isn't`);
    }
    if (ids !== undefined && ids.length === 0) return new Map();
    const qs = ids === undefined ? this : this.filter({ [`${fieldName}__in`]: ids } as never);
    const rows = await qs;
    const attr = fieldName === 'pk' ? this.model.meta.pk.attname : this.model.meta.getField(fieldName).attname;
    return new Map(rows.map((r) => [(r as Record<string, unknown>)[attr], r]));
  }

  async #aggregateRow(exprs: Record<string, Expression>): Promise<Record<string, unknown>> {
    const alias = this.#readAlias;
    const conn = getConnection(alias);
    if (this.query.empty) {
      const out: Record<string, unknown> = {};
      for (const [k, e] of Object.entries(exprs)) out[k] = e instanceof Count ? 0 : null;
      return out;
    }
    const entries = Object.entries(exprs);
    for (const [name] of entries) if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new FieldError(`Invalid aggregate alias ${JSON.stringify(name)}`);
    // Shape: the query's, then each alias and its expression's key; leaves: the filter values.
    const shape = queryShape(this.query);
    let key: string | null = shape && 'aggregate|' + shape.key;
    for (const [name, expr] of entries) {
      const k = key === null ? null : expr.shapeKey();
      key = k === null ? null : `${key}|${strs([name, k])}`;
    }
    const c = compileShaped(conn, this.model.meta, key, shape?.leaves ?? [], () => {
      const inner = this.query.clone();
      const slots = shapeSlots(shape);
      const needsSubquery = inner.isSliced || inner.distinct || inner.hasAggregate || inner.combinator !== null || inner.mode !== 'models';
      if (!needsSubquery) {
        inner.order = [];
        inner.mode = 'values';
        inner.valueNames = [];
        for (const [name, expr] of entries) inner.annotations.push({ name, expr, select: true });
        inner.valueNames = entries.map(([n]) => n);
        const built = new QueryBuilder(inner, conn, null, slots).build({ noOrder: true });
        built.node.groupBy = null;
        return { node: built.node, columns: built.columns };
      }
      // Aggregate over the rows of the query as a derived table.
      if (!inner.isSliced) inner.order = [];
      const sub = new QueryBuilder(inner, conn, null, slots).build().node;
      if (inner.mode === 'models' && !inner.hasAggregate) sub.columns = sub.columns.map((col, i) => ({ expr: col.expr, alias: `c${i}` }));
      const node = emptySelect('', 'sub');
      node.from = { query: sub, alias: 'sub' };
      const columns: BuiltSelect['columns'] = [];
      for (const [name, expr] of entries) {
        if (!(expr instanceof Count) || (expr.source !== '*')) throw new FieldError('Only Count(\'*\') is supported over sliced, distinct or grouped querysets');
        node.columns.push({ expr: { kind: 'func', name: 'COUNT', args: [{ kind: 'star' }] } as SqlExpr, alias: name });
        columns.push({ name, convert: Number });
      }
      return { node, columns };
    });
    const { rows } = await conn.query(c.sql, c.params);
    const row = rows[0] ?? [];
    const out: Record<string, unknown> = {};
    entries.forEach(([name], i) => {
      const convert = c.columns[i]!.convert;
      out[name] = convert ? convert(row[i] ?? null) : row[i] ?? null;
    });
    return out;
  }

  /** Compute aggregates over the rows: `aggregate({ avg: new Avg('votes') })`. */
  async aggregate<X extends Record<string, Expression>>(exprs: X): Promise<ExprResults<X>> {
    for (const [k, e] of Object.entries(exprs)) if (!(e instanceof Expression) || !e.containsAggregate) throw new FieldError(`aggregate(): '${k}' is not an aggregate expression`);
    return (await this.#aggregateRow(exprs)) as ExprResults<X>;
  }

  // ---- writes ------------------------------------------------------------------------------

  /** Create and save an instance. */
  create(data: CreateInput<FieldsOf<M>>): Promise<M> {
    return querySetHooks.create(this.model, data as Record<string, unknown>, this.query.using) as unknown as Promise<M>;
  }

  /** Return `[object, created]`: the matching row, or a new one built from lookups + defaults. */
  async getOrCreate<const T extends CheckFilter<M, A, T>>(lookup: T, options: { defaults?: Partial<CreateInput<FieldsOf<M>>> } = {}): Promise<[M, boolean]> {
    try {
      return [(await this.get(lookup)) as unknown as M, false];
    } catch (e) {
      if (!(e instanceof this.model.DoesNotExist)) throw e;
    }
    const data = { ...plainLookups(lookup as Record<string, unknown>), ...(options.defaults ?? {}) };
    try {
      return [await atomic(() => this.create(data as never), { using: this.#writeAlias }), true];
    } catch (err) {
      try {
        return [(await this.get(lookup)) as unknown as M, false];
      } catch {
        throw err;
      }
    }
  }

  /** Update the matching row with `defaults` (or create it); returns `[object, created]`. */
  async updateOrCreate<const T extends CheckFilter<M, A, T>>(lookup: T, options: { defaults?: Partial<CreateInput<FieldsOf<M>>>; createDefaults?: Partial<CreateInput<FieldsOf<M>>> } = {}): Promise<[M, boolean]> {
    return atomic(async () => {
      const existing = await this.selectForUpdateIfSupported().filter(lookup).first();
      if (existing) {
        const inst = existing as unknown as Model & Record<string, unknown>;
        for (const [k, v] of Object.entries(options.defaults ?? {})) inst[k] = v;
        await inst.save({ using: this.#writeAlias });
        return [existing as unknown as M, false] as [M, boolean];
      }
      const data = { ...plainLookups(lookup as Record<string, unknown>), ...(options.createDefaults ?? options.defaults ?? {}) };
      return [await this.create(data as never), true] as [M, boolean];
    }, { using: this.#writeAlias });
  }

  /** selectForUpdate() when the database supports it, else this. */
  protected selectForUpdateIfSupported(): this {
    return getConnection(this.#writeAlias).features.supportsSelectForUpdate ? this.selectForUpdate() : this;
  }

  /** Insert many instances in few statements; sets pks where the database returns them. */
  async bulkCreate(objs: readonly (M | CreateInput<FieldsOf<M>>)[], options: { batchSize?: number; ignoreConflicts?: boolean } = {}): Promise<M[]> {
    const Model = this.model;
    const instances = objs.map((o) => ((o as object) instanceof Model ? (o as unknown as Model) : new Model(o as Record<string, unknown>)));
    return (await querySetHooks.bulkCreate(this.model, instances, { ...options, using: this.query.using })) as unknown as M[];
  }

  /** Update `fields` of many saved instances with CASE statements, in batches. */
  async bulkUpdate(objs: readonly M[], fields: readonly (keyof FieldsOf<M> & string)[], options: { batchSize?: number } = {}): Promise<number> {
    if (objs.length === 0) return 0;
    const meta = this.model.meta;
    const fs = fields.map((n) => meta.getField(n));
    for (const f of fs) if (f.primaryKey || !f.concrete) throw new FieldError(`bulkUpdate() cannot update ${meta.label}.${f.name}`);
    const alias = this.#writeAlias;
    const conn = getConnection(alias);
    const batch = options.batchSize ?? Math.max(1, Math.floor(Math.min(conn.features.maxQueryParams, 30000) / (fs.length * 2 + 2)));
    let total = 0;
    // CASE ... THEN CAST(? AS type) needs a cast every database agrees on; other types are
    // written with one UPDATE per object (same transaction).
    const caseable = fs.filter((f) => CASEABLE.has(castFamily(f.valueType)));
    const perRow = fs.filter((f) => !caseable.includes(f));
    // One CASE statement is atomic by itself; several statements share a transaction.
    const single = objs.length <= batch && perRow.length === 0;
    const wrap = single ? (fn: () => Promise<void>) => fn() : (fn: () => Promise<void>) => atomic(fn, { using: alias });
    await wrap(async () => {
      for (let i = 0; i < objs.length; i += batch) {
        const chunk = objs.slice(i, i + batch) as unknown as (Model & Record<string, unknown>)[];
        const pkCol: SqlExpr = { kind: 'col', table: null, column: meta.pk.column };
        const pkParam = (o: Model): SqlExpr => ({ kind: 'param', value: o.pk, internalType: meta.pk.valueType });
        if (caseable.length) {
          // One statement shape per field list and chunk size: leaves are each object's pk
          // followed by its values, so repeated calls only bind values.
          const width = caseable.length + 1;
          const leaves: unknown[] = [];
          for (const o of chunk) {
            leaves.push(o.pk);
            for (const f of caseable) leaves.push(o[f.attname]);
          }
          const slot = (leaf: number) => ({ leaf, item: -1, viaPk: false });
          const key = `bulkUpdate|${strs(caseable.map((f) => f.name))}|${chunk.length}`;
          const c = compileShaped(conn, meta, key, leaves, () => {
            const pkAt = (j: number): SqlExpr => ({ kind: 'param', value: leaves[j * width], internalType: meta.pk.valueType, slot: slot(j * width) });
            const set = caseable.map((f, k) => ({
              column: f.column,
              value: {
                kind: 'case',
                whens: chunk.map((_, j) => ({
                  cond: { kind: 'lookup', lookup: 'exact', lhs: pkCol, rhs: pkAt(j), internalType: '' },
                  then: { kind: 'cast', expr: { kind: 'param', value: leaves[j * width + k + 1], internalType: f.valueType, slot: slot(j * width + k + 1) }, internalType: f.valueType },
                })),
                else: null,
              } as SqlExpr,
            }));
            const where: SqlExpr = { kind: 'lookup', lookup: 'in', lhs: pkCol, rhs: chunk.map((_, j) => pkAt(j)), internalType: '' };
            return { node: { kind: 'update', table: meta.dbTable, alias: '', set, where } };
          });
          total += (await conn.execute(c.sql, c.params)).rowCount;
        }
        if (perRow.length) {
          for (const o of chunk) {
            const set = perRow.map((f) => ({ column: f.column, value: { kind: 'param', value: o[f.attname], internalType: f.valueType } as SqlExpr }));
            const c = compileNode(conn, { kind: 'update', table: meta.dbTable, alias: '', set, where: { kind: 'lookup', lookup: 'exact', lhs: pkCol, rhs: pkParam(o), internalType: '' } });
            const n = (await conn.execute(c.sql, c.params)).rowCount;
            if (!caseable.length) total += n;
          }
        }
      }
    });
    return total;
  }

  /** Update every matching row with values or expressions; returns the number of rows. */
  update(values: { [K in keyof FieldsOf<M>]?: unknown } & Record<string, unknown>): Promise<number> {
    try {
      const r = this.#updateNow(values);
      return r instanceof Promise ? r : Promise.resolve(r);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** `update()` without a promise when the driver answers synchronously; errors throw. */
  #updateNow(values: { [K in keyof FieldsOf<M>]?: unknown } & Record<string, unknown>): number | Promise<number> {
    this.#checkNotSliced('update');
    const meta = this.model.meta;
    const alias = this.#writeAlias;
    const conn = getConnection(alias);
    const entries = Object.entries(values);
    // `filter({ key: value }).update({ name: plainValue, ... })` on a manager's queryset: the
    // shape key is a function of the filter key, the value's kind and the names, so it is
    // looked up by those instead of being built again (see updateShapeKeys).
    const pair = oneKeyFilter(this.query);
    let shortKey: string | null = null;
    let known: string | undefined;
    let memo: Map<string, string> | undefined;
    if (pair !== null) {
      shortKey = `${uniqueValueKind(pair[1])}${pair[0].length}:${pair[0]}`;
      for (const [name, value] of entries) {
        if (value instanceof Expression) {
          shortKey = null;
          break;
        }
        shortKey += `|${name.length}:${name}`;
      }
      if (shortKey !== null) known = (memo = updateShapeKeys(conn.ops, meta)).get(shortKey);
    }
    let shape: QueryShape | null = null;
    let key: string | null;
    let leaves: unknown[];
    if (known !== undefined) {
      key = known;
      leaves = [pair![1]];
      for (const entry of entries) leaves.push(entry[1]);
    } else {
      // The statement's shape: the query's, then each assigned name and whether it is a value
      // or (which) expression. Leaves: the filter values, then the assigned values.
      shape = queryShape(this.query);
      key = shape && `update|${shape.key}|`;
      for (const [name, value] of entries) {
        const k = key === null ? null : assignedValueKey(value);
        key = k === null ? null : `${key}${name.length}:${name}=${k}`;
      }
      leaves = [...(shape?.leaves ?? []), ...entries.map(([, v]) => v)];
      if (memo !== undefined && key !== null) memo.set(shortKey!, key);
    }
    const build = () => {
      shape ??= queryShape(this.query);
      const slots = shapeSlots(shape);
      const b = new QueryBuilder(this.query.clone(), conn, null, slots);
      const set: { column: string; value: SqlExpr }[] = [];
      entries.forEach(([name, value], j) => {
        const f = meta.getField(name);
        if (!f.concrete) throw new FieldError(`update() cannot set many-to-many field ${meta.label}.${name}`);
        let v: SqlExpr;
        if (value instanceof Expression) v = value.resolve(b);
        else {
          const viaPk = f instanceof ForeignKey && name === f.name;
          v = { kind: 'param', value: viaPk ? pkOf(value) : value, internalType: f.valueType, slot: { leaf: (shape?.leaves.length ?? 0) + j, item: -1, viaPk } };
        }
        set.push({ column: f.column, value: v });
      });
      for (const f of meta.concreteFields) {
        if ((f as { options: { autoNow?: boolean } }).options.autoNow && !(f.name in values)) {
          set.push({ column: f.column, value: { kind: 'param', value: (f as unknown as { nowValue(): unknown }).nowValue(), internalType: f.valueType } });
        }
      }
      const built = b.build({ pkOnly: true, noOrder: true });
      let where: SqlExpr | null = built.node.where;
      if (built.node.joins.length || built.node.having) {
        where = { kind: 'lookup', lookup: 'in', lhs: { kind: 'col', table: null, column: meta.pk.column }, rhs: { kind: 'subquery', query: built.node }, internalType: '' };
      }
      return { node: { kind: 'update' as const, table: meta.dbTable, alias: b.base, set, where }, unqualify: b.base };
    };
    // Nothing to set: no values and no autoNow field.
    if (entries.length === 0 && !meta.concreteFields.some((f) => (f as { options: { autoNow?: boolean } }).options.autoNow)) return 0;
    const c = compileShaped(conn, meta, key, leaves, build);
    if (this.query.empty) return 0;
    const r = conn.executeNow(c.sql, c.params);
    return r instanceof Promise ? r.then((res) => res.rowCount) : r.rowCount;
  }

  /** Delete matching rows and everything cascading from them; returns counts per model. */
  async delete(): Promise<[number, Record<string, number>]> {
    this.#checkNotSliced('delete');
    if (this.query.combinator) throw new FieldError('Cannot delete a combined (union) query');
    return querySetHooks.deleteQuerySet(this);
  }

  /** Return the database's query plan. `format` and options are checked by the backend. */
  async explain(options: { format?: string } & Record<string, boolean | string | undefined> = {}): Promise<string> {
    const alias = this.#readAlias;
    const conn = getConnection(alias);
    const { format, ...rest } = options;
    const flags: Record<string, boolean> = {};
    for (const [k, v] of Object.entries(rest)) if (typeof v === 'boolean') flags[k] = v;
    const prefix = conn.ops.explainQueryPrefix(typeof format === 'string' ? format : undefined, flags);
    const c = compileSelect(this.query, conn);
    const { rows } = await conn.query(`${prefix} ${c.sql}`, c.params);
    return rows.map((r) => r.map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v))).join(' ')).join('\n');
  }

  /** Describe the QuerySet for debugging. */
  toString(): string {
    return `<QuerySet ${this.model.meta.label}>`;
  }

  /** Build a Manager whose methods include this QuerySet class's custom methods. */
  static asManager<T extends QuerySet<any, any, any>>(this: new (model: ModelClass, query?: Query) => T): ManagerOf<T> {
    return makeManagerFromQuerySet(this) as ManagerOf<T>;
  }
}

// get()'s fast path is only for querysets whose filter()/chain() are QuerySet's own (a subclass may
// override them to add conditions).
const QS_FILTER = QuerySet.prototype.filter;
const QS_CHAIN = (QuerySet.prototype as unknown as { chain: unknown }).chain;

const CASEABLE = new Set(['IntegerField', 'SmallIntegerField', 'BigIntegerField', 'CharField', 'TextField', 'BooleanField', 'FloatField', 'DateField', 'DateTimeField', 'TimeField']);

/** Keep only plain `field: value` pairs of a lookup object (for getOrCreate's new row). */
function plainLookups(lookup: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(lookup)) {
    if (k.includes('__')) {
      if (k.endsWith('__exact')) out[k.slice(0, -7)] = v;
      continue;
    }
    out[k] = v;
  }
  return out;
}

/** The model instance type of a QuerySet type. */
export type ModelOf<T> = T extends QuerySet<infer M, any, any> ? M : never;
/** A manager exposing a custom QuerySet's methods. */
export type ManagerOf<T> = import('./manager.ts').Manager<ModelOf<T>> & Omit<T, keyof QuerySet<any, any, any>>;

let makeManagerFromQuerySet: (cls: unknown) => unknown = () => { throw new Error('manager module not loaded'); };
/** Install the manager factory (manager.ts). */
export function setManagerFromQuerySet(fn: (cls: unknown) => unknown): void {
  makeManagerFromQuerySet = fn;
}

/** Return true for QuerySet values. */
export function isQuerySet(v: unknown): v is QuerySet<unknown> {
  return v instanceof QuerySet;
}

void STATE;
