// Model metadata (Django's `_meta`): names, table, fields by name and attribute, the primary
// key, ordering, indexes, constraints and reverse relations. Built once per model class when
// it is first used (or registered) and frozen afterwards.
import { Field, snakeCase, type ColumnSpec } from './fields/field.ts';
import { ForeignKey, ManyToManyField, OneToOneField } from './fields/related-fields.ts';
import { FieldDoesNotExist, suggestion } from './errors.ts';
import type { Constraint, Index } from './indexes.ts';

/** Options accepted as the second argument of `Model.define`. */
export interface MetaOptions {
  /** The app this model belongs to; required unless the app registry registers the model. */
  appLabel?: string;
  dbTable?: string;
  /** Default ordering: field names, `-field` for descending. */
  ordering?: readonly string[];
  indexes?: readonly Index[];
  constraints?: readonly Constraint[];
  uniqueTogether?: readonly (readonly string[])[];
  verboseName?: string;
  verboseNamePlural?: string;
  getLatestBy?: string | readonly string[];
  /** Reverse accessor name used by relations that set no relatedName (`%(class)s` allowed). */
  defaultRelatedName?: string;
  /** An abstract model has no table; its fields are copied into subclasses. */
  abstract?: boolean;
  /** Whether migrations manage the table (default true). */
  managed?: boolean;
  dbTableComment?: string;
}

/** A relation seen from its target: reverse FK, reverse one-to-one or reverse many-to-many. */
export interface ReverseRelation {
  readonly kind: 'reverse';
  /** Accessor / query name on the target (`choices`). */
  readonly name: string;
  /** The field on `relatedModel` that points here. */
  readonly field: ForeignKey | ManyToManyField;
  /** The model holding `field`. */
  readonly relatedModel: ModelClassLike;
  /** True unless the field is a OneToOneField. */
  readonly multiple: boolean;
}

/** Structural model class as seen by Options (avoids importing model.ts). */
export interface ModelClassLike {
  readonly name: string;
  readonly meta: Options;
  prototype: object;
}

/** The table description for the schema editor. */
export interface TableSpec {
  name: string;
  columns: ColumnSpec[];
  indexes?: { name: string; columns: string[]; unique?: boolean; condition?: { sql: string; params: unknown[] }; orders?: ('ASC' | 'DESC')[] }[];
  constraints?: { kind: 'unique' | 'check'; name: string; columns?: string[]; condition?: { sql: string; params: unknown[] }; check?: { sql: string; params: unknown[] } }[];
  uniqueTogether?: string[][];
  comment?: string;
}

/** Compiles Q conditions of indexes/constraints to unqualified SQL (installed by the query layer). */
export const conditionCompiler: { compile: (model: ModelClassLike, q: unknown, conn: unknown) => { sql: string; params: unknown[] } } = {
  compile: () => { throw new Error('query layer not loaded'); },
};

/**
 * The metadata of one model class.
 *
 * @example
 * Question.meta.dbTable           // 'polls_question'
 * Question.meta.getField('pubDate').column  // 'pub_date'
 */
export class Options {
  readonly model: ModelClassLike;
  readonly appLabel: string;
  readonly objectName: string;
  readonly modelName: string;
  readonly label: string;
  readonly labelLower: string;
  readonly dbTable: string;
  readonly options: Readonly<MetaOptions>;
  /** Every field in declaration order (concrete and many-to-many). */
  readonly fields: Field[] = [];
  readonly concreteFields: Field[] = [];
  readonly manyToMany: ManyToManyField[] = [];
  readonly relatedObjects: ReverseRelation[] = [];
  readonly ordering: readonly string[];
  readonly verboseName: string;
  readonly verboseNamePlural: string;
  pk!: Field;
  readonly #byName = new Map<string, Field>();
  readonly #byAttname = new Map<string, Field>();
  readonly #reverse = new Map<string, ReverseRelation>();
  /** Set for auto-created M2M intermediate models. */
  autoCreated = false;

  constructor(model: ModelClassLike, appLabel: string, options: MetaOptions) {
    this.model = model;
    this.options = options;
    this.appLabel = appLabel;
    this.objectName = model.name;
    this.modelName = model.name.toLowerCase();
    this.label = `${appLabel}.${model.name}`;
    this.labelLower = this.label.toLowerCase();
    this.dbTable = options.dbTable ?? `${appLabel}_${this.modelName}`;
    this.ordering = options.ordering ?? [];
    this.verboseName = options.verboseName ?? snakeCase(model.name).replace(/_/g, ' ');
    this.verboseNamePlural = options.verboseNamePlural ?? `${this.verboseName}s`;
  }

  /** Attach a field (called while the model is prepared). */
  addField(field: Field): void {
    this.fields.push(field);
    this.#byName.set(field.name, field);
    if (field instanceof ManyToManyField) this.manyToMany.push(field);
    else {
      this.concreteFields.push(field);
      this.#byAttname.set(field.attname, field);
    }
    if (field.primaryKey) this.pk = field;
  }

  /** Register a reverse relation pointing at this model. */
  addReverse(rel: ReverseRelation): void {
    if (this.#byName.has(rel.name)) {
      throw new FieldDoesNotExist(`Reverse accessor '${rel.name}' for ${rel.relatedModel.meta.label}.${rel.field.name} clashes with field ${this.label}.${rel.name}; set relatedName`);
    }
    this.#reverse.set(rel.name, rel);
    this.relatedObjects.push(rel);
  }

  /** Every name usable in queries: fields, `<fk>Id` attributes and reverse relations. */
  queryNames(): string[] {
    return [...this.#byName.keys(), ...this.#reverse.keys()];
  }

  /** Return the field called `name` (or whose attribute is `name`), or undefined. */
  findField(name: string): Field | undefined {
    return this.#byName.get(name) ?? this.#byAttname.get(name);
  }

  /** Return the reverse relation called `name`, or undefined. */
  findReverse(name: string): ReverseRelation | undefined {
    return this.#reverse.get(name);
  }

  /** Return the field `name`; raise `FieldDoesNotExist` naming the model and the closest name. */
  getField(name: string): Field {
    const f = this.findField(name);
    if (f) return f;
    throw new FieldDoesNotExist(`${this.label} has no field '${name}'${suggestion(name, this.#byName.keys())}`);
  }

  /** The fields forms and admin edit by default. */
  get editableFields(): Field[] {
    return this.fields.filter((f) => f.editable && !f.isAuto);
  }

  /** Describe the table for the schema editor. Conditions need a connection to compile. */
  tableSpec(conn?: unknown): TableSpec {
    const spec: TableSpec = { name: this.dbTable, columns: this.concreteFields.map((f) => f.columnSpec()) };
    const col = (n: string) => this.getField(n.replace(/^-/, '')).column;
    const idx: NonNullable<TableSpec['indexes']> = [];
    for (const i of this.options.indexes ?? []) {
      const entry: NonNullable<TableSpec['indexes']>[number] = { name: i.name, columns: i.fields.map(col), orders: i.fields.map((f) => (f.startsWith('-') ? 'DESC' : 'ASC')) };
      if (i.condition) entry.condition = conditionCompiler.compile(this.model, i.condition, conn);
      idx.push(entry);
    }
    const cons: NonNullable<TableSpec['constraints']> = [];
    for (const c of this.options.constraints ?? []) {
      if ('fields' in c) {
        const condition = c.condition;
        if (condition) idx.push({ name: c.name, columns: c.fields.map(col), unique: true, condition: conditionCompiler.compile(this.model, condition, conn) });
        else cons.push({ kind: 'unique', name: c.name, columns: c.fields.map(col) });
      } else {
        cons.push({ kind: 'check', name: c.name, check: conditionCompiler.compile(this.model, c.check, conn) });
      }
    }
    if (idx.length) spec.indexes = idx;
    if (cons.length) spec.constraints = cons;
    if (this.options.uniqueTogether?.length) spec.uniqueTogether = this.options.uniqueTogether.map((g) => g.map(col));
    if (this.options.dbTableComment) spec.comment = this.options.dbTableComment;
    return spec;
  }

  /** Describe the model options as plain data (for migrations). */
  deconstruct(): Record<string, unknown> {
    const o = this.options;
    const out: Record<string, unknown> = {};
    if (o.dbTable) out['dbTable'] = o.dbTable;
    if (o.ordering) out['ordering'] = [...o.ordering];
    if (o.indexes?.length) out['indexes'] = o.indexes.map((i) => i.deconstruct());
    if (o.constraints?.length) out['constraints'] = o.constraints.map((c) => c.deconstruct());
    if (o.uniqueTogether?.length) out['uniqueTogether'] = o.uniqueTogether.map((g) => [...g]);
    if (o.verboseName) out['verboseName'] = o.verboseName;
    if (o.verboseNamePlural) out['verboseNamePlural'] = o.verboseNamePlural;
    if (o.getLatestBy) out['getLatestBy'] = o.getLatestBy;
    if (o.defaultRelatedName) out['defaultRelatedName'] = o.defaultRelatedName;
    if (o.managed === false) out['managed'] = false;
    if (o.dbTableComment) out['dbTableComment'] = o.dbTableComment;
    return out;
  }

  /** True when `f` is a one-to-one field (its reverse side is single-valued). */
  static isOneToOne(f: Field): boolean {
    return f instanceof OneToOneField;
  }
}
