// The Model base class and `Model.define`: one declaration gives the table, the typed
// instance, the typed manager and the metadata. Metadata is prepared lazily, on first use or
// when the app registry registers the model, and relations are wired then.
import { MultipleObjectsReturned, ObjectDoesNotExist } from '../../core/exceptions.ts';
import { BigAutoField } from './fields/scalar-fields.ts';
import { Field } from './fields/field.ts';
import { ForeignKey, ManyToManyField, type FieldOwnerClass } from './fields/related-fields.ts';
import { Options, type MetaOptions } from './options.ts';
import { findModel, registerModelClass } from './model-registry.ts';
import { FieldError } from './errors.ts';
import type { CreateInput, FIELDS, FieldDecls, FieldMap, InstanceData, ValueOf } from './model-types.ts';
import type { Manager } from './manager.ts';

/** Per-instance ORM state: whether it is saved yet, its database, loaded relations. */
export interface ModelState {
  adding: boolean;
  db: string | null;
  /** Loaded forward relations and reverse one-to-one objects, by name. */
  cache: Record<string, unknown>;
  /** Prefetched related lists, by relation name. */
  prefetched: Record<string, unknown[]>;
}

/** The symbol under which instances keep their `ModelState`. */
export const STATE: unique symbol = Symbol('reinhardt.modelState');
const FIELDS_DECL: unique symbol = Symbol('reinhardt.fieldsDecl');
const META_DECL: unique symbol = Symbol('reinhardt.metaDecl');
const APP_LABEL: unique symbol = Symbol('reinhardt.appLabel');

const metas = new WeakMap<object, Options>();
const managers = new WeakMap<object, unknown>();
const doesNotExist = new WeakMap<object, typeof ObjectDoesNotExist>();
const multipleReturned = new WeakMap<object, typeof MultipleObjectsReturned>();

/** Hooks the manager/related modules install (keeps model.ts free of import cycles). */
export const modelHooks: {
  makeManager: (model: ModelClass) => unknown;
  bindManager: (manager: unknown, model: ModelClass, name: string) => boolean;
  installRelations: (model: ModelClass) => void;
  save: (instance: Model, options: SaveOptions) => Promise<void>;
  delete: (instance: Model, options: { using?: string }) => Promise<[number, Record<string, number>]>;
  refresh: (instance: Model, options: { using?: string; fields?: string[] }) => Promise<void>;
  fullClean: (instance: Model, options: { exclude?: string[]; validateUnique?: boolean }) => Promise<void>;
} = {
  makeManager: () => { throw new Error('manager module not loaded'); },
  bindManager: () => false,
  installRelations: () => {},
  save: () => { throw new Error('persistence module not loaded'); },
  delete: () => { throw new Error('deletion module not loaded'); },
  refresh: () => { throw new Error('persistence module not loaded'); },
  fullClean: () => { throw new Error('validation module not loaded'); },
};

/** Options of `instance.save()`. */
export interface SaveOptions {
  using?: string;
  /** Only write these fields (UPDATE only). */
  updateFields?: readonly string[];
  forceInsert?: boolean;
  forceUpdate?: boolean;
}

/** Any model class (runtime view). */
export type ModelClass = typeof Model;

/** The value of field `X` when it is the primary key, else never (computed once per field type). */
type PkValueOf<X> = X extends { readonly $pk: true } ? ValueOf<X> : never;
type PkValues<F> = { [K in keyof F]: PkValueOf<F[K]> }[keyof F];
/** Add the implicit `id` BigAutoField when no field is the primary key. */
export type WithPk<F> = [PkValues<F>] extends [never] ? { id: BigAutoField<number, false, true> & { readonly $pk: true } } & F : F;
/** The pk value type of a field map. */
export type PkValue<F> = OrNumber<PkValues<F>>;
type OrNumber<P> = [P] extends [never] ? number : P;

/** The instance type produced by `Model.define`. */
export type ModelInstance<F, Base = Model> = Base & InstanceData<F> & { readonly [FIELDS]: F; pk: PkValue<F> };

/**
 * The class returned by `Model.define<Self>()(fields, meta)`: construct with the create input,
 * query through `objects` (typed with `Self`, so methods written on the class appear on results).
 */
export interface DefinedModel<Self, F, Base = Model> {
  new (data?: CreateInput<F>): ModelInstance<F, Base>;
  readonly prototype: ModelInstance<F, Base>;
  readonly meta: Options;
  readonly objects: Manager<Self>;
  readonly DoesNotExist: typeof ObjectDoesNotExist;
  readonly MultipleObjectsReturned: typeof MultipleObjectsReturned;
  readonly fieldsDecl: F;
  /** Declare a model extending this (abstract) one; its fields come first. */
  define<S, B = ModelInstance<F, Base>>(): <const F2 extends FieldDecls>(fields: F2, meta?: MetaOptions) => DefinedModel<S, WithPk<F & F2>, B>;
}

/**
 * The base of every model. Declare models with `Model.define<Self>()(fields, meta)` and write
 * methods on the class body; reverse relations are declared visibly with `declare`.
 *
 * Differs from Django: the class is declared with `Model.define` (erasable TypeScript, full
 * inference); relations load explicitly (`await choice.question`) unless `selectRelated` was
 * used; column names default to snake_case of the field name.
 *
 * @example
 * export class Question extends Model.define<Question>()({
 *   questionText: fields.CharField({ maxLength: 200 }),
 *   pubDate: fields.DateTimeField(),
 * }, { appLabel: 'polls', ordering: ['-pubDate'] }) {
 *   declare choices: RelatedManager<Choice>;
 *   wasPublishedRecently() { return this.pubDate.getTime() > Date.now() - 86_400_000; }
 * }
 */
export class Model {
  declare [STATE]: ModelState;

  constructor(data: Record<string, unknown> = {}) {
    const meta = (this.constructor as ModelClass).meta;
    // A plain assignment, like instances loaded from rows (db-access rowToInstance): the
    // symbol stays out of Object.keys/JSON, and defineProperty cost ~1 us per instance.
    this[STATE] = { adding: true, db: null, cache: {}, prefetched: {} };
    const self = this as unknown as Record<string, unknown>;
    for (const f of meta.concreteFields) {
      if (f instanceof ForeignKey) {
        if (f.name in data) self[f.name] = data[f.name];
        else self[f.attname] = f.attname in data ? data[f.attname] : f.getDefault() ?? null;
        continue;
      }
      const v = f.name in data ? data[f.name] : f.getDefault();
      self[f.attname] = v === undefined ? (f.null || f.isAuto ? null : undefined) : v;
    }
    for (const key of Object.keys(data)) {
      const f = meta.findField(key);
      if (!f && key !== 'pk') {
        throw new FieldError(`${meta.label}() got an unexpected field '${key}'`, 'db.unexpected_field');
      }
      if (f instanceof ManyToManyField) {
        throw new FieldError(`${meta.label}: set many-to-many '${key}' with instance.${key}.set() after saving`, 'db.m2m_assignment');
      }
    }
    if ('pk' in data) self[meta.pk.attname] = data['pk'];
  }

  /** The primary key value. */
  get pk(): unknown {
    return (this as unknown as Record<string, unknown>)[(this.constructor as ModelClass).meta.pk.attname];
  }
  set pk(value: unknown) {
    (this as unknown as Record<string, unknown>)[(this.constructor as ModelClass).meta.pk.attname] = value;
  }

  /** Return true when `other` is the same model and has the same (non-null) primary key. */
  equals(other: unknown): boolean {
    if (!(other instanceof Model)) return false;
    if (this === other) return true;
    const a = (this.constructor as ModelClass).meta, b = (other.constructor as ModelClass).meta;
    return a.label === b.label && this.pk !== null && this.pk !== undefined && String(this.pk) === String(other.pk);
  }

  /** Insert or update this row (sends preSave/postSave). */
  save(options: SaveOptions = {}): Promise<void> {
    return modelHooks.save(this, options);
  }

  /** Delete this row and everything cascading from it; returns counts per model label. */
  delete(options: { using?: string } = {}): Promise<[number, Record<string, number>]> {
    return modelHooks.delete(this, options);
  }

  /** Reload field values from the database. */
  refreshFromDb(options: { using?: string; fields?: string[] } = {}): Promise<void> {
    return modelHooks.refresh(this, options);
  }

  /** Validate every field, then uniqueness; raise `ValidationError` with messages per field. */
  fullClean(options: { exclude?: string[]; validateUnique?: boolean } = {}): Promise<void> {
    return modelHooks.fullClean(this, options);
  }

  /** Hook: model-wide validation run by `fullClean` after the fields (override it). */
  clean(): void | Promise<void> {}

  toString(): string {
    return `${(this.constructor as ModelClass).name} object (${String(this.pk)})`;
  }

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const self = this as unknown as Record<string, unknown>;
    for (const f of (this.constructor as ModelClass).meta.concreteFields) out[f.attname] = self[f.attname];
    return out;
  }

  /**
   * Declare a model class. `Self` is the class being declared (so query results have its
   * methods); `fields` maps names to fields; `meta` holds Django's Meta options.
   */
  static define<Self, Base = Model>(): <const F extends FieldDecls>(fields: F, meta?: MetaOptions) => DefinedModel<Self, WithPk<F>, Base> {
    const Parent = this as unknown as ModelClass;
    return (fields, meta = {}) => {
      const parentDecl = (Parent as unknown as Record<symbol, FieldMap | undefined>)[FIELDS_DECL] ?? {};
      const parentMeta = (Parent as unknown as Record<symbol, MetaOptions | undefined>)[META_DECL] ?? {};
      const Defined = class extends Parent {};
      const inherited: MetaOptions = { ...parentMeta };
      delete inherited.abstract;
      delete inherited.dbTable;
      Object.defineProperty(Defined, FIELDS_DECL, { value: { ...parentDecl, ...fields } });
      Object.defineProperty(Defined, META_DECL, { value: { ...inherited, ...meta } });
      Object.defineProperty(Defined, 'isDefinedBase', { value: true });
      return Defined as never;
    };
  }

  /** Declare an abstract model: no table; subclasses declared with `.define()` inherit its fields. */
  static abstract<const F extends FieldDecls>(fields: F, meta: MetaOptions = {}): DefinedModel<never, F> {
    return this.define<never>()(fields, { ...meta, abstract: true }) as never;
  }

  /** The field declarations (own and inherited). */
  static get fieldsDecl(): FieldMap {
    return (this as unknown as Record<symbol, FieldMap | undefined>)[FIELDS_DECL] ?? {};
  }

  /** The model metadata (prepared on first access). */
  static get meta(): Options {
    return metas.get(this) ?? prepareModel(this);
  }

  /** The default manager. */
  static get objects(): Manager<never> {
    let m = managers.get(this);
    if (!m) {
      m = modelHooks.makeManager(this);
      managers.set(this, m);
    }
    return m as Manager<never>;
  }

  /** This model's DoesNotExist error class. */
  static get DoesNotExist(): typeof ObjectDoesNotExist {
    let c = doesNotExist.get(this);
    if (!c) {
      const label = this.meta.label;
      c = class extends ObjectDoesNotExist {
        constructor(message = `${label} matching query does not exist.`) { super(message, 'db.does_not_exist'); }
      };
      Object.defineProperty(c, 'name', { value: `${this.name}.DoesNotExist` });
      doesNotExist.set(this, c);
    }
    return c;
  }

  /** This model's MultipleObjectsReturned error class. */
  static get MultipleObjectsReturned(): typeof MultipleObjectsReturned {
    let c = multipleReturned.get(this);
    if (!c) {
      const label = this.meta.label;
      c = class extends MultipleObjectsReturned {
        constructor(message = `get() returned more than one ${label}.`) { super(message, 'db.multiple_objects_returned'); }
      };
      multipleReturned.set(this, c);
    }
    return c;
  }

  /** Set the app label of a model (the app registry calls this when it registers models). */
  static setAppLabel(model: ModelClass, label: string): void {
    Object.defineProperty(model, APP_LABEL, { value: label, configurable: true });
  }

  /** Build an instance from database values without running the constructor. */
  static fromDb<T extends Model>(this: abstract new (...a: never[]) => T, db: string, values: Record<string, unknown>): T {
    const inst = Object.create(this.prototype) as T;
    Object.defineProperty(inst, STATE, { value: { adding: false, db, cache: {}, prefetched: {} }, enumerable: false, writable: true });
    Object.assign(inst, values);
    return inst;
  }
}

/** Return true when `value` is a concrete (non-abstract, declared) model class. */
export function isModelClass(value: unknown): value is ModelClass {
  if (typeof value !== 'function' || !(value.prototype instanceof Model)) return false;
  if (Object.hasOwn(value, 'isDefinedBase')) return false;
  const decl = (value as unknown as Record<symbol, MetaOptions | undefined>)[META_DECL];
  return decl !== undefined && decl.abstract !== true;
}

/** Return the app label a model would get (own option or registry), or undefined. */
function appLabelOf(model: ModelClass): string | undefined {
  const own = (model as unknown as Record<symbol, string | undefined>)[APP_LABEL];
  return own ?? ((model as unknown as Record<symbol, MetaOptions | undefined>)[META_DECL]?.appLabel);
}

function cloneField(f: Field): Field {
  const C = f.constructor as new (...a: unknown[]) => Field;
  if (f instanceof ForeignKey || f instanceof ManyToManyField) return new C(f.to, { ...f.options });
  return new C({ ...f.options });
}

/**
 * Prepare a model's metadata now: fields attached, accessors installed, reverse relations
 * registered on targets. Normally automatic; call it for models that must be known before
 * first use (tests without the app registry).
 *
 * @example
 * prepareModels(Question, Choice)
 */
export function prepareModels(...models: { readonly meta: Options }[]): void {
  for (const m of models) void m.meta;
}

function prepareModel(model: ModelClass): Options {
  if (model === Model || Object.hasOwn(model, 'isDefinedBase')) {
    throw new FieldError(`${model.name || 'This class'} is a model base; declare a class that extends it`, 'db.not_a_model');
  }
  const metaDecl = (model as unknown as Record<symbol, MetaOptions | undefined>)[META_DECL] ?? {};
  if (metaDecl.abstract) throw new FieldError(`${model.name} is abstract and cannot be queried or instantiated`, 'db.abstract_model');
  const appLabel = appLabelOf(model);
  if (!appLabel) {
    throw new FieldError(`Model ${model.name} has no app label: set { appLabel: '...' } in its options or list its app in INSTALLED_APPS`, 'db.no_app_label');
  }
  const existing = findModel(`${appLabel}.${model.name}`);
  if (existing && existing !== (model as unknown)) {
    // A redeclared model (tests, hot reload) replaces the old one.
  }
  const meta = new Options(model as never, appLabel, metaDecl);
  metas.set(model, meta);
  const decl = model.fieldsDecl;
  const hasPk = Object.values(decl).some((f) => f.primaryKey);
  if (!hasPk) {
    const id = new BigAutoField() as unknown as Field;
    id.contribute(model as never, 'id');
    meta.addField(id);
  }
  for (const [name, f] of Object.entries(decl)) {
    if (!(f instanceof Field)) throw new FieldError(`${meta.label}.${name} is not a field`, 'db.not_a_field');
    const field = cloneField(f);
    field.contribute(model as never, name);
    meta.addField(field);
  }
  registerModelClass(model as unknown as FieldOwnerClass);
  for (const [name, value] of Object.entries(Object.getOwnPropertyDescriptors(model))) {
    if ('value' in value && value.value !== undefined && modelHooks.bindManager(value.value, model, name) && name === 'objects') managers.set(model, value.value);
  }
  modelHooks.installRelations(model);
  return meta;
}
