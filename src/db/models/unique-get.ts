// get() by one unique key (`Question.objects.get({ pk: 5 })`) on a plain queryset: the statement
// is compiled once per connection, model, key and value kind through the general path (so the
// SQL, the parameter conversion and the row plan are the general path's own), and later calls
// only bind the value and run it. QuerySet.get() asks here first; anything else about the query
// or the lookup sends it down the general path.
import { pkOf, type RowPlan } from './query-builder.ts';
import { QObject } from './query-utils.ts';
import type { Query } from './query.ts';
import { compileSelect } from './db-access.ts';
import { queryShape, shapeEntries, SHAPE_CACHE_LIMIT } from './query-shape.ts';
import { bindValue, type ParamRecipe } from '../sql/compiler.ts';
import type { CompilerConnection } from '../sql/dialect.ts';

/** A get() statement ready to bind: SQL text, how to bind the key's value, and the row plan. */
export interface UniqueGetStatement {
  sql: string;
  recipes: readonly ParamRecipe[];
  /** The LIMIT clause's parameters (PostgreSQL, MySQL), null when the text holds them. */
  limitParams: readonly number[] | null;
  plan: RowPlan;
}

/** One model's statements on one connection, with the field counts they were compiled against. */
interface ModelStatements {
  fields: number;
  relations: number;
  /** Per value kind letter: lookup key -> statement, or false: this key never takes the fast path. */
  byKind: Record<string, Map<string, UniqueGetStatement | false>>;
}

const CACHE = new WeakMap<object, WeakMap<object, ModelStatements>>();

/**
 * True when `q` is what a manager hands out: no filter, annotation, ordering, slice, values(),
 * related loading, only()/defer(), locking, combination or none(). `using()` is allowed (the
 * alias is chosen as for any read).
 */
export function isPlainQuery(q: Query): boolean {
  return q.filters.length === 0 && isPlainBesideFilters(q);
}

/** {@link isPlainQuery} apart from the filters, which may be anything. */
function isPlainBesideFilters(q: Query): boolean {
  return q.annotations.length === 0 && q.order === null && !q.reversed && !q.distinct &&
    q.limit === null && q.offset === 0 && q.mode === 'models' && q.valueNames === null && q.selectRelated === null &&
    q.prefetch.length === 0 && q.only === null && q.defer.length === 0 && q.forUpdate === null && q.combinator === null &&
    !q.empty && !q.groupByPk && !q.shareMultiJoins;
}

/** The only key of a plain lookups object (`{ pk: 5 }`), else null (Q, expression, several keys). */
export function singleLookupKey(args: unknown): string | null {
  if (args === null || typeof args !== 'object') return null;
  const proto = Object.getPrototypeOf(args) as unknown;
  if (proto !== Object.prototype && proto !== null) return null;
  let key: string | null = null;
  for (const k in args) {
    if (key !== null) return null;
    key = k;
  }
  return key;
}

/** Kind letter of a value the fast path binds (as query-shape.ts spells it), or null. */
export function uniqueValueKind(v: unknown): string | null {
  switch (typeof v) {
    case 'string': return 's';
    case 'number': return 'n';
    case 'bigint': return 'i';
    default: return null;
  }
}

// The last model and connection asked about: a loop of get() calls on one model skips both maps.
let lastOps: object | null = null;
let lastMeta: object | null = null;
let last: ModelStatements | null = null;

function modelStatements(ops: object, meta: { fields: readonly unknown[]; relatedObjects: readonly unknown[] }): ModelStatements {
  if (ops === lastOps && meta === lastMeta && last!.fields === meta.fields.length && last!.relations === meta.relatedObjects.length) return last!;
  let byModel = CACHE.get(ops);
  if (!byModel) CACHE.set(ops, (byModel = new WeakMap()));
  let m = byModel.get(meta);
  if (!m || m.fields !== meta.fields.length || m.relations !== meta.relatedObjects.length) {
    m = { fields: meta.fields.length, relations: meta.relatedObjects.length, byKind: { s: new Map(), n: new Map(), i: new Map() } };
    byModel.set(meta, m);
  }
  lastOps = ops;
  lastMeta = meta;
  last = m;
  return m;
}

/**
 * Return the statement for `get({ [key]: value })` on the plain query `query` over `conn`
 * (compiling it on first use), or null when the lookup is not an exact one on the primary key
 * or a unique, non-relation field, or the general path would not cache its shape.
 */
export function uniqueGetStatement(query: Query, conn: CompilerConnection & { alias: string }, key: string, kind: string, value: unknown): UniqueGetStatement | null {
  const meta = query.model.meta;
  // Two maps rather than a joined key: the key is usually a literal whose hash V8 keeps.
  const byKey = modelStatements(conn.ops, meta).byKind[kind]!;
  let stmt = byKey.get(key);
  if (stmt === undefined) {
    stmt = prepare(query, conn, key, value);
    if (byKey.size >= SHAPE_CACHE_LIMIT) byKey.clear();
    byKey.set(key, stmt);
  }
  return stmt === false ? null : stmt;
}

function prepare(query: Query, conn: CompilerConnection & { alias: string }, key: string, value: unknown): UniqueGetStatement | false {
  const meta = query.model.meta;
  const name = key.endsWith('__exact') ? key.slice(0, -7) : key;
  const f = name === 'pk' ? meta.pk : meta.findField(name);
  if (!f || f.name !== name && name !== 'pk' || !f.concrete || f.isRelation || !f.unique) return false;
  // Exactly the query the general path runs: the filter, at most 21 rows, no ordering.
  const q = query.clone();
  q.filters.push({ cond: new QObject({ [key]: value }), negated: false });
  q.limit = 21;
  q.order = [];
  compileSelect(q, conn);
  const shape = queryShape(q);
  const entry = shape && shapeEntries(conn.ops, meta).get(shape.key);
  if (!entry || !entry.plan || entry.plan.related.length || entry.plan.annotations.length) return false;
  let limitParams: number[] | null = null;
  if (entry.limitSql) {
    const lo = conn.ops.limitOffsetSql(21, 0);
    if (lo.sql !== entry.limitSql) return false;
    limitParams = lo.params;
  }
  if (entry.recipes.some((r) => !('limitIndex' in r) && (r.slot.leaf !== 0 || r.slot.item >= 0))) return false;
  return { sql: entry.sql, recipes: entry.recipes, limitParams, plan: entry.plan };
}

/** The parameters of `stmt` for the key's value, converted as the general path converts them. */
export function bindUniqueGet(stmt: UniqueGetStatement, value: unknown, ops: CompilerConnection['ops']): unknown[] {
  const { recipes } = stmt;
  const only = recipes.length === 1 ? recipes[0]! : null;
  // SQLite writes the LIMIT into the text: the key's value is the only parameter.
  if (only !== null && !('limitIndex' in only)) return [bindValue(ops, only.slot.viaPk ? pkOf(value) : value, only.internalType, only.lookup)];
  const params = new Array<unknown>(recipes.length);
  for (let i = 0; i < recipes.length; i++) {
    const r = recipes[i]!;
    params[i] = 'limitIndex' in r ? stmt.limitParams![r.limitIndex] : bindValue(ops, r.slot.viaPk ? pkOf(value) : value, r.internalType, r.lookup);
  }
  return params;
}

/**
 * The `[key, value]` of a query that is a manager's plain queryset with one `filter({ key: value })`
 * (one AND pair, not negated) whose value the fast paths bind (string, number, bigint), else null.
 */
export function oneKeyFilter(q: Query): readonly [string, unknown] | null {
  if (q.filters.length !== 1) return null;
  const f = q.filters[0]!;
  const cond = f.cond;
  if (f.negated || !(cond instanceof QObject) || cond.negated || cond.connector !== 'AND' || cond.children.length !== 1) return null;
  const child = cond.children[0]!;
  if (child instanceof QObject) return null;
  const pair = child as readonly [string, unknown];
  if (uniqueValueKind(pair[1]) === null || !isPlainBesideFilters(q)) return null;
  return pair;
}

// update()'s shape keys by a short key (see updateShapeKeys), per connection operations and model.
const UPDATE_KEYS = new WeakMap<object, WeakMap<object, Map<string, string>>>();

/**
 * The memo of `filter({ key: value }).update({...})` shape keys on one connection and model: a
 * short key naming the filter key, the value's kind and the assigned names maps to the full
 * shape key the general path builds, so a repeated update skips building it. The full key stays
 * the identity of the cached statement; this only finds it faster.
 */
export function updateShapeKeys(ops: object, meta: object): Map<string, string> {
  let byModel = UPDATE_KEYS.get(ops);
  if (!byModel) UPDATE_KEYS.set(ops, (byModel = new WeakMap()));
  let keys = byModel.get(meta);
  if (!keys) byModel.set(meta, (keys = new Map()));
  else if (keys.size >= SHAPE_CACHE_LIMIT) keys.clear();
  return keys;
}
