// Writing instances: save (insert or update, updateFields), create, bulkCreate, refreshFromDb
// and fullClean. Values are adapted by the backend and always bound as parameters.
import { ValidationError, type ValidationMessage } from '../../core/exceptions.ts';
import { FieldError } from './errors.ts';
import { ForeignKey } from './fields/related-fields.ts';
import { DateField, DateTimeField, TimeField } from './fields/scalar-fields.ts';
import type { Field } from './fields/field.ts';
import { modelHooks, STATE, type Model, type ModelClass, type SaveOptions } from './model.ts';
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

async function save(instance: Model, options: SaveOptions): Promise<void> {
  const inst = instance as Inst;
  const model = inst.constructor as ModelClass;
  const meta = model.meta;
  const state = inst[STATE];
  const alias = dbForWrite(model, options.using ?? state.db, inst);
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
  if (preSave.hasListeners(model)) await preSave.send(model, { instance: inst, raw: false, using: alias, updateFields });
  const pk = meta.pk;
  const pkVal = inst[pk.attname];
  const pkSet = pkVal !== null && pkVal !== undefined;
  let created = false;
  let updated = false;
  const tryUpdate = pkSet && !options.forceInsert && !(state.adding && pk.hasDefault());
  if (tryUpdate) {
    stampDates(inst, meta.concreteFields, false);
    const fields = meta.concreteFields.filter((f) => !f.primaryKey && (!updateFields || updateFields.includes(f.name) || updateFields.includes(f.attname) || (f.options as { autoNow?: boolean }).autoNow));
    if (fields.length) {
      // Leaves: the field values (undefined binds as null), then the pk.
      const leaves = fields.map((f) => inst[f.attname] ?? null);
      leaves.push(pkVal);
      const c = compileShaped(conn, meta, `save|${strs(fields.map((f) => f.column))}`, leaves, () => {
        const where: SqlExpr = { kind: 'lookup', lookup: 'exact', lhs: { kind: 'col', table: null, column: pk.column }, rhs: param(pk, pkVal, fields.length), internalType: pk.valueType };
        return { node: { kind: 'update', table: meta.dbTable, alias: '', set: fields.map((f, j) => ({ column: f.column, value: param(f, leaves[j], j) })), where } };
      });
      const r = await conn.execute(c.sql, c.params);
      updated = r.rowCount > 0;
    } else {
      const { rows } = await conn.query(`SELECT 1 FROM ${conn.ops.quoteName(meta.dbTable)} WHERE ${conn.ops.quoteName(pk.column)} = ?`, [conn.ops.adaptValue(pk.valueType, pkVal)]);
      updated = rows.length > 0;
    }
    if (!updated && (options.forceUpdate || updateFields)) {
      throw new FieldError(`save() with ${updateFields ? 'updateFields' : 'forceUpdate'} did not affect any rows of ${meta.label} (pk ${String(pkVal)})`, 'db.save_no_rows');
    }
  }
  if (!updated) {
    if (options.forceUpdate) throw new FieldError(`Cannot force an update of ${meta.label} without a primary key`, 'db.save_no_pk');
    stampDates(inst, meta.concreteFields, true);
    for (const run of insertStatements(model, conn, [inst])) await run();
    created = true;
  }
  state.adding = false;
  state.db = alias;
  if (postSave.hasListeners(model)) await postSave.send(model, { instance: inst, created, raw: false, using: alias, updateFields });
}

function create(model: ModelClass, data: Record<string, unknown>, using: string | null): Promise<Model> {
  const inst = new model(data);
  return inst.save(using ? { forceInsert: true, using } : { forceInsert: true }).then(() => inst);
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

modelHooks.save = save;
modelHooks.refresh = refresh;
modelHooks.fullClean = fullClean;
querySetHooks.create = create;
querySetHooks.bulkCreate = bulkCreate;
