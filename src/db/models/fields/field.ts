// The base of every model field: options shared by all fields (Django's null, blank, default,
// unique, choices, ...), the phantom types that drive inference of instance values and
// lookups, and the self-description used by migrations (`deconstruct`) and the schema editor
// (`columnSpec`).
import { ValidationError } from '../../../core/exceptions.ts';

/** The lookup family of a field; selects which lookups its filter keys accept. */
export type LookupKind = 'text' | 'number' | 'bool' | 'date' | 'datetime' | 'time' | 'json' | 'binary' | 'uuid' | 'other' | 'relation' | 'm2m';

/** A value validator: throw a `ValidationError` to reject. */
export type Validator<T> = (value: T) => void;

/** Options every field accepts. */
export interface FieldOptions<T = unknown> {
  /** Store SQL NULL for a missing value; the instance type includes `null`. */
  null?: boolean;
  /** Allow an empty value in validation (forms, fullClean). */
  blank?: boolean;
  /** Default value, or a function returning one (called per instance). */
  default?: T | (() => T);
  unique?: boolean;
  dbIndex?: boolean;
  /** `[value, label]` pairs; the value type narrows to the listed values. */
  choices?: readonly (readonly [T, string])[];
  validators?: Validator<T>[];
  verboseName?: string;
  helpText?: string;
  editable?: boolean;
  primaryKey?: boolean;
  /** Column name; defaults to the field name in snake_case. */
  dbColumn?: string;
  /** A database-side default: a JS literal value (bound) stored in the column definition. */
  dbDefault?: T;
  /** Column comment, passed to the schema editor. */
  dbComment?: string;
}

/** The plain description of a field that rebuilds it (see `fieldFromDeconstructed`). */
export interface DeconstructedField {
  type: string;
  options: Record<string, unknown>;
}

/** The column description consumed by the schema editor. */
export interface ColumnSpec {
  name: string;
  internalType: string;
  null: boolean;
  primaryKey?: boolean;
  unique?: boolean;
  dbIndex?: boolean;
  maxLength?: number;
  maxDigits?: number;
  decimalPlaces?: number;
  dbDefault?: { sql: string; params: unknown[] } | undefined;
  references?: { table: string; column: string; constraint?: boolean; deferrable?: boolean };
  check?: string;
  collation?: string;
  comment?: string;
}

/** Structural view of the model a field is attached to (avoids an import cycle). */
export interface FieldOwner {
  readonly meta: { readonly label: string; readonly dbTable: string };
}

/** Return `name` in snake_case (`pubDate` -> `pub_date`). */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();
}

/**
 * The base of every field. `T` is the JS value type, `N` whether `null` is allowed, `O` whether
 * the value may be omitted on create (default, auto value or null), `K` the lookup family.
 *
 * @example
 * const f = fields.CharField({ maxLength: 200 });
 * f.deconstruct()  // { type: 'CharField', options: { maxLength: 200 } }
 */
export abstract class Field<T = unknown, N extends boolean = boolean, O extends boolean = boolean, K extends LookupKind = LookupKind> {
  declare readonly $value: T;
  declare readonly $null: N;
  declare readonly $optional: O;
  declare readonly $kind: K;

  /** The field class name used by migrations and the schema editor. */
  abstract readonly internalType: string;
  readonly options: FieldOptions<T> & Record<string, unknown>;
  /** Set when the field is attached to a model. */
  name = '';
  column = '';
  /** The attribute holding the raw value on instances (`question` -> `questionId` for FKs). */
  attname = '';
  model: FieldOwner | null = null;
  /** True for fields stored in a column of the model's table. */
  readonly concrete: boolean = true;
  readonly isRelation: boolean = false;

  constructor(options: FieldOptions<T> | object = {}) {
    this.options = { ...options } as FieldOptions<T> & Record<string, unknown>;
  }

  get null(): boolean { return this.options.null === true; }
  get blank(): boolean { return this.options.blank === true; }
  get unique(): boolean { return this.options.unique === true || this.primaryKey; }
  get primaryKey(): boolean { return this.options.primaryKey === true; }
  get editable(): boolean { return this.options.editable !== false; }
  get verboseName(): string { return this.options.verboseName ?? snakeCase(this.name).replace(/_/g, ' '); }
  get choices(): readonly (readonly [T, string])[] | undefined { return this.options.choices; }
  /** True when the database generates the value (auto fields). */
  get isAuto(): boolean { return false; }
  /** The internal type the backend converts values with (FKs use their target's). */
  get valueType(): string { return this.internalType; }

  /** Attach the field to a model under `name`. */
  contribute(model: FieldOwner, name: string): void {
    this.model = model;
    this.name = name;
    this.attname = name;
    this.column = this.options.dbColumn ?? snakeCase(name);
  }

  hasDefault(): boolean {
    return this.options.default !== undefined;
  }

  /** Return the default value for a new instance. */
  getDefault(): unknown {
    const d = this.options.default;
    if (typeof d === 'function') return (d as () => unknown)();
    if (d !== undefined) return d;
    return this.null ? null : undefined;
  }

  /** Convert a loosely typed input (form data, JSON) to the field's JS value; throw on garbage. */
  toJs(value: unknown): unknown {
    return value;
  }

  /** Validate a value: null/blank, choices, validators. Throws `ValidationError`. */
  validate(value: unknown): void {
    if (value === null || value === undefined) {
      if (!this.null) throw new ValidationError('This field cannot be null.', { code: 'null' });
      return;
    }
    if (value === '' && !this.blank) throw new ValidationError('This field cannot be blank.', { code: 'blank' });
    const choices = this.choices;
    if (choices && value !== '' && !choices.some(([v]) => v === value)) {
      throw new ValidationError(`Value ${JSON.stringify(value)} is not a valid choice.`, { code: 'invalid_choice' });
    }
    for (const v of this.options.validators ?? []) v(value as T);
  }

  /** Return the constructor options that differ from the defaults (plain values only). */
  protected extraOptions(): Record<string, unknown> {
    return {};
  }

  /** Describe this field as plain data that rebuilds it (for migrations). */
  deconstruct(): DeconstructedField {
    const options: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.options)) {
      if (v === undefined) continue;
      if (k === 'validators' || k === 'verboseName' || k === 'helpText') continue;
      options[k] = v;
    }
    Object.assign(options, this.extraOptions());
    return { type: this.internalType, options };
  }

  /** Describe the column for the schema editor. */
  columnSpec(): ColumnSpec {
    const spec: ColumnSpec = { name: this.column, internalType: this.internalType, null: this.null };
    if (this.primaryKey) spec.primaryKey = true;
    if (this.options.unique && !this.primaryKey) spec.unique = true;
    if (this.options.dbIndex) spec.dbIndex = true;
    if (this.options.dbDefault !== undefined) spec.dbDefault = { sql: '?', params: [this.options.dbDefault] };
    if (this.options.dbComment) spec.comment = this.options.dbComment;
    return spec;
  }
}

/** The option keys that mark a field as optional on create. */
export type OptionalOf<Opts> = Opts extends { null: true } | { default: unknown } | { dbDefault: unknown } | { primaryKey: true } ? true : false;
/** Whether the options allow null. */
export type NullOf<Opts> = Opts extends { null: true } ? true : false;
/** The value type narrowed to the literal choice values when choices are given. */
export type ChoiceOf<Opts, T> = Opts extends { choices: readonly (readonly [infer V, string])[] } ? (V extends T ? V : T) : T;
