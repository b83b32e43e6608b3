// Relation fields: ForeignKey, OneToOneField and ManyToManyField, their on-delete behaviours,
// and typed lazy references to models declared later (`ref<Author>('Author')`, `'self'`).
import { Field, type ColumnSpec, type FieldOptions, type FieldOwner } from './field.ts';

/** What happens to rows pointing at a deleted row. */
export type OnDelete =
  | 'CASCADE' | 'PROTECT' | 'RESTRICT' | 'SET_NULL' | 'SET_DEFAULT' | 'DO_NOTHING'
  | { kind: 'SET'; value: unknown | (() => unknown) };

/** Delete the referencing rows too. */
export const CASCADE = 'CASCADE';
/** Refuse the delete with `ProtectedError` while referencing rows exist. */
export const PROTECT = 'PROTECT';
/** Refuse unless the referencing rows are deleted by a cascade in the same operation. */
export const RESTRICT = 'RESTRICT';
/** Set the foreign key to NULL (the field needs `null: true`). */
export const SET_NULL = 'SET_NULL';
/** Set the foreign key to its default. */
export const SET_DEFAULT = 'SET_DEFAULT';
/** Leave referencing rows alone (the database constraint decides). */
export const DO_NOTHING = 'DO_NOTHING';
/** Set the foreign key to `value` (or the result of calling it). */
export function SET(value: unknown): OnDelete {
  return { kind: 'SET', value };
}

/** A typed lazy reference to a model by label, name or `'self'`. */
export interface LazyRef<M> {
  readonly lazyRef: string;
  readonly $model?: M;
}

/**
 * Reference a model declared later (or this model) with its instance type.
 *
 * @example
 * parent: fields.ForeignKey(ref<Category>('self'), { onDelete: CASCADE, null: true })
 */
export function ref<M>(label: string): LazyRef<M> {
  return { lazyRef: label };
}

/** Any model class (structural, so fields need not import the Model module). */
export type AnyModelClass = abstract new (...args: never[]) => object;
/** How a relation names its target: a class, a thunk returning one, or a typed lazy ref. */
export type ModelRef<M> = LazyRef<M> | (abstract new (...args: never[]) => M) | (() => abstract new (...args: never[]) => M);

/** Resolves model references; installed by the model registry. */
export const relationResolver: { resolve: (ref: ModelRef<unknown>, from: FieldOwner) => FieldOwnerClass } = {
  resolve: () => { throw new Error('model registry not loaded'); },
};

/** Structural view of a model class used by relation fields. */
export interface FieldOwnerClass extends FieldOwner {
  readonly meta: FieldOwner['meta'] & { readonly pk: Field; readonly label: string };
}

/** Options of ForeignKey and OneToOneField. */
export interface ForeignKeyOptions extends FieldOptions<unknown> {
  onDelete: OnDelete;
  /** Name of the reverse accessor on the target (`question.choices`); `'+'` for none. */
  relatedName?: string;
  relatedQueryName?: string;
  /** Create the database constraint (default true). */
  dbConstraint?: boolean;
  /** Filter applied to choices in forms/admin (stored, not used by queries). */
  limitChoicesTo?: Record<string, unknown>;
}

/** Options of ManyToManyField. */
export interface ManyToManyOptions {
  relatedName?: string;
  /** An explicit intermediate model with FKs to both sides. */
  through?: ModelRef<unknown> | string;
  /** The names of the FKs on `through` pointing at this model and the target. */
  throughFields?: readonly [string, string];
  dbTable?: string;
  blank?: boolean;
  verboseName?: string;
  helpText?: string;
}

const REL_DB_TYPE: Record<string, string> = { AutoField: 'IntegerField', BigAutoField: 'BigIntegerField', SmallAutoField: 'SmallIntegerField' };

/**
 * A many-to-one relation stored as a column holding the target's primary key. The instance
 * gets `<name>Id` (raw value) and `<name>` (an explicit loader, or the object after
 * `selectRelated`).
 *
 * @example
 * question: fields.ForeignKey(Question, { onDelete: CASCADE, relatedName: 'choices' })
 */
export class ForeignKey<M = unknown, N extends boolean = boolean, O extends boolean = boolean> extends Field<M, N, O, 'relation'> {
  readonly internalType: string = 'ForeignKey';
  override readonly isRelation = true;
  readonly to: ModelRef<M>;
  #target: FieldOwnerClass | null = null;

  constructor(to: ModelRef<M>, options: ForeignKeyOptions) {
    super(options as FieldOptions<M>);
    this.to = to;
  }

  get onDelete(): OnDelete { return this.options['onDelete'] as OnDelete; }
  get relatedName(): string | undefined { return this.options['relatedName'] as string | undefined; }

  /** The target model class (resolved lazily). */
  get target(): FieldOwnerClass {
    if (!this.#target) this.#target = relationResolver.resolve(this.to as ModelRef<unknown>, this.model!);
    return this.#target;
  }

  /** The target field the column points at (its primary key). */
  get targetField(): Field { return this.target.meta.pk; }

  override get valueType(): string { return this.targetField.valueType; }

  override contribute(model: FieldOwner, name: string): void {
    super.contribute(model, name);
    this.attname = `${name}Id`;
    this.column = (this.options.dbColumn as string | undefined) ?? `${this.column}_id`;
  }

  /** The target as a label for migrations (`'polls.Question'`). */
  targetLabel(): string {
    const r = this.to as { lazyRef?: string };
    if (typeof r === 'object' && r.lazyRef && r.lazyRef !== 'self' && r.lazyRef.includes('.')) return r.lazyRef;
    if (typeof r === 'object' && r.lazyRef === 'self') return this.model!.meta.label;
    return this.target.meta.label;
  }

  override deconstruct() {
    const d = super.deconstruct();
    const onDelete = this.onDelete;
    d.options = { to: this.targetLabel(), ...d.options, onDelete: typeof onDelete === 'object' ? { kind: 'SET', value: onDelete.value } : onDelete };
    return d;
  }

  override columnSpec(): ColumnSpec {
    const t = this.targetField;
    const spec = super.columnSpec();
    spec.internalType = REL_DB_TYPE[t.internalType] ?? t.internalType;
    const tSpec = t.columnSpec();
    if (tSpec.maxLength !== undefined) spec.maxLength = tSpec.maxLength;
    if (!this.options.unique) spec.dbIndex = true;
    spec.references = { table: this.target.meta.dbTable, column: t.column, constraint: this.options['dbConstraint'] !== false };
    return spec;
  }
}

/** A one-to-one relation: a unique ForeignKey whose reverse side is a single object. */
export class OneToOneField<M = unknown, N extends boolean = boolean, O extends boolean = boolean> extends ForeignKey<M, N, O> {
  override readonly internalType = 'OneToOneField';
  constructor(to: ModelRef<M>, options: ForeignKeyOptions) {
    super(to, { unique: true, ...options });
  }
}

/**
 * A many-to-many relation through an automatic (or explicit `through`) intermediate table.
 * Instances get a related manager (`pizza.toppings.add(t)`).
 *
 * @example
 * toppings: fields.ManyToManyField(Topping, { relatedName: 'pizzas' })
 */
export class ManyToManyField<M = unknown> extends Field<M[], false, true, 'm2m'> {
  readonly internalType = 'ManyToManyField';
  override readonly concrete = false;
  override readonly isRelation = true;
  readonly to: ModelRef<M>;
  #target: FieldOwnerClass | null = null;
  /** The intermediate model; set when the owning model is prepared. */
  through: FieldOwnerClass | null = null;
  /** Names of the FKs on `through` pointing at the source and the target. */
  throughFields: [string, string] = ['', ''];

  constructor(to: ModelRef<M>, options: ManyToManyOptions = {}) {
    super(options as FieldOptions<M[]>);
    this.to = to;
  }

  get relatedName(): string | undefined { return this.options['relatedName'] as string | undefined; }
  get target(): FieldOwnerClass {
    if (!this.#target) this.#target = relationResolver.resolve(this.to as ModelRef<unknown>, this.model!);
    return this.#target;
  }

  override deconstruct() {
    const d = super.deconstruct();
    const through = this.options['through'];
    const throughLabel = through === undefined ? undefined : typeof through === 'string' ? through : this.through?.meta.label;
    const r = this.to as { lazyRef?: string };
    const label = typeof r === 'object' && r.lazyRef === 'self' ? this.model!.meta.label : this.target.meta.label;
    d.options = { to: label, ...d.options };
    if (throughLabel) d.options['through'] = throughLabel; else delete d.options['through'];
    return d;
  }

  override columnSpec(): ColumnSpec {
    throw new Error(`${this.model?.meta.label}.${this.name} is a ManyToManyField and has no column`);
  }
}
