// Wiring relations when a model is prepared: forward accessors (`choice.question`), reverse
// accessors (`question.choiceSet` or the relatedName), many-to-many managers, and automatic
// intermediate models. Relations never load silently: accessors return loaders or managers.
import { ForeignKey, ManyToManyField, OneToOneField, CASCADE } from './fields/related-fields.ts';
import { fields as fieldFactories } from './fields/factories.ts';
import { snakeCase } from './fields/field.ts';
import { Model, modelHooks, STATE, type ModelClass } from './model.ts';
import type { ReverseRelation } from './options.ts';
import { FieldError } from './errors.ts';
import { querySetHooks } from './query-set.ts';
import { ManyRelatedManager, RelatedManager } from './related-managers.ts';
import { findModel } from './model-registry.ts';

const pending: { model: ModelClass; field: ForeignKey | ManyToManyField }[] = [];
const lowerFirst = (s: string) => s[0]!.toLowerCase() + s.slice(1);

type Inst = Model & Record<string, unknown>;

/**
 * The explicit loader returned by an unloaded forward relation: `await choice.question`.
 * Loading caches the object on the instance.
 */
export class RelatedLoader<T> implements PromiseLike<T | null> {
  readonly #instance: Inst;
  readonly #field: ForeignKey;
  readonly #site: string | undefined;
  constructor(instance: Inst, field: ForeignKey) {
    this.#instance = instance;
    this.#field = field;
    // Captured here, in the caller's frame: `await` calls then() from a microtask.
    this.#site = querySetHooks.watching() ? querySetHooks.callSite() : undefined;
  }
  /** Load the related object (one query), cache it and return it. */
  async get(): Promise<T | null> {
    const inst = this.#instance;
    const f = this.#field;
    const id = inst[f.attname];
    if (id === null || id === undefined) return null;
    querySetHooks.trackRelationLoad(inst, f.name, this.#site);
    const target = f.target as unknown as ModelClass;
    const st = inst[STATE];
    let qs = target.objects.filter({ pk: id } as never);
    if (st.db) qs = qs.using(st.db);
    const obj = await qs.get();
    st.cache[f.name] = obj;
    return obj as T;
  }
  then<T1 = T | null, T2 = never>(ok?: ((v: T | null) => T1 | PromiseLike<T1>) | null, err?: ((e: unknown) => T2 | PromiseLike<T2>) | null): Promise<T1 | T2> {
    return this.get().then(ok, err);
  }
}

function defineForward(model: ModelClass, f: ForeignKey): void {
  Object.defineProperty(model.prototype, f.name, {
    configurable: true,
    get(this: Inst) {
      const cache = this[STATE].cache;
      if (f.name in cache) return cache[f.name];
      if (this[f.attname] === null || this[f.attname] === undefined) return null;
      return new RelatedLoader(this, f);
    },
    set(this: Inst, value: unknown) {
      if (value === null || value === undefined) {
        this[f.attname] = null;
        this[STATE].cache[f.name] = null;
        return;
      }
      const target = f.target as unknown as ModelClass;
      if (!(value instanceof target)) {
        throw new FieldError(`Cannot assign ${String(value)}: ${model.meta.label}.${f.name} must be a ${target.meta.label} instance (or set ${f.attname})`, 'db.wrong_related_type');
      }
      this[f.attname] = (value as Model).pk;
      this[STATE].cache[f.name] = value;
    },
  });
}

function reverseName(model: ModelClass, f: ForeignKey | ManyToManyField): string {
  const explicit = f.relatedName;
  const fmt = (s: string) => s.replace('%(class)s', model.name.toLowerCase()).replace('%(app_label)s', model.meta.appLabel);
  if (explicit) return fmt(explicit);
  const def = model.meta.options.defaultRelatedName;
  if (def) return fmt(def);
  return f instanceof OneToOneField ? lowerFirst(model.name) : `${lowerFirst(model.name)}Set`;
}

function defineReverse(target: ModelClass, rel: ReverseRelation): void {
  if (rel.name.endsWith('+')) return;
  if (!rel.multiple) {
    const fk = rel.field as ForeignKey;
    Object.defineProperty(target.prototype, rel.name, {
      configurable: true,
      get(this: Inst) {
        const cache = this[STATE].cache;
        if (rel.name in cache) return cache[rel.name];
        const self = this;
        const site = querySetHooks.watching() ? querySetHooks.callSite() : undefined;
        return {
          then(ok: (v: unknown) => unknown, err: (e: unknown) => unknown) {
            querySetHooks.trackRelationLoad(self, rel.name, site);
            const related = rel.relatedModel as unknown as ModelClass;
            return related.objects.filter({ [fk.attname]: self.pk } as never).first().then((v) => { cache[rel.name] = v; return v; }).then(ok, err);
          },
        };
      },
    });
    return;
  }
  Object.defineProperty(target.prototype, rel.name, {
    configurable: true,
    get(this: Inst) {
      if (rel.field instanceof ManyToManyField) return new ManyRelatedManager(this, rel.field, true, rel.name);
      return new RelatedManager(this, rel);
    },
  });
}

function makeThrough(model: ModelClass, f: ManyToManyField): ModelClass {
  const target = f.target as unknown as ModelClass;
  const self = target === model;
  const src = self ? `from${model.name}` : lowerFirst(model.name);
  const tgt = self ? `to${target.name}` : lowerFirst(target.name);
  const name = `${model.name}_${f.name}`;
  const base = Model.define<never>()({
    [lowerFirst(src)]: fieldFactories.ForeignKey(model, { onDelete: CASCADE, relatedName: `${name}_src+` }),
    [lowerFirst(tgt)]: fieldFactories.ForeignKey(target, { onDelete: CASCADE, relatedName: `${name}_tgt+` }),
  }, {
    appLabel: model.meta.appLabel,
    dbTable: (f.options as { dbTable?: string }).dbTable ?? `${model.meta.dbTable}_${snakeCase(f.name)}`,
    uniqueTogether: [[lowerFirst(src), lowerFirst(tgt)]],
  });
  const Through = { [name]: class extends (base as unknown as ModelClass) {} }[name]! as unknown as ModelClass;
  Through.meta.autoCreated = true;
  f.throughFields = [lowerFirst(src), lowerFirst(tgt)];
  return Through;
}

function setupM2M(model: ModelClass, f: ManyToManyField): void {
  const target = f.target as unknown as ModelClass;
  const through = f.options['through'];
  if (through === undefined) {
    f.through = makeThrough(model, f) as never;
  } else {
    const T = (typeof through === 'string' ? findModel(through.includes('.') ? through : `${model.meta.appLabel}.${through}`) : typeof through === 'function' && !(through as { meta?: unknown }).meta ? (through as () => unknown)() : through) as ModelClass | undefined;
    if (!T) throw new FieldError(`${model.meta.label}.${f.name}: through model '${String(through)}' is not registered`, 'db.unknown_model');
    f.through = T as never;
    const names = (f.options as { throughFields?: [string, string] }).throughFields;
    if (names) f.throughFields = [names[0], names[1]];
    else {
      const fks = T.meta.concreteFields.filter((x): x is ForeignKey => x instanceof ForeignKey);
      const s = fks.find((x) => (x.target as unknown) === model);
      const t = fks.find((x) => (x.target as unknown) === target && x !== s);
      if (!s || !t) throw new FieldError(`${model.meta.label}.${f.name}: through model ${T.meta.label} needs foreign keys to ${model.meta.label} and ${target.meta.label}`);
      f.throughFields = [s.name, t.name];
    }
  }
  Object.defineProperty(model.prototype, f.name, {
    configurable: true,
    get(this: Inst) { return new ManyRelatedManager(this, f, false, f.name); },
  });
  const rname = reverseName(model, f);
  if (!rname.endsWith('+')) {
    const rel: ReverseRelation = { kind: 'reverse', name: rname, field: f, relatedModel: model as never, multiple: true };
    target.meta.addReverse(rel);
    defineReverse(target, rel);
  }
}

function tryWire(model: ModelClass, f: ForeignKey | ManyToManyField): boolean {
  try {
    void f.target;
  } catch {
    return false;
  }
  if (f instanceof ManyToManyField) {
    setupM2M(model, f);
    return true;
  }
  const target = f.target as unknown as ModelClass;
  const name = reverseName(model, f);
  const rel: ReverseRelation = { kind: 'reverse', name: name.endsWith('+') ? `${model.meta.label}.${f.name}+` : name, field: f, relatedModel: model as never, multiple: !(f instanceof OneToOneField) };
  target.meta.addReverse(rel);
  defineReverse(target, rel);
  return true;
}

modelHooks.installRelations = (model) => {
  const meta = model.meta;
  for (const f of meta.fields) {
    if (f instanceof ForeignKey) defineForward(model, f);
    if (f instanceof ForeignKey || f instanceof ManyToManyField) {
      if (!tryWire(model, f)) pending.push({ model, field: f });
    }
  }
  for (let i = pending.length - 1; i >= 0; i--) {
    const p = pending[i]!;
    if (p.model !== model && tryWire(p.model, p.field)) pending.splice(i, 1);
  }
};

/** Relations still waiting for their target model to be registered (for checks/messages). */
export function pendingRelations(): string[] {
  return pending.map((p) => `${p.model.meta.label}.${p.field.name}`);
}
