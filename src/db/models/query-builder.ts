// Resolve a Query specification against the model metadata and build the SQL tree: joins for
// relation paths, lookups and transforms, annotations, grouping, ordering, select_related
// columns, and the row plan that turns result rows back into instances or value rows.
// Every caller string is checked against the model (or a strict pattern) here.
import { andAll, emptySelect, type JoinNode, type OrderNode, type SelectNode, type SqlExpr } from '../sql/nodes.ts';
import type { CompilerConnection } from '../sql/dialect.ts';
import type { Field } from './fields/field.ts';
import { ForeignKey, ManyToManyField } from './fields/related-fields.ts';
import { Expression, OrderBy, type ResolveContext } from './expressions.ts';
import { QObject, type QChild } from './query-utils.ts';
import { FieldError, suggestion } from './errors.ts';
import type { Query } from './query.ts';
import type { ModelClass } from './model.ts';
import type { RowBuilder } from './row-builder.ts';
import type { ReverseRelation } from './options.ts';
import { readsAsNumber } from '../backends/base/value-converters.ts';

const LOOKUPS = new Set([
  'exact', 'iexact', 'contains', 'icontains', 'in', 'gt', 'gte', 'lt', 'lte', 'startswith', 'istartswith',
  'endswith', 'iendswith', 'range', 'isnull', 'regex', 'iregex', 'has_key', 'has_keys', 'has_any_keys',
]);
const DATE_TRANSFORMS = new Set(['year', 'iso_year', 'month', 'day', 'week', 'week_day', 'iso_week_day', 'quarter']);
const TIME_TRANSFORMS = new Set(['hour', 'minute', 'second']);
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** How to turn one result column into a JS value. */
export type Converter = ((v: unknown) => unknown) | null;

/** How to turn a row into a model instance (and its select_related children). */
export interface RowPlan {
  model: ModelClass;
  attnames: string[];
  converters: Converter[];
  start: number;
  related: { name: string; plan: RowPlan; nullable: boolean }[];
  annotations: { name: string; index: number; convert: Converter }[];
  /** Rows read through this plan so far (rowToInstance switches to a generated reader). */
  rows: number;
  /** The generated reader of the model columns, once the plan is warm (row-builder.ts). */
  build: RowBuilder | null;
}

/** The built statement and how to read its rows. */
export interface BuiltSelect {
  node: SelectNode;
  plan: RowPlan | null;
  columns: { name: string; convert: Converter }[];
}

interface Resolved {
  expr: SqlExpr;
  field: Field | null;
  internalType: string | null;
  nullable: boolean;
  isAggregate: boolean;
  lookup: string;
  transforms: string[];
  jsonPath: string[];
  multi: boolean;
}

interface JoinInfo { alias: string; model: ModelClass; nullable: boolean; multi: boolean }

/** Return a converter for a field internal type on a connection (null when identity). */
const CONVERTERS = new WeakMap<object, Map<string, Converter>>();

export function converterFor(conn: CompilerConnection, internalType: string | null, field?: Field | null): Converter {
  if (!internalType) return null;
  const key = internalType === 'DecimalField' && field ? `DecimalField:${(field as unknown as { decimalPlaces: number }).decimalPlaces}` : internalType;
  let cache = CONVERTERS.get(conn.ops);
  if (!cache) CONVERTERS.set(conn.ops, (cache = new Map()));
  let c = cache.get(key);
  if (c === undefined) {
    c = makeConverter(conn, internalType, field);
    cache.set(key, c);
  }
  return c;
}

function makeConverter(conn: CompilerConnection, internalType: string, field?: Field | null): Converter {
  switch (internalType) {
    case 'CharField': case 'TextField': case 'SlugField': case 'EmailField': case 'URLField': case 'GenericIPAddressField':
      return null;
    default: {
      const ops = conn.ops;
      // Integer columns mostly arrive as numbers already (SQLite's safe integers, MySQL):
      // convertValue would return those unchanged, so the row loop skips the call.
      if (readsAsNumber(internalType)) return (v) => (typeof v === 'number' ? v : v === null || v === undefined ? null : ops.convertValue(internalType, v));
      const spec = field && internalType === 'DecimalField' ? { decimalPlaces: (field as unknown as { decimalPlaces: number }).decimalPlaces } : undefined;
      return (v) => (v === null || v === undefined ? null : ops.convertValue(internalType, v, spec));
    }
  }
}

/**
 * Build the SQL tree of a Query for one connection. Implements the ResolveContext that
 * expressions resolve against.
 */
export class QueryBuilder implements ResolveContext {
  readonly query: Query;
  readonly conn: CompilerConnection;
  readonly prefix: string;
  readonly parent: QueryBuilder | null;
  readonly base: string;
  readonly joins: JoinNode[] = [];
  #joinMap = new Map<string, JoinInfo>();
  #n = 1;
  #filterCall = 0;
  #annotations = new Map<string, { expr: SqlExpr; internalType: string | null; isAggregate: boolean; field: Field | null }>();
  /**
   * The slot of each filter `[key, value]` pair (query-shape.ts): parameters made from those
   * values carry it, so the compiled statement can be bound again with another query's values.
   */
  readonly slots: ReadonlyMap<QChild, number> | null;

  constructor(query: Query, conn: CompilerConnection, parent: QueryBuilder | null = null, slots: ReadonlyMap<QChild, number> | null = parent?.slots ?? null) {
    this.query = query;
    this.conn = conn;
    this.parent = parent;
    this.slots = slots;
    this.prefix = parent ? String.fromCharCode(parent.prefix.charCodeAt(0) + 1) : 't';
    this.base = `${this.prefix}0`;
  }

  get meta() {
    return this.query.model.meta;
  }

  // ---- joins -------------------------------------------------------------------------------

  #join(key: string, table: string, leftAlias: string, on: [string, string][], type: 'INNER' | 'LEFT', model: ModelClass, nullable: boolean, multi: boolean): JoinInfo {
    const k = multi && !this.query.shareMultiJoins ? `${key}#${this.#filterCall}` : key;
    const existing = this.#joinMap.get(k);
    if (existing) return existing;
    const alias = `${this.prefix}${this.#n++}`;
    this.joins.push({ type, table, alias, leftAlias, on });
    const info = { alias, model, nullable, multi };
    this.#joinMap.set(k, info);
    return info;
  }

  /** Join a forward FK from `alias`; returns the target's alias. */
  joinForward(fromAlias: string, path: string, f: ForeignKey, nullable: boolean): JoinInfo {
    const target = f.target as unknown as ModelClass;
    const isNull = nullable || f.null;
    return this.#join(path, target.meta.dbTable, fromAlias, [[f.column, f.targetField.column]], isNull ? 'LEFT' : 'INNER', target, isNull, false);
  }

  #joinReverse(fromAlias: string, fromModel: ModelClass, path: string, rel: ReverseRelation): JoinInfo {
    const related = rel.relatedModel as unknown as ModelClass;
    if (rel.field instanceof ManyToManyField) {
      const m2m = rel.field;
      const through = m2m.through as unknown as ModelClass;
      const [srcName, tgtName] = m2m.throughFields;
      const tgtFk = through.meta.getField(tgtName) as ForeignKey;
      const srcFk = through.meta.getField(srcName) as ForeignKey;
      const t = this.#join(`${path}~through`, through.meta.dbTable, fromAlias, [[fromModel.meta.pk.column, tgtFk.column]], 'LEFT', through, true, true);
      return this.#join(path, related.meta.dbTable, t.alias, [[srcFk.column, related.meta.pk.column]], 'LEFT', related, true, true);
    }
    const fk = rel.field as ForeignKey;
    return this.#join(path, related.meta.dbTable, fromAlias, [[fk.targetField.column, fk.column]], 'LEFT', related, true, rel.multiple);
  }

  /** Join only the intermediate table of `m2m`; return its alias and the FK to the far side. */
  #joinThrough(fromAlias: string, fromModel: ModelClass, path: string, m2m: ManyToManyField, reverse: boolean): { alias: string; fk: ForeignKey } {
    const through = m2m.through as unknown as ModelClass;
    const [srcName, tgtName] = m2m.throughFields;
    const near = through.meta.getField(reverse ? tgtName : srcName) as ForeignKey;
    const far = through.meta.getField(reverse ? srcName : tgtName) as ForeignKey;
    const t = this.#join(`${path}~through`, through.meta.dbTable, fromAlias, [[fromModel.meta.pk.column, near.column]], 'LEFT', through, true, true);
    return { alias: t.alias, fk: far };
  }

  #joinM2M(fromAlias: string, fromModel: ModelClass, path: string, m2m: ManyToManyField): JoinInfo {
    const through = m2m.through as unknown as ModelClass;
    const target = m2m.target as unknown as ModelClass;
    const [srcName, tgtName] = m2m.throughFields;
    const srcFk = through.meta.getField(srcName) as ForeignKey;
    const tgtFk = through.meta.getField(tgtName) as ForeignKey;
    const t = this.#join(`${path}~through`, through.meta.dbTable, fromAlias, [[fromModel.meta.pk.column, srcFk.column]], 'LEFT', through, true, true);
    return this.#join(path, target.meta.dbTable, t.alias, [[tgtFk.column, target.meta.pk.column]], 'LEFT', target, true, true);
  }

  // ---- name resolution ---------------------------------------------------------------------

  #unknown(model: ModelClass, name: string, path: string): never {
    const names = model === this.query.model ? [...model.meta.queryNames(), ...this.#annotations.keys()] : model.meta.queryNames();
    throw new FieldError(`Cannot resolve keyword '${name}' into field${path !== name ? ` (in '${path}')` : ''}: ${model.meta.label} has no field '${name}'${suggestion(name, names)}`);
  }

  /** Resolve a lookup key (`author__name__icontains`) into its left side and lookup. */
  resolveKey(key: string, allowLookup = true): Resolved {
    if (typeof key !== 'string' || key.length === 0) throw new FieldError(`Invalid lookup key ${JSON.stringify(key)}`);
    const parts = key.split('__');
    for (const p of parts) {
      if (!NAME_RE.test(p)) throw new FieldError(`Invalid lookup key ${JSON.stringify(key)} on ${this.meta.label}: names use letters, digits and '_'`);
    }
    let model = this.query.model;
    let alias = this.base;
    let nullable = false;
    let multi = false;
    let field: Field | null = null;
    let expr: SqlExpr | null = null;
    let internalType: string | null = null;
    let isAggregate = false;
    let i = 0;
    let path = '';
    const ann = this.#annotations.get(parts[0]!);
    if (ann) {
      expr = ann.expr;
      internalType = ann.internalType;
      isAggregate = ann.isAggregate;
      field = ann.field;
      nullable = true;
      i = 1;
    }
    while (expr === null) {
      const name = parts[i]!;
      const meta = model.meta;
      const next = parts[i + 1];
      path = path ? `${path}__${name}` : name;
      const f = name === 'pk' ? meta.pk : meta.findField(name);
      const nextIsLookup = next === undefined || LOOKUPS.has(next);
      if (f) {
        if (f instanceof ForeignKey) {
          const target = f.target as unknown as ModelClass;
          const direct = name === f.attname || nextIsLookup && !target.meta.findField(next ?? '')
            || ((next === 'pk' || next === target.meta.pk.name) && (parts[i + 2] === undefined || LOOKUPS.has(parts[i + 2]!)));
          if (direct) {
            field = f;
            expr = { kind: 'col', table: alias, column: f.column };
            internalType = f.valueType;
            nullable ||= f.null;
            i += name === f.attname || nextIsLookup ? 1 : 2;
            break;
          }
          const j = this.joinForward(alias, `${alias}.${path}`, f, nullable);
          alias = j.alias;
          nullable = j.nullable;
          model = target;
          i++;
          continue;
        }
        if (f instanceof ManyToManyField) {
          if (nextIsLookup) {
            // Only the target's key is needed: stop at the intermediate table (trimmed join).
            const t = this.#joinThrough(alias, model, `${alias}.${path}`, f, false);
            field = t.fk;
            expr = { kind: 'col', table: t.alias, column: t.fk.column };
            internalType = t.fk.valueType;
            nullable = true;
            multi = true;
            i++;
            break;
          }
          const j = this.#joinM2M(alias, model, `${alias}.${path}`, f);
          alias = j.alias;
          nullable = true;
          multi = true;
          model = j.model;
          i++;
          if (nextIsLookup) {
            field = model.meta.pk;
            expr = { kind: 'col', table: alias, column: field.column };
            internalType = field.valueType;
            break;
          }
          continue;
        }
        field = f;
        expr = { kind: 'col', table: alias, column: f.column };
        internalType = f.valueType;
        nullable ||= f.null;
        i++;
        break;
      }
      const rel = meta.findReverse(name);
      if (rel) {
        if (nextIsLookup && rel.field instanceof ManyToManyField) {
          const t = this.#joinThrough(alias, model, `${alias}.${path}`, rel.field, true);
          field = t.fk;
          expr = { kind: 'col', table: t.alias, column: t.fk.column };
          internalType = t.fk.valueType;
          nullable = true;
          multi = true;
          i++;
          break;
        }
        const j = this.#joinReverse(alias, model, `${alias}.${path}`, rel);
        alias = j.alias;
        nullable = true;
        multi ||= rel.multiple || rel.field instanceof ManyToManyField;
        model = j.model;
        i++;
        if (nextIsLookup) {
          field = model.meta.pk;
          expr = { kind: 'col', table: alias, column: field.column };
          internalType = field.valueType;
          break;
        }
        continue;
      }
      if (i > 0 && model !== this.query.model) this.#unknown(model, name, key);
      this.#unknown(model, name, key);
    }
    const rest = parts.slice(i);
    let lookup = 'exact';
    const transforms: string[] = [];
    const jsonPath: string[] = [];
    const kind = field?.internalType;
    for (let k = 0; k < rest.length; k++) {
      const p = rest[k]!;
      const last = k === rest.length - 1;
      if (last && LOOKUPS.has(p) && allowLookup) { lookup = p; break; }
      if (kind === 'JSONField') { jsonPath.push(p); continue; }
      const isDate = internalType === 'DateField' || internalType === 'DateTimeField';
      if ((isDate && DATE_TRANSFORMS.has(p)) || ((internalType === 'DateTimeField' || internalType === 'TimeField') && TIME_TRANSFORMS.has(p))) {
        expr = { kind: 'extract', part: p, expr: expr!, internalType: internalType! };
        transforms.push(p);
        internalType = 'IntegerField';
        continue;
      }
      if (internalType === 'DateTimeField' && (p === 'date' || p === 'time')) {
        expr = { kind: 'extract', part: p, expr: expr!, internalType };
        transforms.push(p);
        internalType = p === 'date' ? 'DateField' : 'TimeField';
        continue;
      }
      const options = [...LOOKUPS, ...(isDate ? DATE_TRANSFORMS : [])];
      throw new FieldError(`Unsupported lookup '${p}' for ${field?.internalType ?? 'expression'} '${key}' on ${this.meta.label}${suggestion(p, options).split(' Choices')[0]}`, 'db.unsupported_lookup');
    }
    if (jsonPath.length) {
      expr = { kind: 'json', expr: expr!, path: jsonPath, text: true };
      internalType = null;
    }
    return { expr: expr!, field: jsonPath.length ? null : field, internalType, nullable, isAggregate, lookup, transforms, jsonPath, multi };
  }

  resolveName(name: string) {
    const r = this.resolveKey(name, false);
    return { expr: r.expr, field: r.field, internalType: r.internalType, isAggregate: r.isAggregate };
  }

  resolveOuter(name: string) {
    if (!this.parent) throw new FieldError(`OuterRef('${name}') used outside a subquery`);
    const r = this.parent.resolveKey(name, false);
    return { expr: r.expr, internalType: r.internalType };
  }

  subquery(qs: unknown): { node: SelectNode; internalType: string | null } {
    const query = (qs as { query: Query }).query;
    if (!query || typeof query !== 'object') throw new FieldError('Subquery() needs a QuerySet');
    const b = new QueryBuilder(query, this.conn, this);
    const built = b.build({ subquery: true });
    return { node: built.node, internalType: b.singleColumnType };
  }

  /** The internal type of the single selected column of a subquery build. */
  singleColumnType: string | null = null;

  valueParam(value: unknown, internalType: string | null): SqlExpr {
    return this.#slotParam(value, internalType, -1, -1);
  }

  /** A parameter for a filter value; `leaf` >= 0 records where it came from (see `slots`). */
  #slotParam(value: unknown, internalType: string | null, leaf: number, item: number): SqlExpr {
    if (value instanceof Expression) return value.resolve(this);
    return { kind: 'param', value: pkOf(value), internalType: internalType ?? undefined, slot: leaf < 0 ? undefined : { leaf, item, viaPk: true } };
  }

  resolveCondition(q: QObject): SqlExpr {
    return this.#condition(q, false).expr;
  }

  // ---- conditions --------------------------------------------------------------------------

  #condition(q: QObject, negated: boolean): { expr: SqlExpr; aggregate: boolean } {
    const neg = negated !== q.negated;
    const parts: SqlExpr[] = [];
    let aggregate = false;
    for (const child of q.children) {
      if (child instanceof QObject) {
        const r = this.#condition(child, neg);
        parts.push(r.expr);
        aggregate ||= r.aggregate;
      } else {
        const [k, v] = child as readonly [string, unknown];
        const r = this.#leaf(k, v, neg, this.slots?.get(child) ?? -1);
        parts.push(r.expr);
        aggregate ||= r.aggregate;
      }
    }
    let expr: SqlExpr = parts.length === 1 ? parts[0]! : { kind: q.connector === 'AND' ? 'and' : 'or', children: parts };
    if (q.negated) expr = { kind: 'not', child: expr };
    return { expr, aggregate };
  }

  #leaf(key: string, value: unknown, negated: boolean, leaf: number): { expr: SqlExpr; aggregate: boolean } {
    const r = this.resolveKey(key);
    if (r.isAggregate === false && r.expr.kind === 'window') throw new FieldError(`Window expression '${key}' cannot be used in filter()`);
    let expr = this.#lookupExpr(r, value, key, leaf);
    if (negated && r.nullable && r.lookup !== 'isnull' && !(value === null && r.lookup === 'exact')) {
      expr = { kind: 'and', children: [expr, { kind: 'isnull', expr: r.expr, negated: true }] };
    }
    return { expr, aggregate: r.isAggregate };
  }

  #lookupExpr(r: Resolved, value: unknown, key: string, leaf: number): SqlExpr {
    const lhs = r.expr;
    const type = r.internalType;
    switch (r.lookup) {
      case 'isnull':
        if (typeof value !== 'boolean') throw new FieldError(`'${key}' needs true or false`);
        return { kind: 'isnull', expr: lhs, negated: !value };
      case 'in': {
        if (isQuerySet(value)) return { kind: 'lookup', lookup: 'in', lhs, rhs: { kind: 'subquery', query: this.subquery(value).node }, internalType: type ?? '' };
        if (!isIterable(value)) throw new FieldError(`'${key}' needs a list or a QuerySet`);
        const rhs: SqlExpr[] = [];
        let i = 0;
        for (const v of value) {
          if (v !== null && v !== undefined) rhs.push(this.#slotParam(v, type, leaf, i));
          i++;
        }
        return { kind: 'lookup', lookup: 'in', lhs, rhs, internalType: type ?? '' };
      }
      case 'range': {
        if (!Array.isArray(value) || value.length !== 2) throw new FieldError(`'${key}' needs [low, high]`);
        return { kind: 'lookup', lookup: 'range', lhs, rhs: [this.#slotParam(value[0], type, leaf, 0), this.#slotParam(value[1], type, leaf, 1)], internalType: type ?? '' };
      }
      case 'has_key':
        return { kind: 'hasKey', expr: lhs, keys: [checkJsonKey(value)], mode: 'all' };
      case 'has_keys':
      case 'has_any_keys': {
        if (!Array.isArray(value)) throw new FieldError(`'${key}' needs a list of keys`);
        return { kind: 'hasKey', expr: lhs, keys: value.map(checkJsonKey), mode: r.lookup === 'has_keys' ? 'all' : 'any' };
      }
      default: {
        if (value === null || value === undefined) {
          if (r.lookup === 'exact' || r.lookup === 'iexact') return { kind: 'isnull', expr: lhs, negated: false };
          throw new FieldError(`'${key}' cannot compare with null; use '__isnull'`);
        }
        if (isQuerySet(value)) return { kind: 'lookup', lookup: r.lookup, lhs, rhs: { kind: 'subquery', query: this.subquery(value).node }, internalType: type ?? '' };
        if (r.jsonPath.length && !(value instanceof Expression)) {
          // Key transforms compare the unquoted scalar; a text cast gives every database the
          // connection's collation (case-insensitive lookups then behave alike).
          const v = typeof value === 'string' || typeof value === 'number' ? value : JSON.stringify(value);
          const l: SqlExpr = r.lookup.startsWith('i') ? { kind: 'cast', expr: lhs, internalType: 'TextField' } : lhs;
          return { kind: 'lookup', lookup: r.lookup, lhs: l, rhs: { kind: 'param', value: v }, internalType: 'TextField' };
        }
        const patternish = r.lookup !== 'exact' && r.lookup !== 'gt' && r.lookup !== 'gte' && r.lookup !== 'lt' && r.lookup !== 'lte';
        if (patternish && typeof value !== 'string' && !(value instanceof Expression)) throw new FieldError(`'${key}' needs a string`);
        return { kind: 'lookup', lookup: r.lookup, lhs, rhs: this.#slotParam(value, patternish ? null : type, leaf, -1), internalType: type ?? '' };
      }
    }
  }

  /** Resolve one filter()/exclude() call into a WHERE (or HAVING) condition. */
  filterCondition(cond: QObject | Expression, negated: boolean): { expr: SqlExpr; aggregate: boolean } {
    this.#filterCall++;
    if (cond instanceof Expression) {
      const e = cond.resolve(this);
      return { expr: negated ? { kind: 'not', child: e } : e, aggregate: cond.containsAggregate };
    }
    if (negated) {
      const joinsBefore = this.joins.length;
      const r = this.#condition(cond, true);
      const addedMulti = this.joins.slice(joinsBefore).length > 0 && [...this.#joinMap.values()].some((j) => j.multi && this.joins.slice(joinsBefore).some((x) => x.alias === j.alias));
      if (addedMulti && !r.aggregate) {
        // Excluding across a multi-valued relation means "no related row matches": a subquery.
        this.joins.length = joinsBefore;
        for (const [k, j] of this.#joinMap) if (!this.joins.some((x) => x.alias === j.alias) && j.alias !== this.base) this.#joinMap.delete(k);
        const sub = new QueryBuilder(subQueryFor(this.query.model, cond), this.conn, this);
        const node = sub.build({ subquery: true, pkOnly: true }).node;
        const pk: SqlExpr = { kind: 'col', table: this.base, column: this.meta.pk.column };
        return { expr: { kind: 'not', child: { kind: 'lookup', lookup: 'in', lhs: pk, rhs: { kind: 'subquery', query: node }, internalType: '' } }, aggregate: false };
      }
      return { expr: { kind: 'not', child: r.expr }, aggregate: r.aggregate };
    }
    return this.#condition(cond, false);
  }

  // ---- ordering ----------------------------------------------------------------------------

  #orderTerms(): OrderNode[] {
    const q = this.query;
    const terms = q.order ?? (q.mode === 'models' || !q.hasAggregate ? [...this.meta.ordering] : []);
    const out: OrderNode[] = [];
    for (const t of terms) {
      if (t instanceof OrderBy) {
        const o = t.resolve(this);
        out.push(q.reversed ? { ...o, desc: !o.desc } : o);
        continue;
      }
      if ((t as unknown) instanceof Expression) {
        out.push({ expr: (t as unknown as Expression).resolve(this), desc: q.reversed });
        continue;
      }
      if (typeof t !== 'string') throw new FieldError(`orderBy() takes field names or expressions, got ${typeof t}`);
      if (t === '?') { out.push({ expr: { kind: 'random' }, desc: false }); continue; }
      const desc = t.startsWith('-');
      const name = desc ? t.slice(1) : t;
      const r = this.resolveKey(name, false);
      if (r.field instanceof ForeignKey && r.expr.kind === 'col' && !name.endsWith('Id') && !name.includes('__')) {
        // Ordering by a relation orders by the related model's ordering, like Django; keep it simple: by its key.
      }
      out.push({ expr: r.expr, desc: desc !== q.reversed });
    }
    return out;
  }

  // ---- select list and build ---------------------------------------------------------------

  #modelColumns(model: ModelClass, alias: string, only: Set<string> | null, defer: Set<string>, columns: SelectNode['columns']): RowPlan {
    const attnames: string[] = [];
    const converters: Converter[] = [];
    const start = columns.length;
    for (const f of model.meta.concreteFields) {
      if (!f.primaryKey && ((only && !only.has(f.name) && !only.has(f.attname)) || defer.has(f.name) || defer.has(f.attname))) continue;
      columns.push({ expr: { kind: 'col', table: alias, column: f.column }, alias: null });
      attnames.push(f.attname);
      converters.push(converterFor(this.conn, f.valueType, f));
    }
    return { model, attnames, converters, start, related: [], annotations: [], rows: 0, build: null };
  }

  #selectRelated(plan: RowPlan, model: ModelClass, alias: string, paths: string[] | true, columns: SelectNode['columns'], prefix: string, nullable: boolean, depth: number): void {
    const fks = model.meta.concreteFields.filter((f): f is ForeignKey => f instanceof ForeignKey);
    const wanted = new Map<string, string[]>();
    if (paths === true) {
      if (depth > 5) return;
      for (const f of fks) if (!f.null) wanted.set(f.name, []);
    } else {
      for (const p of paths) {
        const [head, ...rest] = p.split('__');
        const f = model.meta.findField(head!);
        if (!(f instanceof ForeignKey)) {
          throw new FieldError(`Invalid field name '${head}' in selectRelated(): ${model.meta.label}'s forward relations are ${fks.map((x) => x.name).join(', ') || '(none)'}`);
        }
        const list = wanted.get(head!) ?? [];
        if (rest.length) list.push(rest.join('__'));
        wanted.set(head!, list);
      }
    }
    for (const [name, sub] of wanted) {
      const f = model.meta.getField(name) as ForeignKey;
      const j = this.joinForward(alias, `${alias}.${prefix}${name}`, f, nullable);
      const target = f.target as unknown as ModelClass;
      const child = this.#modelColumns(target, j.alias, null, new Set(), columns);
      plan.related.push({ name, plan: child, nullable: j.nullable });
      if (paths === true) this.#selectRelated(child, target, j.alias, true, columns, `${prefix}${name}__`, j.nullable, depth + 1);
      else if (sub.length) this.#selectRelated(child, target, j.alias, sub, columns, `${prefix}${name}__`, j.nullable, depth + 1);
    }
  }

  /** Build the SELECT for this query. */
  build(options: { subquery?: boolean; pkOnly?: boolean; noOrder?: boolean } = {}): BuiltSelect {
    const q = this.query;
    const meta = this.meta;
    const node = emptySelect(meta.dbTable, this.base);
    const where: (SqlExpr | null)[] = [];
    const having: (SqlExpr | null)[] = [];
    for (const a of q.annotations) {
      if (!NAME_RE.test(a.name)) throw new FieldError(`Invalid annotation name ${JSON.stringify(a.name)}`);
      if (meta.findField(a.name) || meta.findReverse(a.name)) throw new FieldError(`The annotation '${a.name}' conflicts with a field on ${meta.label}`);
      const expr = a.expr.resolve(this);
      this.#annotations.set(a.name, { expr, internalType: a.expr.outputType(this), isAggregate: a.expr.containsAggregate, field: null });
    }
    for (const f of q.filters) {
      const r = this.filterCondition(f.cond, f.negated);
      (r.aggregate ? having : where).push(r.expr);
    }
    if (q.empty) where.push({ kind: 'const', sql: 'FALSE' });
    node.where = andAll(where);
    node.having = andAll(having);
    const columns: SelectNode['columns'] = [];
    let plan: RowPlan | null = null;
    const outColumns: BuiltSelect['columns'] = [];
    const grouping = q.hasAggregate;
    const groupBy: SqlExpr[] = [];
    if (options.pkOnly) {
      columns.push({ expr: { kind: 'col', table: this.base, column: meta.pk.column }, alias: null });
      this.singleColumnType = meta.pk.valueType;
    } else if (q.mode === 'models') {
      plan = this.#modelColumns(q.model, this.base, q.only ? new Set(q.only) : null, new Set(q.defer), columns);
      if (q.selectRelated) this.#selectRelated(plan, q.model, this.base, q.selectRelated, columns, '', false, 0);
      if (grouping) for (const c of columns) groupBy.push(c.expr);
      for (const a of q.annotations) {
        if (!a.select) continue;
        const ann = this.#annotations.get(a.name)!;
        if (grouping && !ann.isAggregate) groupBy.push(ann.expr);
        plan.annotations.push({ name: a.name, index: columns.length, convert: converterFor(this.conn, ann.internalType) });
        columns.push({ expr: ann.expr, alias: a.name });
      }
      this.singleColumnType = meta.pk.valueType;
      if (options.subquery) {
        columns.length = 0;
        columns.push({ expr: { kind: 'col', table: this.base, column: meta.pk.column }, alias: null });
      }
    } else {
      if (grouping && q.groupByPk) groupBy.push({ kind: 'col', table: this.base, column: meta.pk.column });
      const names = q.valueNames && q.valueNames.length ? q.valueNames
        : [...meta.concreteFields.map((f) => f.attname), ...q.annotations.filter((a) => a.select).map((a) => a.name)];
      for (const name of names) {
        const r = this.resolveKey(name, false);
        const ann = this.#annotations.get(name);
        const isAgg = ann?.isAggregate ?? false;
        if (grouping && !isAgg) groupBy.push(r.expr);
        const type = r.field && !(r.field instanceof ForeignKey && !name.includes('__') && name === r.field.name) ? r.field.valueType : r.internalType;
        outColumns.push({ name, convert: converterFor(this.conn, type, r.field) });
        columns.push({ expr: r.expr, alias: NAME_RE.test(name) && name.length <= 60 ? name : null });
      }
      if (columns.length === 1) this.singleColumnType = outColumns[0]!.convert === null ? null : (this.resolveKey(names[0]!, false).internalType);
    }
    node.columns = columns;
    if (grouping && groupBy.length) node.groupBy = groupBy;
    if (!options.noOrder && !(options.subquery && !q.isSliced)) {
      node.orderBy = this.#orderTerms();
      if (grouping) for (const o of node.orderBy) if (!groupBy.includes(o.expr) && o.expr.kind === 'col') groupBy.push(o.expr);
    }
    if (q.distinctFields.length) node.distinctOn = q.distinctFields.map((n) => this.resolveKey(n, false).expr);
    node.distinct = q.distinct;
    node.limit = q.limit;
    node.offset = q.offset || null;
    if (q.forUpdate) node.forUpdate = q.forUpdate;
    node.joins = this.joins;
    if (q.combinator) {
      const parts = [withoutOrder(node, q), ...q.combinator.others.map((o) => withoutOrder(new QueryBuilder(o, this.conn, this.parent).build().node, o))];
      const outer = emptySelect(meta.dbTable, this.base);
      outer.combinator = { op: q.combinator.op, all: q.combinator.all, queries: parts };
      outer.orderBy = node.orderBy.map((o) => (o.expr.kind === 'col' ? { ...o, expr: { kind: 'col', table: null, column: o.expr.column } } : o));
      outer.limit = node.limit;
      outer.offset = node.offset;
      return { node: outer, plan, columns: outColumns };
    }
    return { node, plan, columns: outColumns };
  }
}

function withoutOrder(node: SelectNode, q: Query): SelectNode {
  if (q.isSliced) return node;
  return { ...node, orderBy: [], limit: null, offset: null };
}

let subQueryFactory: (model: ModelClass, cond: QObject) => Query = () => { throw new Error('query module not loaded'); };
/** Install how a sub-Query filtered by one condition is made (avoids an import cycle). */
export function setSubQueryFactory(fn: (model: ModelClass, cond: QObject) => Query): void {
  subQueryFactory = fn;
}
function subQueryFor(model: ModelClass, cond: QObject): Query {
  return subQueryFactory(model, cond);
}

/** Return a model instance's pk, or the value itself. */
export function pkOf(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { constructor?: { meta?: unknown } }).constructor === 'function' && 'meta' in (value as { constructor: object }).constructor && !(value instanceof Date) && !Buffer.isBuffer(value) && !Array.isArray(value)) {
    const ctor = (value as { constructor: { meta?: { pk?: { attname: string } } } }).constructor;
    if (ctor.meta?.pk) return (value as Record<string, unknown>)[ctor.meta.pk.attname];
  }
  return value;
}

function isQuerySet(v: unknown): boolean {
  return typeof v === 'object' && v !== null && (v as { isQuerySet?: boolean }).isQuerySet === true;
}

function isIterable(v: unknown): v is Iterable<unknown> {
  return typeof v === 'object' && v !== null && Symbol.iterator in v && typeof v !== 'string';
}

const JSON_KEY_RE = /^[A-Za-z0-9_\-. ]{1,200}$/;
function checkJsonKey(k: unknown): string {
  if (typeof k !== 'string' || !JSON_KEY_RE.test(k)) throw new FieldError(`Invalid JSON key ${JSON.stringify(k)}: use letters, digits, '_', '-', '.', spaces`);
  return k;
}
