// The deletion collector: find everything a delete reaches through foreign keys, apply each
// relation's onDelete (CASCADE, PROTECT, RESTRICT, SET_NULL, SET_DEFAULT, SET, DO_NOTHING) in
// the ORM so every database behaves the same, then delete children before parents in one
// transaction, sending preDelete/postDelete for each object.
import { ForeignKey } from './fields/related-fields.ts';
import { ProtectedError, RestrictedError } from './errors.ts';
import { modelHooks, STATE, type Model, type ModelClass } from './model.ts';
import { compileNode, dbForWrite, getConnection } from './db-access.ts';
import { querySetHooks, type QuerySet } from './query-set.ts';
import { postDelete, preDelete } from './signals.ts';
import type { SqlExpr } from '../sql/nodes.ts';
import { atomic } from '../transaction.ts';

type Inst = Model & Record<string, unknown>;
const BATCH = 500;

/**
 * Collects objects to delete and field updates to make, then performs them.
 *
 * @example
 * const c = new Collector('default'); await c.collect([question]); await c.delete();
 */
export class Collector {
  readonly using: string;
  /** Model -> (pk -> instance), in discovery order (parents first). */
  readonly data = new Map<ModelClass, Map<string, Inst>>();
  readonly updates: { model: ModelClass; field: ForeignKey; value: unknown; objs: Inst[] }[] = [];
  readonly restricted: { objs: Inst[]; field: ForeignKey }[] = [];

  constructor(using: string) {
    this.using = using;
  }

  /** Add `objs` (all of one model) and follow relations to them. */
  async collect(objs: Inst[]): Promise<void> {
    if (objs.length === 0) return;
    const model = objs[0]!.constructor as ModelClass;
    let bucket = this.data.get(model);
    if (!bucket) this.data.set(model, (bucket = new Map()));
    const fresh: Inst[] = [];
    for (const o of objs) {
      const k = String(o.pk);
      if (!bucket.has(k)) {
        bucket.set(k, o);
        fresh.push(o);
      }
    }
    if (fresh.length === 0) return;
    for (const rel of model.meta.relatedObjects) {
      if (!(rel.field instanceof ForeignKey)) continue;
      const fk = rel.field;
      const related = rel.relatedModel as unknown as ModelClass;
      const onDelete = fk.onDelete;
      if (onDelete === 'DO_NOTHING') continue;
      for (let i = 0; i < fresh.length; i += BATCH) {
        const keys = fresh.slice(i, i + BATCH).map((o) => o[fk.targetField.attname]);
        const qs = related.objects.using(this.using).filter({ [`${fk.attname}__in`]: keys } as never);
        if (onDelete === 'PROTECT') {
          const found = (await qs.slice(0, 20)) as Inst[];
          if (found.length) {
            throw new ProtectedError(
              `Cannot delete some instances of ${model.meta.label} because they are referenced through protected foreign key ${related.meta.label}.${fk.name}: ${found.map(String).join(', ')}`,
              found,
            );
          }
          continue;
        }
        const found = (await qs) as Inst[];
        if (found.length === 0) continue;
        if (onDelete === 'CASCADE') await this.collect(found);
        else if (onDelete === 'RESTRICT') this.restricted.push({ objs: found, field: fk });
        else if (onDelete === 'SET_NULL') this.updates.push({ model: related, field: fk, value: null, objs: found });
        else if (onDelete === 'SET_DEFAULT') this.updates.push({ model: related, field: fk, value: fk.getDefault(), objs: found });
        else if (typeof onDelete === 'object' && onDelete.kind === 'SET') {
          const v = typeof onDelete.value === 'function' ? (onDelete.value as () => unknown)() : onDelete.value;
          this.updates.push({ model: related, field: fk, value: (v as Model | null)?.pk ?? v, objs: found });
        }
      }
    }
  }

  /** Perform the updates and deletes; return the total and counts per model label. */
  async delete(): Promise<[number, Record<string, number>]> {
    for (const r of this.restricted) {
      const model = r.objs[0]!.constructor as ModelClass;
      const bucket = this.data.get(model);
      const blocking = r.objs.filter((o) => !bucket?.has(String(o.pk)));
      if (blocking.length) {
        throw new RestrictedError(
          `Cannot delete some instances because they are referenced through restricted foreign key ${model.meta.label}.${r.field.name}: ${blocking.slice(0, 20).map(String).join(', ')}`,
          blocking,
        );
      }
    }
    const conn = getConnection(this.using);
    const counts: Record<string, number> = {};
    let total = 0;
    await atomic(async () => {
      for (const [model, bucket] of this.data) {
        for (const o of bucket.values()) await preDelete.send(model, { instance: o, using: this.using, origin: null });
      }
      for (const u of this.updates) {
        const live = u.objs.filter((o) => !this.data.get(u.model)?.has(String(o.pk)));
        for (let i = 0; i < live.length; i += BATCH) {
          const chunk = live.slice(i, i + BATCH);
          const pk = u.model.meta.pk;
          const where: SqlExpr = { kind: 'lookup', lookup: 'in', lhs: { kind: 'col', table: null, column: pk.column }, rhs: chunk.map((o) => ({ kind: 'param', value: o.pk, internalType: pk.valueType }) as SqlExpr), internalType: '' };
          const c = compileNode(conn, { kind: 'update', table: u.model.meta.dbTable, alias: '', set: [{ column: u.field.column, value: { kind: 'param', value: u.value, internalType: u.field.valueType } }], where });
          await conn.execute(c.sql, c.params);
          for (const o of chunk) o[u.field.attname] = u.value;
        }
      }
      const models = [...this.data.keys()].reverse();
      for (const model of models) {
        const objs = [...this.data.get(model)!.values()];
        const pk = model.meta.pk;
        let n = 0;
        for (let i = 0; i < objs.length; i += BATCH) {
          const chunk = objs.slice(i, i + BATCH);
          const where: SqlExpr = { kind: 'lookup', lookup: 'in', lhs: { kind: 'col', table: null, column: pk.column }, rhs: chunk.map((o) => ({ kind: 'param', value: o.pk, internalType: pk.valueType }) as SqlExpr), internalType: '' };
          const c = compileNode(conn, { kind: 'delete', table: model.meta.dbTable, alias: '', where });
          n += (await conn.execute(c.sql, c.params)).rowCount;
        }
        if (n) counts[model.meta.label] = (counts[model.meta.label] ?? 0) + n;
        total += n;
      }
      for (const [model, bucket] of this.data) {
        for (const o of bucket.values()) await postDelete.send(model, { instance: o, using: this.using, origin: null });
      }
    }, { using: this.using });
    for (const bucket of this.data.values()) {
      for (const o of bucket.values()) {
        o.pk = null;
        o[STATE].adding = true;
      }
    }
    return [total, counts];
  }
}

modelHooks.delete = async (instance, options) => {
  const inst = instance as Inst;
  if (inst.pk === null || inst.pk === undefined) {
    throw new ProtectedError(`${(inst.constructor as ModelClass).meta.label} object can't be deleted because its primary key is not set`, [], 'db.delete_unsaved');
  }
  const alias = dbForWrite(inst.constructor as ModelClass, options.using ?? inst[STATE].db, inst);
  const c = new Collector(alias);
  await c.collect([inst]);
  return c.delete();
};

querySetHooks.deleteQuerySet = async (qs: QuerySet<any, any, any>) => {
  const alias = dbForWrite(qs.model, qs.query.using);
  const objs = (await qs.using(alias).orderBy()) as Inst[];
  const c = new Collector(alias);
  await c.collect(objs);
  return c.delete();
};
