// Managers: the entry point for queries on a model (`Question.objects`). A manager builds its
// QuerySet with `getQueryset()` (override it to pre-filter) and forwards the QuerySet API.
import { QuerySet, querySetHooks, setManagerFromQuerySet, type FilterInput } from './query-set.ts';
import { modelHooks, type ModelClass } from './model.ts';
import { FieldError } from './errors.ts';
import type { CheckFilter, CreateInput, FieldsOf, OrderKey, RelationPaths, ValueKeys } from './model-types.ts';
import type { Expression, OrderBy } from './expressions.ts';
import { RawQuerySet } from './raw-query-set.ts';

/**
 * The interface to queries on a model. `Model.objects` is a Manager; declare custom ones as
 * static fields (they are bound to the model when it is prepared).
 *
 * @example
 * class PublishedManager extends Manager<Post> {
 *   override getQueryset() { return super.getQueryset().filter({ status: 'published' }); }
 * }
 * class Post extends Model.define<Post>()({ ... }) { static published = new PublishedManager(); }
 */
export class Manager<M> {
  #model: ModelClass | null;
  #querySetClass: new (model: ModelClass) => QuerySet<M>;
  name = 'objects';

  constructor(model?: ModelClass, querySetClass?: new (model: ModelClass) => QuerySet<M>) {
    this.#model = model ?? null;
    this.#querySetClass = querySetClass ?? (QuerySet as unknown as new (model: ModelClass) => QuerySet<M>);
  }

  /** The model this manager queries. */
  get model(): ModelClass {
    if (!this.#model) throw new FieldError(`Manager '${this.name}' is not bound to a model yet: prepare the model first (prepareModels(...) or the app registry)`, 'db.unbound_manager');
    return this.#model;
  }

  /** Bind this manager to its model (done when the model is prepared). */
  contribute(model: ModelClass, name: string): void {
    if (!this.#model) this.#model = model;
    this.name = name;
  }

  /** Return the base QuerySet of this manager (override to customise). */
  getQueryset(): QuerySet<M> {
    return new this.#querySetClass(this.model);
  }

  all(): QuerySet<M> { return this.getQueryset(); }
  filter<const T extends CheckFilter<M, {}, T>>(args?: FilterInput<T>): QuerySet<M> { return this.getQueryset().filter(args); }
  exclude<const T extends CheckFilter<M, {}, T>>(args: FilterInput<T>): QuerySet<M> { return this.getQueryset().exclude(args); }
  none(): QuerySet<M> { return this.getQueryset().none(); }
  orderBy(...keys: (OrderKey<M> | OrderBy | Expression)[]): QuerySet<M> { return this.getQueryset().orderBy(...keys); }
  get<const T extends CheckFilter<M, {}, T>>(args?: FilterInput<T>): Promise<M> { return this.getQueryset().get(args); }
  create(data: CreateInput<FieldsOf<M>>): Promise<M> {
    // A plain manager's queryset adds nothing to create(): skip building it.
    if (this.getQueryset === Manager.prototype.getQueryset && this.#querySetClass === (QuerySet as unknown)) {
      return querySetHooks.create(this.model, data as Record<string, unknown>, null) as unknown as Promise<M>;
    }
    return this.getQueryset().create(data);
  }
  getOrCreate<const T extends CheckFilter<M, {}, T>>(lookup: T, options?: { defaults?: Partial<CreateInput<FieldsOf<M>>> }): Promise<[M, boolean]> { return this.getQueryset().getOrCreate(lookup, options); }
  updateOrCreate<const T extends CheckFilter<M, {}, T>>(lookup: T, options?: { defaults?: Partial<CreateInput<FieldsOf<M>>>; createDefaults?: Partial<CreateInput<FieldsOf<M>>> }): Promise<[M, boolean]> { return this.getQueryset().updateOrCreate(lookup, options); }
  bulkCreate(objs: readonly (M | CreateInput<FieldsOf<M>>)[], options?: { batchSize?: number; ignoreConflicts?: boolean }): Promise<M[]> { return this.getQueryset().bulkCreate(objs, options); }
  bulkUpdate(objs: readonly M[], fields: readonly (keyof FieldsOf<M> & string)[], options?: { batchSize?: number }): Promise<number> { return this.getQueryset().bulkUpdate(objs, fields, options); }
  count(): Promise<number> { return this.getQueryset().count(); }
  exists(): Promise<boolean> { return this.getQueryset().exists(); }
  first(): Promise<M | null> { return this.getQueryset().first(); }
  last(): Promise<M | null> { return this.getQueryset().last(); }
  earliest(...fields: OrderKey<M>[]): Promise<M> { return this.getQueryset().earliest(...fields); }
  latest(...fields: OrderKey<M>[]): Promise<M> { return this.getQueryset().latest(...fields); }
  inBulk(ids?: readonly unknown[], options?: { fieldName?: string }): Promise<Map<unknown, M>> { return this.getQueryset().inBulk(ids, options); }
  values<K extends ValueKeys<M>>(...keys: K[]) { return this.getQueryset().values(...keys); }
  valuesList: QuerySet<M>['valuesList'] = ((...args: never[]) => (this.getQueryset().valuesList as (...a: never[]) => unknown)(...args)) as never;
  annotate<X extends Record<string, Expression>>(exprs: X) { return this.getQueryset().annotate(exprs); }
  alias<X extends Record<string, Expression>>(exprs: X) { return this.getQueryset().alias(exprs); }
  aggregate<X extends Record<string, Expression>>(exprs: X) { return this.getQueryset().aggregate(exprs); }
  selectRelated<const P extends RelationPaths<M>>(...names: P[]) { return this.getQueryset().selectRelated(...names); }
  prefetchRelated(...lookups: unknown[]): QuerySet<M> { return this.getQueryset().prefetchRelated(...lookups); }
  only(...names: ValueKeys<M>[]): QuerySet<M> { return this.getQueryset().only(...names); }
  defer(...names: ValueKeys<M>[]): QuerySet<M> { return this.getQueryset().defer(...names); }
  distinct(...fields: ValueKeys<M>[]): QuerySet<M> { return this.getQueryset().distinct(...fields); }
  using(alias: string): QuerySet<M> { return this.getQueryset().using(alias); }
  selectForUpdate(options?: { nowait?: boolean; skipLocked?: boolean; of?: string[] }): QuerySet<M> { return this.getQueryset().selectForUpdate(options); }
  update(values: Record<string, unknown>): Promise<number> { return this.getQueryset().update(values); }
  delete(): Promise<[number, Record<string, number>]> { return this.getQueryset().delete(); }
  slice(start: number, end?: number): QuerySet<M> { return this.getQueryset().slice(start, end); }
  iterator(chunkSize?: number): AsyncGenerator<M> { return this.getQueryset().iterator(chunkSize); }
  explain(options?: { format?: string } & Record<string, boolean | string | undefined>): Promise<string> { return this.getQueryset().explain(options); }
  union(...others: QuerySet<any, M, any>[]): QuerySet<M> { return this.getQueryset().union(...others); }

  /**
   * Run raw SQL (with `?` placeholders and params) and map the columns to model instances.
   *
   * @example
   * await Person.objects.raw('SELECT * FROM "app_person" WHERE "last_name" = ?', ['Lennon'])
   */
  raw(sql: string, params: unknown[] = [], options: { using?: string } = {}): RawQuerySet<M> {
    return new RawQuerySet<M>(this.model, sql, params, options.using ?? null);
  }
}

function makeFromQuerySet(cls: unknown): unknown {
  const QS = cls as new (model: ModelClass) => QuerySet<unknown>;
  const m = new Manager<unknown>(undefined, QS);
  const proto = (QS as unknown as { prototype: object }).prototype;
  for (let p: object | null = proto; p && p !== QuerySet.prototype; p = Object.getPrototypeOf(p)) {
    for (const name of Object.getOwnPropertyNames(p)) {
      if (name === 'constructor' || name in m) continue;
      Object.defineProperty(m, name, { value: (...args: unknown[]) => (m.getQueryset() as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!(...args) });
    }
  }
  return m;
}
setManagerFromQuerySet(makeFromQuerySet);

modelHooks.makeManager = (model) => new Manager(model);
modelHooks.bindManager = (value, model, name) => {
  if (value instanceof Manager) {
    value.contribute(model, name);
    return true;
  }
  return false;
};
