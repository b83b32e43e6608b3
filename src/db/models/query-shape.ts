// Compiled statements cached by *shape*. A query's shape is everything about it that decides
// its SQL text and row plan (filter keys and nesting, the kind of each filter value, list
// lengths, ordering, slicing, selected names, related loading...) but never a value: filter
// values are lifted out as "leaves" and bound again through the parameter recipes the
// compiler recorded (compiler.ts `ParamRecipe`). A repeated shape skips name resolution, the
// SQL tree and compilation. Writes (INSERT, save's UPDATE, update(), bulkUpdate) and
// count()/aggregate() use the same entries through `compileShaped` with their own keys.
//
// Why a hit is correct:
// - The key spells out every input the builder reads from the Query except leaf values, and
//   for each leaf the facts the builder branches on: null or not, scalar kind, list length and
//   item kinds, the isnull boolean. Strings are length-prefixed, so two shapes never collide.
// - The compiler only reports recipes when every bound parameter came from a slotted leaf
//   (or the top-level LIMIT/OFFSET) and no value reached the SQL text (JSON paths and keys,
//   raw SQL and unslotted expression values make it report null: such shapes are not kept).
//   The top-level LIMIT/OFFSET clause is compared on every hit: SQLite writes those values
//   into the text, so there a new slice is a miss that recompiles (and replaces the entry).
// - Entries live per backend operations object (one per connection, which holds its time
//   zone settings) and per model Options object (historical models have their own); a model
//   that gains a field or reverse relation after preparing starts with no entries.
import { Expression, OrderBy } from './expressions.ts';
import { QObject, type QChild } from './query-utils.ts';
import { pkOf, type BuiltSelect } from './query-builder.ts';
import type { Query } from './query.ts';
import { bindValue, SqlCompiler, type CompiledSql, type ParamRecipe } from '../sql/compiler.ts';
import type { CompilerConnection } from '../sql/dialect.ts';
import type { DeleteNode, InsertNode, SelectNode, UpdateNode } from '../sql/nodes.ts';

/** A query's shape key and its filter values in slot order. */
export interface QueryShape {
  key: string;
  leaves: unknown[];
  /** The `[key, value]` pair each leaf came from (the builder maps pairs to slots). */
  pairs: QChild[];
}

/** The slot of each filter pair, for the QueryBuilder (null without a shape). */
export function shapeSlots(shape: QueryShape | null): Map<QChild, number> | null {
  return shape && new Map(shape.pairs.map((p, i) => [p, i]));
}

/** A cached statement: SQL text, how to bind a new query's values, and the row plan (SELECT). */
export interface ShapeEntry {
  sql: string;
  recipes: ParamRecipe[];
  limitSql: string;
  plan: BuiltSelect['plan'];
  columns: BuiltSelect['columns'];
}

/** Entries kept per model and connection; the map is emptied when it grows past this. */
export const SHAPE_CACHE_LIMIT = 500;

/** One model's entries on one connection, with the field counts they were compiled against. */
interface ModelEntries {
  fields: number;
  relations: number;
  entries: Map<string, ShapeEntry>;
}

const CACHE = new WeakMap<object, WeakMap<object, ModelEntries>>();

/** What of a model's metadata can grow after it is prepared (fields, reverse relations). */
interface MetaCounts {
  readonly fields: readonly unknown[];
  readonly relatedObjects: readonly unknown[];
}

/**
 * The shape entries of `meta` on the connection whose operations are `ops`; emptied when the
 * model gained a field or a reverse relation since they were compiled.
 */
export function shapeEntries(ops: object, meta: MetaCounts): Map<string, ShapeEntry> {
  let byModel = CACHE.get(ops);
  if (!byModel) CACHE.set(ops, (byModel = new WeakMap()));
  let m = byModel.get(meta);
  if (!m || m.fields !== meta.fields.length || m.relations !== meta.relatedObjects.length) {
    m = { fields: meta.fields.length, relations: meta.relatedObjects.length, entries: new Map() };
    byModel.set(meta, m);
  }
  return m.entries;
}

/** Keep `entry` for `key` (bounded: a full map starts over). */
export function rememberShape(entries: Map<string, ShapeEntry>, key: string, entry: ShapeEntry): void {
  if (entries.size >= SHAPE_CACHE_LIMIT) entries.clear();
  entries.set(key, entry);
}

const str = (s: string): string => `${s.length}:${s}`;
/** An unambiguous key part for a list of names (null: 'N'). */
export function strs(list: readonly string[] | null): string {
  if (list === null) return 'N';
  let out = `${list.length}[`;
  for (const s of list) out += str(s);
  return `${out}]`;
}

/**
 * Key part for a value an UPDATE assigns: any plain value is one parameter ('v'); an
 * expression needs its shape key (null: none, not cacheable).
 */
export function assignedValueKey(v: unknown): string | null {
  if (!(v instanceof Expression)) return 'v';
  const k = v.shapeKey();
  return k === null ? null : `E${str(k)}`;
}

/** Return the shape of `q`, or null when some part of it has no shape key (not cached). */
export function queryShape(q: Query): QueryShape | null {
  if (q.combinator) return null;
  const leaves: unknown[] = [];
  const pairs: QChild[] = [];
  let key = `${q.mode}|${+q.reversed}${+q.distinct}${+q.empty}${+q.groupByPk}${+q.shareMultiJoins}|${q.limit === null ? '-' : 'L'}${q.offset > 0 ? 'O' : '-'}|`;
  key += strs(q.valueNames) + strs(q.distinctFields) + strs(q.only) + strs(q.defer);
  key += q.selectRelated === true ? 'T' : strs(q.selectRelated);
  key += q.forUpdate ? `U${+q.forUpdate.nowait}${+q.forUpdate.skipLocked}${strs(q.forUpdate.of)}` : '-';
  if (q.order === null) key += 'N';
  else {
    key += `${q.order.length}<`;
    for (const t of q.order) {
      const k = orderKey(t);
      if (k === null) return null;
      key += k;
    }
  }
  for (const a of q.annotations) {
    const k = a.expr.shapeKey();
    if (k === null) return null;
    key += `A${str(a.name)}${+a.select}${str(k)}`;
  }
  for (const f of q.filters) {
    if (!(f.cond instanceof QObject)) return null;
    const k = qShape(f.cond, leaves, pairs);
    if (k === null) return null;
    key += (f.negated ? '!' : '+') + k;
  }
  return { key, leaves, pairs };
}

/** Key of one ordering term: a name, an OrderBy or a bare expression (each tagged apart). */
function orderKey(t: unknown): string | null {
  if (typeof t === 'string') return `s${str(t)}`;
  // Only OrderBy itself: a subclass may resolve differently.
  const e = t instanceof OrderBy && t.constructor === OrderBy ? t.expression : t instanceof Expression ? t : null;
  const k = e?.shapeKey() ?? null;
  if (k === null) return null;
  return t instanceof OrderBy ? `o${+t.descending}${t.nulls ?? '-'}${str(k)}` : `e${str(k)}`;
}

function qShape(q: QObject, leaves: unknown[], pairs: QChild[]): string | null {
  let key = `(${q.negated ? '~' : ''}${q.connector}`;
  for (const child of q.children) {
    let k: string | null;
    if (child instanceof QObject) k = qShape(child, leaves, pairs);
    else {
      const [name, value] = child as readonly [string, unknown];
      k = valueKind(name, value);
      if (k === null) return null;
      k = str(name) + k;
      leaves.push(value);
      pairs.push(child);
    }
    if (k === null) return null;
    key += k;
  }
  return `${key})`;
}

/** The facts about a filter value that the builder branches on (null: not cacheable). */
function valueKind(name: string, v: unknown): string | null {
  if (typeof v === 'boolean' && name.endsWith('__isnull')) return v ? 'T' : 'F';
  const k = scalarKind(v);
  if (k !== undefined) return k;
  if (typeof v !== 'object' || v instanceof Expression || (v as { isQuerySet?: unknown }).isQuerySet === true) return null;
  if (name.endsWith('__in') || name.endsWith('__range')) {
    // Only re-iterable collections: the shape walk and the builder both read the items.
    if (!Array.isArray(v) && !(v instanceof Set)) return null;
    let out = 'L';
    for (const item of v as Iterable<unknown>) {
      const ik = scalarKind(item);
      if (ik === undefined || ik === null) return null;
      out += ik;
    }
    return `${out};`;
  }
  return Array.isArray(v) ? 'A' : 'O';
}

/** Kind letter of a scalar (or model instance); undefined for other objects; null for functions. */
function scalarKind(v: unknown): string | null | undefined {
  if (v === null || v === undefined) return 'N';
  switch (typeof v) {
    case 'string': return 's';
    case 'number': return 'n';
    case 'bigint': return 'i';
    case 'boolean': return 'b';
    case 'object': break;
    default: return null;
  }
  if (v instanceof Date) return 'd';
  if (Buffer.isBuffer(v)) return 'B';
  if (pkOf(v) !== v) return 'm';
  return undefined;
}

/** Recompute a cached entry's parameters for a query of the same shape (null: LIMIT clause differs). */
export function bindShape(entry: ShapeEntry, shape: QueryShape, q: Query, conn: CompilerConnection): unknown[] | null {
  let limitParams: number[] | null = null;
  if (entry.limitSql) {
    const lo = conn.ops.limitOffsetSql(q.limit, q.offset);
    if (lo.sql !== entry.limitSql) return null;
    limitParams = lo.params;
  }
  return bindLeaves(entry.recipes, shape.leaves, conn.ops, limitParams);
}

function bindLeaves(recipes: readonly ParamRecipe[], leaves: readonly unknown[], ops: CompilerConnection['ops'], limitParams: number[] | null): unknown[] {
  let lists: (unknown[] | undefined)[] | undefined;
  const params = new Array<unknown>(recipes.length);
  for (let i = 0; i < recipes.length; i++) {
    const r = recipes[i]!;
    if ('limitIndex' in r) {
      params[i] = limitParams![r.limitIndex];
      continue;
    }
    const { leaf, item, viaPk } = r.slot;
    let raw = leaves[leaf];
    if (item >= 0) {
      lists ??= [];
      let list = lists[leaf];
      if (!list) lists[leaf] = list = Array.isArray(raw) ? raw : [...(raw as Iterable<unknown>)];
      raw = list[item];
    }
    params[i] = bindValue(ops, viaPk ? pkOf(raw) : raw, r.internalType, r.lookup);
  }
  return params;
}

/**
 * Compile a write statement (or any statement without a row plan) through the shape cache.
 * `key` must name everything that decides the SQL text except the values in `leaves` (null:
 * the statement has no key and is compiled every time), and `build` must make every parameter
 * from a leaf (a `slot`); otherwise nothing is kept. `columns` (how to read result columns)
 * is kept with the statement.
 */
export function compileShaped(conn: CompilerConnection, meta: MetaCounts, key: string | null, leaves: readonly unknown[], build: () => { node: SelectNode | InsertNode | UpdateNode | DeleteNode; unqualify?: string | undefined; columns?: BuiltSelect['columns'] }): CompiledSql & { columns: BuiltSelect['columns'] } {
  const entries = key === null ? null : shapeEntries(conn.ops, meta);
  const hit = entries?.get(key!);
  if (hit) return { sql: hit.sql, params: bindLeaves(hit.recipes, leaves, conn.ops, null), columns: hit.columns };
  const { node, unqualify, columns = [] } = build();
  const c = new SqlCompiler(conn, unqualify).compile(node);
  if (entries && c.recipes && !c.limitSql) rememberShape(entries, key!, { sql: c.sql, recipes: c.recipes, limitSql: '', plan: null, columns });
  return { ...c, columns };
}
