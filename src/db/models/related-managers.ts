// Managers of the "many" side of relations on an instance: reverse foreign keys
// (`question.choiceSet`) and many-to-many (`pizza.toppings`), with add/remove/set/clear/create.
// Prefetched results are served from the instance without a query.
import { ForeignKey, type ManyToManyField } from './fields/related-fields.ts';
import { Manager } from './manager.ts';
import { QuerySet, querySetHooks } from './query-set.ts';
import { STATE, type Model, type ModelClass } from './model.ts';
import type { ReverseRelation } from './options.ts';
import { FieldError } from './errors.ts';
import { m2mChanged } from './signals.ts';
import { compileNode, dbForWrite, getConnection } from './db-access.ts';
import type { RelatedManagerLike } from './model-types.ts';
import type { SqlExpr } from '../sql/nodes.ts';

type Inst = Model & Record<string, unknown>;

function requireSaved(inst: Inst, what: string): void {
  if (inst.pk === null || inst.pk === undefined) {
    throw new FieldError(`${(inst.constructor as ModelClass).meta.label} instance needs a primary key before ${what} can be used`, 'db.unsaved_instance');
  }
}

/**
 * The reverse side of a ForeignKey on one instance: a manager filtered to the related rows.
 *
 * @example
 * await question.choiceSet.create({ choiceText: 'Not much', votes: 0 })
 * await question.choiceSet.filter({ votes__gt: 0 }).count()
 */
export class RelatedManager<T> extends Manager<T> implements RelatedManagerLike<T> {
  declare readonly $target?: T;
  readonly instance: Inst;
  readonly rel: ReverseRelation;

  constructor(instance: Inst, rel: ReverseRelation) {
    super(rel.relatedModel as unknown as ModelClass);
    this.instance = instance;
    this.rel = rel;
  }

  get #fk(): ForeignKey {
    return this.rel.field as ForeignKey;
  }

  override getQueryset(): QuerySet<T> {
    requireSaved(this.instance, `relation '${this.rel.name}'`);
    const st = this.instance[STATE];
    const prefetched = st.prefetched[this.rel.name];
    let qs = super.getQueryset().filter({ [this.#fk.attname]: this.instance[this.#fk.targetField.attname] } as never);
    if (st.db) qs = qs.using(st.db);
    if (prefetched) return withResult(qs, prefetched as T[]);
    querySetHooks.trackRelationLoad(this.instance, this.rel.name);
    return qs;
  }

  /** Point objects at this instance (saving them). */
  async add(...objs: T[]): Promise<void> {
    requireSaved(this.instance, 'add()');
    for (const o of objs as unknown as Inst[]) {
      o[this.#fk.attname] = this.instance.pk;
      o[STATE].cache[this.#fk.name] = this.instance;
      if (o.pk === null || o.pk === undefined || o[STATE].adding) await o.save();
      else await o.save({ updateFields: [this.#fk.name] });
    }
    delete this.instance[STATE].prefetched[this.rel.name];
  }

  /** Create a related object pointing at this instance. */
  override async create(data: never): Promise<T> {
    requireSaved(this.instance, 'create()');
    const obj = await super.getQueryset().create({ ...(data as object), [this.#fk.attname]: this.instance.pk } as never);
    delete this.instance[STATE].prefetched[this.rel.name];
    return obj;
  }

  /** Unlink objects (the foreign key must be nullable). */
  async remove(...objs: T[]): Promise<void> {
    if (!this.#fk.null) throw new FieldError(`remove() needs ${this.rel.relatedModel.meta.label}.${this.#fk.name} to have null: true`, 'db.fk_not_nullable');
    const pks = (objs as unknown as Inst[]).map((o) => o.pk);
    await this.getQueryset().filter({ pk__in: pks } as never).update({ [this.#fk.name]: null } as never);
    for (const o of objs as unknown as Inst[]) o[this.#fk.attname] = null;
    delete this.instance[STATE].prefetched[this.rel.name];
  }

  /** Unlink every related object (the foreign key must be nullable). */
  async clear(): Promise<void> {
    if (!this.#fk.null) throw new FieldError(`clear() needs ${this.rel.relatedModel.meta.label}.${this.#fk.name} to have null: true`, 'db.fk_not_nullable');
    await super.getQueryset().filter({ [this.#fk.attname]: this.instance.pk } as never).update({ [this.#fk.name]: null } as never);
    delete this.instance[STATE].prefetched[this.rel.name];
  }

  /** Make exactly `objs` related (others are unlinked, or deleted? no: unlinked; FK must be nullable). */
  async set(objs: T[]): Promise<void> {
    const keep = new Set((objs as unknown as Inst[]).map((o) => String(o.pk)));
    const current = (await super.getQueryset().filter({ [this.#fk.attname]: this.instance.pk } as never)) as unknown as Inst[];
    const drop = current.filter((o) => !keep.has(String(o.pk)));
    if (drop.length) await this.remove(...(drop as unknown as T[]));
    const have = new Set(current.map((o) => String(o.pk)));
    await this.add(...((objs as unknown as Inst[]).filter((o) => !have.has(String(o.pk))) as unknown as T[]));
  }
}

/**
 * Both sides of a many-to-many relation on one instance.
 *
 * @example
 * await pizza.toppings.add(cheese, ham)   // INSERT INTO "app_pizza_toppings" ...
 * await pizza.toppings.all()
 */
export class ManyRelatedManager<T> extends Manager<T> implements RelatedManagerLike<T> {
  declare readonly $target?: T;
  readonly instance: Inst;
  readonly field: ManyToManyField;
  readonly reverse: boolean;
  readonly accessor: string;

  constructor(instance: Inst, field: ManyToManyField, reverse: boolean, accessor: string) {
    super((reverse ? field.model : field.target) as unknown as ModelClass);
    this.instance = instance;
    this.field = field;
    this.reverse = reverse;
    this.accessor = accessor;
  }

  get #through(): ModelClass {
    return this.field.through as unknown as ModelClass;
  }

  /** [fk to this instance's side, fk to the other side] on the through model. */
  get #fks(): [ForeignKey, ForeignKey] {
    const [s, t] = this.field.throughFields;
    const meta = this.#through.meta;
    const src = meta.getField(s) as ForeignKey, tgt = meta.getField(t) as ForeignKey;
    return this.reverse ? [tgt, src] : [src, tgt];
  }

  override getQueryset(): QuerySet<T> {
    requireSaved(this.instance, `relation '${this.accessor}'`);
    const st = this.instance[STATE];
    const [mine, other] = this.#fks;
    const through = this.#through;
    const sub = through.objects.filter({ [mine.attname]: this.instance.pk } as never).values(other.attname as never);
    let qs = super.getQueryset().filter({ pk__in: sub } as never);
    if (st.db) qs = qs.using(st.db);
    const prefetched = st.prefetched[this.accessor];
    if (prefetched) return withResult(qs, prefetched as T[]);
    querySetHooks.trackRelationLoad(this.instance, this.accessor);
    return qs;
  }

  #pks(objs: unknown[]): unknown[] {
    return objs.map((o) => (typeof o === 'object' && o !== null && 'pk' in (o as object) ? (o as Model).pk : o));
  }

  async #send(action: 'preAdd' | 'postAdd' | 'preRemove' | 'postRemove' | 'preClear' | 'postClear', pkSet: Set<unknown> | null, using: string): Promise<void> {
    await m2mChanged.send(this.#through, { instance: this.instance, action, reverse: this.reverse, model: this.model, pkSet, using });
  }

  /** Relate objects (or primary keys); existing links are kept once. */
  async add(...objs: (T | unknown)[]): Promise<void> {
    requireSaved(this.instance, 'add()');
    const [mine, other] = this.#fks;
    const through = this.#through;
    const alias = dbForWrite(through, this.instance[STATE].db);
    const ids = [...new Set(this.#pks(objs))];
    if (ids.length === 0) return;
    const existing = new Set(((await through.objects.using(alias).filter({ [mine.attname]: this.instance.pk, [`${other.attname}__in`]: ids } as never).valuesList(other.attname as never, { flat: true })) as unknown[]).map(String));
    const fresh = ids.filter((id) => !existing.has(String(id)));
    await this.#send('preAdd', new Set(fresh), alias);
    if (fresh.length) {
      await through.objects.using(alias).bulkCreate(fresh.map((id) => new through({ [mine.attname]: this.instance.pk, [other.attname]: id })) as never);
    }
    delete this.instance[STATE].prefetched[this.accessor];
    await this.#send('postAdd', new Set(fresh), alias);
  }

  /** Unrelate objects (or primary keys). */
  async remove(...objs: (T | unknown)[]): Promise<void> {
    requireSaved(this.instance, 'remove()');
    const [mine, other] = this.#fks;
    const through = this.#through;
    const alias = dbForWrite(through, this.instance[STATE].db);
    const ids = this.#pks(objs);
    await this.#send('preRemove', new Set(ids), alias);
    await rawDelete(through, alias, [[mine, [this.instance.pk]], [other, ids]]);
    delete this.instance[STATE].prefetched[this.accessor];
    await this.#send('postRemove', new Set(ids), alias);
  }

  /** Remove every link of this instance. */
  async clear(): Promise<void> {
    requireSaved(this.instance, 'clear()');
    const [mine] = this.#fks;
    const through = this.#through;
    const alias = dbForWrite(through, this.instance[STATE].db);
    await this.#send('preClear', null, alias);
    await rawDelete(through, alias, [[mine, [this.instance.pk]]]);
    delete this.instance[STATE].prefetched[this.accessor];
    await this.#send('postClear', null, alias);
  }

  /** Make exactly these objects related. */
  async set(objs: (T | unknown)[]): Promise<void> {
    const [mine, other] = this.#fks;
    const want = this.#pks(objs);
    const current = (await this.#through.objects.filter({ [mine.attname]: this.instance.pk } as never).valuesList(other.attname as never, { flat: true })) as unknown[];
    const wantSet = new Set(want.map(String));
    const curSet = new Set(current.map(String));
    const drop = current.filter((id) => !wantSet.has(String(id)));
    const add = want.filter((id) => !curSet.has(String(id)));
    if (drop.length) await this.remove(...drop);
    if (add.length) await this.add(...add);
  }

  /** Create an object of the other side and relate it. */
  override async create(data: never): Promise<T> {
    const obj = await super.getQueryset().create(data);
    await this.add(obj);
    return obj;
  }
}

/** Delete rows of `model` where each field is in its list (one statement, no signals: link rows). */
async function rawDelete(model: ModelClass, alias: string, conds: [ForeignKey, unknown[]][]): Promise<void> {
  const conn = getConnection(alias);
  const where: SqlExpr = {
    kind: 'and',
    children: conds.map(([f, ids]) => ({ kind: 'lookup', lookup: 'in', lhs: { kind: 'col', table: null, column: f.column }, rhs: ids.map((v) => ({ kind: 'param', value: v, internalType: f.valueType }) as SqlExpr), internalType: '' }) as SqlExpr),
  };
  const c = compileNode(conn, { kind: 'delete', table: model.meta.dbTable, alias: '', where });
  await conn.execute(c.sql, c.params);
}

const RESULT = Symbol('reinhardt.prefilled');
/** Return a QuerySet that resolves to `rows` without querying (prefetched relations). */
export function withResult<T>(qs: QuerySet<T>, rows: T[]): QuerySet<T> {
  const copy = qs.all();
  (copy as unknown as Record<symbol, unknown>)[RESULT] = rows;
  const then = copy.then.bind(copy);
  Object.defineProperty(copy, 'then', {
    value: (ok?: (v: T[]) => unknown, err?: (e: unknown) => unknown) => Promise.resolve(rows.slice()).then(ok as never, err as never),
  });
  void then;
  return copy;
}
