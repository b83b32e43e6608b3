// Writing instances: save (insert or update, updateFields), create, bulkCreate, refreshFromDb
// and fullClean. Values are adapted by the backend and always bound as parameters.
import { ValidationError, type ValidationMessage } from '../../core/exceptions.ts';
import { FieldError } from './errors.ts';
import { ForeignKey } from './fields/related-fields.ts';
import { DateField, DateTimeField, TimeField } from './fields/scalar-fields.ts';
import type { Field } from './fields/field.ts';
import { Model, modelHooks, STATE, type ModelClass, type SaveOptions } from './model.ts';
import { compileNode, dbForWrite, getConnection, type DbConnection } from './db-access.ts';
import { querySetHooks } from './query-set.ts';
import { postSave, preSave } from './signals.ts';
import type { SqlExpr } from '../sql/nodes.ts';
import { converterFor } from './query-builder.ts';
import { compileShaped, strs } from './query-shape.ts';
import { atomic } from '../transaction.ts';

type Inst = Model & Record<string, unknown>;

function stampDates(inst: Inst, fields: readonly Field[], adding: boolean): void {
  for (const f of fields) {
    const o = f.options as { autoNow?: boolean; autoNowAdd?: boolean };
    if (o.autoNow || (o.autoNowAdd && adding)) {
      if (f instanceof DateTimeField || f instanceof DateField || f instanceof TimeField) inst[f.attname] = f.nowValue();
    }
  }
}

function checkRelated(inst: Inst, meta: ModelClass['meta']): void {
  const cache = inst[STATE].cache;
  for (const f of meta.concreteFields) {
    if (!(f instanceof ForeignKey) || !(f.name in cache)) continue;
    const obj = cache[f.name] as Model | null;
    if (obj === null) continue;
    if (obj.pk === null || obj.pk === undefined) {
      throw new FieldError(`save() prohibited to prevent data loss due to unsaved related object '${f.name}' on ${meta.label}`, 'db.unsaved_related');
    }
    if (inst[f.attname] !== obj.pk) inst[f.attname] = obj.pk;
  }
}

/** A parameter for field `f`; with `leaf`, bound again from that leaf when the statement is reused. */
function param(f: Field, value: unknown, leaf = -1): SqlExpr {
  return { kind: 'param', value: value === undefined ? null : value, internalType: f.valueType, slot: leaf < 0 ? undefined : { leaf, item: -1, viaPk: false } };
}

/** The INSERT statements that write `instances` on `conn`; each assigns its rows' primary keys. */
function insertStatements(model: ModelClass, conn: DbConnection, instances: Inst[], ignoreConflicts = false): (() => Promise<void>)[] {
  const meta = model.meta;
  const pk = meta.pk;
  const needPk = instances.some((i) => i[pk.attname] === null || i[pk.attname] === undefined);
  const fields = meta.concreteFields.filter((f) => {
    if (f === pk && needPk && f.isAuto) return false;
    if (f.options.dbDefault !== undefined && instances.every((i) => i[f.attname] === undefined)) return false;
    return true;
  });
  const returnPk = needPk && pk.isAuto;
  if (fields.length === 0) {
    return instances.map((inst) => () => {
      const c = compileNode(conn, { kind: 'insert', table: meta.dbTable, columns: [], rows: [[]], returning: returnPk && conn.features.supportsReturning ? [pk.column] : [] });
      return assignPk(conn, c, [inst], pk, returnPk);
    });
  }
  const out: (() => Promise<void>)[] = [];
  const perRow = fields.length;
  const batch = Math.max(1, Math.min(500, Math.floor(conn.features.maxQueryParams / perRow)));
  // With ignored conflicts the returned rows no longer line up with the inputs: no pks then.
  const byReturning = returnPk && conn.features.supportsReturning && !ignoreConflicts;
  for (let i = 0; i < instances.length; i += batch) {
    const chunk = instances.slice(i, i + batch);
    out.push(() => {
      // One statement shape per column list, row count and options; leaves are the values
      // row by row (undefined binds as null).
      const leaves: unknown[] = [];
      for (const inst of chunk) for (const f of fields) leaves.push(inst[f.attname] ?? null);
      const key = `insert|${strs(fields.map((f) => f.column))}|${chunk.length}|${+byReturning}${+ignoreConflicts}`;
      const c = compileShaped(conn, meta, key, leaves, () => {
        const rows = chunk.map((_, r) => fields.map((f, j) => param(f, leaves[r * perRow + j], r * perRow + j)));
        return { node: { kind: 'insert', table: meta.dbTable, columns: fields.map((f) => f.column), rows, returning: byReturning ? [pk.column] : [], ignoreConflicts } };
      });
      return ignoreConflicts ? conn.execute(c.sql, c.params).then(() => undefined) : assignPk(conn, c, chunk, pk, returnPk);
    });
  }
  return out;
}

/** Mark instances as saved on `alias`. */
function markSaved(instances: readonly Inst[], alias: string): void {
  for (const inst of instances) {
    inst[STATE].adding = false;
    inst[STATE].db = alias;
  }
}

/**
 * Run one INSERT and give `chunk` its primary keys. Plain promise chains rather than async
 * functions: inside atomic() Node's promise hooks make every extra promise layer cost.
 */
function assignPk(conn: DbConnection, c: { sql: string; params: unknown[] }, chunk: Inst[], pk: Field, returnPk: boolean): Promise<void> {
  if (returnPk && conn.features.supportsReturning) {
    return conn.query(c.sql, c.params).then(({ rows }) => {
      const conv = converterFor(conn, pk.valueType, pk);
      rows.forEach((r, idx) => { chunk[idx]![pk.attname] = conv ? conv(r[0]) : r[0]; });
    });
  }
  return conn.execute(c.sql, c.params).then((res) => {
    if (!returnPk || res.lastInsertId === undefined || res.lastInsertId === null) return;
    // Without RETURNING the driver reports the first id of a multi-row insert (MySQL) or the
    // last one (SQLite); auto-increment ids of one statement are consecutive.
    const conv = converterFor(conn, pk.valueType, pk);
    const reported = Number(conv ? conv(res.lastInsertId) : res.lastInsertId);
    const first = ((conn.features as { lastInsertIdIsFirst?: boolean }).lastInsertIdIsFirst ?? true) ? reported : reported - chunk.length + 1;
    chunk.forEach((inst, idx) => { inst[pk.attname] = first + idx; });
  });
}

const noop = (): void => {};

/** A compiled one-row INSERT: its SQL, the fields it binds in order, and how the new pk comes back. */
interface OneRowInsert {
  sql: string;
  fields: Field[];
  /** The internal type each parameter is adapted as (undefined: bound as it is). */
  types: (string | undefined)[];
  /** 0: no pk to read; 1: RETURNING gives it; 2: the driver's last insert id is the pk. */
  pkFrom: 0 | 1 | 2;
  conv: ReturnType<typeof converterFor>;
}

/** One model's one-row INSERTs on one connection, by omitted-column mask. */
interface ModelInserts {
  /** The concrete field count they were compiled against (a field added later empties them). */
  concrete: number;
  /** Fields with a database default: left out of the INSERT when the instance has no value. */
  dbDefaults: Field[];
  plans: Map<number, OneRowInsert | null>;
}

/** Per connection (the wrapper), per model Options: compiled one-row INSERTs. */
const ONE_ROW_INSERTS = new WeakMap<object, WeakMap<object, ModelInserts>>();

/**
 * The cached one-row INSERT for `inst` on `conn`, or null when the instance needs the general
 * path (more than 30 fields with database defaults, or SQL the compiler would not slot).
 * The statement depends only on which columns are left out: the auto pk when unset (bit 0)
 * and each field with a database default whose value is undefined (the next bits).
 */
function oneRowInsert(conn: DbConnection, meta: ModelClass['meta'], inst: Inst): OneRowInsert | null {
  let byModel = ONE_ROW_INSERTS.get(conn);
  if (!byModel) ONE_ROW_INSERTS.set(conn, (byModel = new WeakMap()));
  let m = byModel.get(meta);
  if (!m || m.concrete !== meta.concreteFields.length) {
    m = { concrete: meta.concreteFields.length, dbDefaults: meta.concreteFields.filter((f) => f.options.dbDefault !== undefined), plans: new Map() };
    byModel.set(meta, m);
  }
  const dbDefaults = m.dbDefaults;
  if (dbDefaults.length > 30) return null;
  const pk = meta.pk;
  const pkVal = inst[pk.attname];
  let mask = (pkVal === null || pkVal === undefined) && pk.isAuto ? 1 : 0;
  for (let i = 0; i < dbDefaults.length; i++) if (inst[dbDefaults[i]!.attname] === undefined) mask |= 2 << i;
  let plan = m.plans.get(mask);
  if (plan === undefined) {
    plan = compileOneRowInsert(conn, meta, mask, dbDefaults);
    m.plans.set(mask, plan);
  }
  return plan;
}

/** Compile the one-row INSERT for omitted-column `mask` (see `oneRowInsert`). */
function compileOneRowInsert(conn: DbConnection, meta: ModelClass['meta'], mask: number, dbDefaults: Field[]): OneRowInsert | null {
  const pk = meta.pk;
  const returnPk = (mask & 1) !== 0;
  const fields = meta.concreteFields.filter((f) => {
    if (f === pk && returnPk) return false;
    const d = dbDefaults.indexOf(f);
    return d < 0 || (mask & (2 << d)) === 0;
  });
  // SQLite reports the rowid of a one-row INSERT, which is the integer auto pk: no RETURNING.
  const viaLastId = returnPk && (conn.features as { oneRowInsertLastIdIsPk?: boolean }).oneRowInsertLastIdIsPk === true;
  const byReturning = returnPk && !viaLastId && conn.features.supportsReturning;
  const c = compileNode(conn, {
    kind: 'insert',
    table: meta.dbTable,
    columns: fields.map((f) => f.column),
    rows: [fields.map((f, j) => param(f, null, j))],
    returning: byReturning ? [pk.column] : [],
  });
  const recipes = c.recipes;
  if (!recipes || recipes.length !== fields.length) return null;
  const types: (string | undefined)[] = [];
  for (let j = 0; j < recipes.length; j++) {
    const r = recipes[j]!;
    if (!('slot' in r) || r.slot.leaf !== j || r.slot.item !== -1 || r.slot.viaPk || r.lookup !== null) return null;
    types.push(r.internalType);
  }
  return { sql: c.sql, fields, types, pkFrom: byReturning ? 1 : returnPk ? 2 : 0, conv: converterFor(conn, pk.valueType, pk) };
}

/** Run a cached one-row INSERT for `inst`; synchronous when the driver is. */
function runOneRowInsert(conn: DbConnection, inst: Inst, pk: Field, plan: OneRowInsert): void | Promise<void> {
  const { fields, types } = plan;
  const ops = conn.ops;
  const params = new Array<unknown>(fields.length);
  for (let i = 0; i < fields.length; i++) {
    const v = inst[fields[i]!.attname];
    const t = types[i];
    params[i] = v === null || v === undefined ? null : t === undefined ? v : ops.adaptValue(t, v);
  }
  if (plan.pkFrom === 1) {
    const r = conn.queryNow(plan.sql, params);
    if (r instanceof Promise) return r.then((res) => pkFromRows(inst, pk, plan, res.rows));
    return pkFromRows(inst, pk, plan, r.rows);
  }
  const r = conn.executeNow(plan.sql, params);
  if (plan.pkFrom === 0) return r instanceof Promise ? r.then(noop) : undefined;
  if (r instanceof Promise) return r.then((res) => pkFromLastId(inst, pk, plan, res.lastInsertId));
  return pkFromLastId(inst, pk, plan, r.lastInsertId);
}

function pkFromRows(inst: Inst, pk: Field, plan: OneRowInsert, rows: unknown[][]): void {
  const row = rows[0];
  if (row) inst[pk.attname] = plan.conv ? plan.conv(row[0]) : row[0];
}

function pkFromLastId(inst: Inst, pk: Field, plan: OneRowInsert, id: unknown): void {
  if (id === undefined || id === null) return;
  inst[pk.attname] = Number(plan.conv ? plan.conv(id) : id);
}

/** Insert `inst` as a new row (assigning its auto pk); synchronous when the driver is. */
function insertOne(model: ModelClass, conn: DbConnection, inst: Inst): void | Promise<void> {
  const meta = model.meta;
  const plan = oneRowInsert(conn, meta, inst);
  if (plan) return runOneRowInsert(conn, inst, meta.pk, plan);
  const [run] = insertStatements(model, conn, [inst]);
  return run!();
}

/**
 * Save an instance. Synchronous drivers (SQLite) run the whole save without a promise unless a
 * signal has receivers; errors then throw, and `save()` turns them into a rejection.
 */
function save(instance: Model, options: SaveOptions): Promise<void> {
  try {
    const r = saveNow(instance as Inst, options);
    return r === undefined ? Promise.resolve() : r;
  } catch (error) {
    return Promise.reject(error);
  }
}

function saveNow(inst: Inst, options: SaveOptions): void | Promise<void> {
  const model = inst.constructor as ModelClass;
  const meta = model.meta;
  const alias = dbForWrite(model, options.using ?? inst[STATE].db, inst);
  const conn = getConnection(alias);
  const updateFields = options.updateFields ?? null;
  if (updateFields) {
    for (const n of updateFields) {
      const f = meta.findField(n);
      if (!f || !f.concrete) throw new FieldError(`save(): updateFields names '${n}', which is not a concrete field of ${meta.label}`);
    }
    if (updateFields.length === 0) return;
  }
  checkRelated(inst, meta);
  // Skipping send() when nobody listens saves a promise round trip per save.
  if (preSave.hasListeners(model)) {
    return preSave.send(model, { instance: inst, raw: false, using: alias, updateFields }).then(() => writeAndFinish(inst, model, conn, alias, options, updateFields));
  }
  return writeAndFinish(inst, model, conn, alias, options, updateFields);
}

function writeAndFinish(inst: Inst, model: ModelClass, conn: DbConnection, alias: string, options: SaveOptions, updateFields: readonly string[] | null): void | Promise<void> {
  const created = writeRow(inst, model, conn, options, updateFields);
  if (created instanceof Promise) return created.then((c) => finishSave(inst, model, alias, c, updateFields));
  return finishSave(inst, model, alias, created, updateFields);
}

function finishSave(inst: Inst, model: ModelClass, alias: string, created: boolean, updateFields: readonly string[] | null): void | Promise<void> {
  const state = inst[STATE];
  state.adding = false;
  state.db = alias;
  if (postSave.hasListeners(model)) return postSave.send(model, { instance: inst, created, raw: false, using: alias, updateFields }).then(noop);
}

/** UPDATE the row (when the pk is set and no insert is forced), else INSERT; return whether it inserted. */
function writeRow(inst: Inst, model: ModelClass, conn: DbConnection, options: SaveOptions, updateFields: readonly string[] | null): boolean | Promise<boolean> {
  const meta = model.meta;
  const pk = meta.pk;
  const pkVal = inst[pk.attname];
  const pkSet = pkVal !== null && pkVal !== undefined;
  const tryUpdate = pkSet && !options.forceInsert && !(inst[STATE].adding && pk.hasDefault());
  if (!tryUpdate) return insertRow(inst, model, conn, options);
  stampDates(inst, meta.concreteFields, false);
  const updated = updateRow(inst, meta, conn, pkVal, updateFields);
  if (updated instanceof Promise) return updated.then((u) => afterUpdate(u, inst, model, conn, options, updateFields, pkVal));
  return afterUpdate(updated, inst, model, conn, options, updateFields, pkVal);
}

function afterUpdate(updated: boolean, inst: Inst, model: ModelClass, conn: DbConnection, options: SaveOptions, updateFields: readonly string[] | null, pkVal: unknown): boolean | Promise<boolean> {
  if (updated) return false;
  if (options.forceUpdate || updateFields) {
    throw new FieldError(`save() with ${updateFields ? 'updateFields' : 'forceUpdate'} did not affect any rows of ${model.meta.label} (pk ${String(pkVal)})`, 'db.save_no_rows');
  }
  return insertRow(inst, model, conn, options);
}

function insertRow(inst: Inst, model: ModelClass, conn: DbConnection, options: SaveOptions): true | Promise<true> {
  const meta = model.meta;
  if (options.forceUpdate) throw new FieldError(`Cannot force an update of ${meta.label} without a primary key`, 'db.save_no_pk');
  stampDates(inst, meta.concreteFields, true);
  const r = insertOne(model, conn, inst);
  return r instanceof Promise ? r.then(() => true as const) : true;
}

/** The fields a save() UPDATE writes without updateFields, per model Options (by field count). */
const SAVE_FIELDS = new WeakMap<object, { concrete: number; fields: Field[]; key: string }>();

/** Run save()'s UPDATE (or, with nothing to write, check the row exists); return whether a row matched. */
function updateRow(inst: Inst, meta: ModelClass['meta'], conn: DbConnection, pkVal: unknown, updateFields: readonly string[] | null): boolean | Promise<boolean> {
  const pk = meta.pk;
  let fields: Field[];
  let key: string;
  if (updateFields) {
    fields = meta.concreteFields.filter((f) => !f.primaryKey && (updateFields.includes(f.name) || updateFields.includes(f.attname) || (f.options as { autoNow?: boolean }).autoNow));
    key = `save|${strs(fields.map((f) => f.column))}`;
  } else {
    let all = SAVE_FIELDS.get(meta);
    if (!all || all.concrete !== meta.concreteFields.length) {
      const fs = meta.concreteFields.filter((f) => !f.primaryKey);
      all = { concrete: meta.concreteFields.length, fields: fs, key: `save|${strs(fs.map((f) => f.column))}` };
      SAVE_FIELDS.set(meta, all);
    }
    fields = all.fields;
    key = all.key;
  }
  if (fields.length) {
    // Leaves: the field values (undefined binds as null), then the pk.
    const leaves = new Array<unknown>(fields.length + 1);
    for (let j = 0; j < fields.length; j++) leaves[j] = inst[fields[j]!.attname] ?? null;
    leaves[fields.length] = pkVal;
    const c = compileShaped(conn, meta, key, leaves, () => {
      const where: SqlExpr = { kind: 'lookup', lookup: 'exact', lhs: { kind: 'col', table: null, column: pk.column }, rhs: param(pk, pkVal, fields.length), internalType: pk.valueType };
      return { node: { kind: 'update', table: meta.dbTable, alias: '', set: fields.map((f, j) => ({ column: f.column, value: param(f, leaves[j], j) })), where } };
    });
    const r = conn.executeNow(c.sql, c.params);
    return r instanceof Promise ? r.then((res) => res.rowCount > 0) : r.rowCount > 0;
  }
  const r = conn.queryNow(`SELECT 1 FROM ${conn.ops.quoteName(meta.dbTable)} WHERE ${conn.ops.quoteName(pk.column)} = ?`, [conn.ops.adaptValue(pk.valueType, pkVal)]);
  return r instanceof Promise ? r.then((res) => res.rows.length > 0) : r.rows.length > 0;
}

const FORCE_INSERT: SaveOptions = Object.freeze({ forceInsert: true });

/**
 * `QuerySet.create()`: build the instance and save it with forceInsert. A model that overrides
 * `save()` gets its override called; otherwise the save runs directly (one promise at most).
 * Always returns a promise (errors reject, also those of the constructor).
 */
function create(model: ModelClass, data: Record<string, unknown>, using: string | null): Promise<Model> {
  try {
    const inst = new model(data);
    const options = using ? { forceInsert: true, using } : FORCE_INSERT;
    if (inst.save !== BASE_SAVE) return inst.save(using ? options : { forceInsert: true }).then(() => inst);
    const r = saveNow(inst as Inst, options);
    return r === undefined ? Promise.resolve(inst) : r.then(() => inst);
  } catch (error) {
    return Promise.reject(error);
  }
}

async function bulkCreate(model: ModelClass, objs: Model[], options: { batchSize?: number; ignoreConflicts?: boolean; using?: string | null }): Promise<Model[]> {
  if (objs.length === 0) return objs;
  const alias = dbForWrite(model, options.using ?? null);
  const conn = getConnection(alias);
  const meta = model.meta;
  const insts = objs as Inst[];
  for (const inst of insts) {
    checkRelated(inst, meta);
    stampDates(inst, meta.concreteFields, true);
  }
  const withPk = insts.filter((i) => i.pk !== null && i.pk !== undefined);
  const withoutPk = insts.filter((i) => i.pk === null || i.pk === undefined);
  const size = options.batchSize;
  const ignore = options.ignoreConflicts ?? false;
  // Each part's instances are marked saved once its statements ran.
  const parts: { insts: Inst[]; statements: (() => Promise<void>)[] }[] = [];
  for (const group of [withPk, withoutPk]) {
    if (!size) parts.push({ insts: group, statements: insertStatements(model, conn, group, ignore) });
    else {
      for (let i = 0; i < group.length; i += size) {
        const insts = group.slice(i, i + size);
        parts.push({ insts, statements: insertStatements(model, conn, insts, ignore) });
      }
    }
  }
  const run = async () => {
    for (const part of parts) {
      for (const statement of part.statements) await statement();
      markSaved(part.insts, alias);
    }
  };
  // One statement is atomic by itself; several share a transaction.
  if (parts.reduce((n, p) => n + p.statements.length, 0) === 1) await run();
  else await atomic(run, { using: alias });
  return objs;
}

async function refresh(instance: Model, options: { using?: string; fields?: string[] }): Promise<void> {
  const inst = instance as Inst;
  const model = inst.constructor as ModelClass;
  const qs = model.objects.using(options.using ?? inst[STATE].db ?? dbForWrite(model, null, inst));
  const fresh = (await (options.fields ? qs.only(...(options.fields as never[])) : qs).get({ pk: inst.pk } as never)) as unknown as Inst;
  const fields = options.fields ? options.fields.map((n) => model.meta.getField(n)) : model.meta.concreteFields;
  for (const f of fields) {
    inst[f.attname] = fresh[f.attname];
    delete inst[STATE].cache[f.name];
  }
  if (!options.fields) inst[STATE].prefetched = {};
}

async function fullClean(instance: Model, options: { exclude?: string[]; validateUnique?: boolean }): Promise<void> {
  const inst = instance as Inst;
  const model = inst.constructor as ModelClass;
  const meta = model.meta;
  const exclude = new Set(options.exclude ?? []);
  const errors: Record<string, ValidationMessage[]> = {};
  const add = (name: string, e: unknown) => {
    if (e instanceof ValidationError) (errors[name] ??= []).push(...Object.values(e.errorDict).flat());
    else throw e;
  };
  for (const f of meta.concreteFields) {
    if (exclude.has(f.name) || f.isAuto) continue;
    let v = inst[f.attname];
    try {
      if (!(f instanceof ForeignKey)) {
        v = f.toJs(v);
        inst[f.attname] = v;
      }
      if ((v === '' || v === null || v === undefined) && f.blank) continue;
      f.validate(v);
    } catch (e) {
      add(f.name, e);
    }
  }
  try {
    await inst.clean();
  } catch (e) {
    add('__all__', e);
  }
  if (options.validateUnique !== false) {
    const groups: string[][] = [];
    for (const f of meta.concreteFields) if (f.unique && !f.isAuto && !exclude.has(f.name)) groups.push([f.name]);
    for (const g of meta.options.uniqueTogether ?? []) groups.push([...g]);
    for (const c of meta.options.constraints ?? []) if ('fields' in c && !c.condition) groups.push([...c.fields]);
    for (const g of groups) {
      if (g.some((n) => errors[n] || exclude.has(n))) continue;
      const lookup: Record<string, unknown> = {};
      let skip = false;
      for (const n of g) {
        const f = meta.getField(n);
        const v = inst[f.attname];
        if (v === null || v === undefined) skip = true;
        lookup[f.attname] = v;
      }
      if (skip) continue;
      let qs = model.objects.filter(lookup as never);
      if (inst.pk !== null && inst.pk !== undefined && !inst[STATE].adding) qs = qs.exclude({ pk: inst.pk } as never);
      if (await qs.exists()) {
        const label = g.length === 1 ? meta.getField(g[0]!).verboseName : g.join(', ');
        const key = g.length === 1 ? g[0]! : '__all__';
        (errors[key] ??= []).push({ message: `${meta.verboseName[0]!.toUpperCase()}${meta.verboseName.slice(1)} with this ${label} already exists.`, code: 'unique' });
      }
    }
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

const BASE_SAVE = Model.prototype.save;
modelHooks.save = save;
modelHooks.refresh = refresh;
modelHooks.fullClean = fullClean;
querySetHooks.create = create;
querySetHooks.bulkCreate = bulkCreate;
