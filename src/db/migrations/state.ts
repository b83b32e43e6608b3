// Model state and project state: what the models looked like at one point of the migration
// history, built by replaying operations over plain descriptions (never by reading the live
// database). Operations mutate a cloned ProjectState; the executor and autodetector read it.

import { deepClone, snakeCase, type FieldDescription, type ModelOptions } from './descriptions.ts';
import { MigrationError } from './errors.ts';

/**
 * Hold one model's historical shape: app label, name, ordered fields and options.
 *
 * @example
 * const m = new ModelState('polls', 'Question', { id: { type: 'BigAutoField', primaryKey: true } });
 * m.dbTable; // 'polls_question'
 */
export class ModelState {
  readonly appLabel: string;
  name: string;
  fields: Map<string, FieldDescription>;
  options: ModelOptions;
  /** Other models this one inherits from (`'app.Model'`), kept for dependencies only. */
  bases: string[];

  constructor(
    appLabel: string,
    name: string,
    fields: Record<string, FieldDescription> | Map<string, FieldDescription>,
    options: ModelOptions = {},
    bases: string[] = [],
  ) {
    this.appLabel = appLabel;
    this.name = name;
    this.fields = new Map(fields instanceof Map ? fields : Object.entries(fields));
    this.options = options;
    this.bases = bases;
  }

  /** The lower-cased model name, used in state keys. */
  get nameLower(): string {
    return this.name.toLowerCase();
  }

  /** The `app.modelname` key of this model in a ProjectState. */
  get key(): string {
    return `${this.appLabel}.${this.nameLower}`;
  }

  /** The database table: `options.dbTable`, else `<app_label>_<modelname>`. */
  get dbTable(): string {
    return this.options.dbTable ?? defaultTableName(this.appLabel, this.name);
  }

  /** Whether migrations create and alter this model's table. */
  get managed(): boolean {
    return this.options.managed !== false;
  }

  /** Return a field description or throw an error naming the model and the field. */
  getField(name: string): FieldDescription {
    const field = this.fields.get(name);
    if (!field) {
      const known = [...this.fields.keys()].join(', ');
      throw new MigrationError(
        `${this.appLabel}.${this.name} has no field '${name}' in the migration state (fields: ${known})`,
        'migrations.unknown_field',
      );
    }
    return field;
  }

  /** Return the name of the primary key field (the first field with `primaryKey: true`). */
  get pkName(): string {
    for (const [name, f] of this.fields) if (f.primaryKey) return name;
    throw new MigrationError(
      `${this.appLabel}.${this.name} has no primary key field in the migration state`,
      'migrations.no_primary_key',
    );
  }

  /** Copy this model state deeply. */
  clone(): ModelState {
    const fields = new Map<string, FieldDescription>();
    for (const [k, v] of this.fields) fields.set(k, deepClone(v));
    return new ModelState(this.appLabel, this.name, fields, deepClone(this.options), [...this.bases]);
  }
}

/**
 * Return Django's default table name for a model: `<app_label>_<modelname>`.
 *
 * @example
 * defaultTableName('polls', 'Question'); // 'polls_question'
 */
export function defaultTableName(appLabel: string, modelName: string): string {
  return `${appLabel}_${modelName.toLowerCase()}`;
}

/**
 * Return the default column of a field: its `dbColumn`, else the snake_case name, plus `_id`
 * for foreign keys.
 *
 * @example
 * defaultColumnName('pubDate', { type: 'DateTimeField' }); // 'pub_date'
 * defaultColumnName('question', { type: 'ForeignKey', to: 'polls.Question' }); // 'question_id'
 */
export function defaultColumnName(name: string, field: FieldDescription): string {
  if (typeof field.dbColumn === 'string') return field.dbColumn;
  const base = snakeCase(name);
  return field.type === 'ForeignKey' || field.type === 'OneToOneField' ? `${base}_id` : base;
}

/**
 * Hold every model of the project at one point of the migration history.
 *
 * @example
 * const state = new ProjectState();
 * state.addModel(new ModelState('polls', 'Question', { id: { type: 'BigAutoField', primaryKey: true } }));
 * state.getModel('polls', 'question').name; // 'Question'
 */
export class ProjectState {
  models: Map<string, ModelState>;
  /** App labels that the state is built for (used to tell "unknown app" apart). */
  realApps: Set<string>;

  constructor(models: Iterable<ModelState> = [], realApps: Iterable<string> = []) {
    this.models = new Map();
    for (const m of models) this.models.set(m.key, m);
    this.realApps = new Set(realApps);
  }

  /** Models this state may mutate in place (others are shared with the state it was cloned from). */
  #owned = new WeakSet<ModelState>();

  /** Add or replace a model. */
  addModel(model: ModelState): void {
    this.models.set(model.key, model);
    this.#owned.add(model);
  }

  /**
   * Return a model this state may change: states share unchanged models with their clones
   * (copy on write), so operations call this before mutating a model.
   */
  editModel(appLabel: string, name: string): ModelState {
    const m = this.getModel(appLabel, name);
    if (this.#owned.has(m)) return m;
    const copy = m.clone();
    this.addModel(copy);
    return copy;
  }

  /** Remove a model; throws when it does not exist. */
  removeModel(appLabel: string, name: string): ModelState {
    const m = this.getModel(appLabel, name);
    this.models.delete(m.key);
    return m;
  }

  /** Return whether a model exists in this state. */
  hasModel(appLabel: string, name: string): boolean {
    return this.models.has(`${appLabel}.${name.toLowerCase()}`);
  }

  /** Return a model state or throw an error naming it. */
  getModel(appLabel: string, name: string): ModelState {
    const m = this.models.get(`${appLabel}.${name.toLowerCase()}`);
    if (!m) {
      throw new MigrationError(
        `Model '${appLabel}.${name}' does not exist in the migration state; is a migration that creates it missing from the dependencies?`,
        'migrations.unknown_model',
      );
    }
    return m;
  }

  /** Resolve a relation target (`'app.Model'`, or `'Model'` relative to `appLabel`). */
  resolveTarget(to: string, appLabel: string): ModelState {
    const [app, name] = splitModelRef(to, appLabel);
    return this.getModel(app, name);
  }

  /** Return every model of one app, in insertion order. */
  appModels(appLabel: string): ModelState[] {
    return [...this.models.values()].filter((m) => m.appLabel === appLabel);
  }

  /** Copy the state; models are shared until one side edits them (see `editModel`). */
  clone(): ProjectState {
    const s = new ProjectState([], this.realApps);
    s.models = new Map(this.models);
    return s;
  }

  /**
   * Rename a model and rewrite every relation that points at it.
   */
  renameModel(appLabel: string, oldName: string, newName: string): void {
    const m = this.removeModel(appLabel, oldName).clone();
    const oldRef = `${appLabel}.${m.name}`.toLowerCase();
    m.name = newName;
    this.addModel(m);
    const points = (f: FieldDescription, app: string, key: 'to' | 'through') => {
      const ref = f[key];
      if (typeof ref !== 'string') return false;
      const [a, n] = splitModelRef(ref, app);
      return `${a}.${n}`.toLowerCase() === oldRef;
    };
    for (const other of [...this.models.values()]) {
      if (![...other.fields.values()].some((f) => points(f, other.appLabel, 'to') || points(f, other.appLabel, 'through'))) continue;
      const edited = this.editModel(other.appLabel, other.name);
      for (const f of edited.fields.values()) {
        for (const key of ['to', 'through'] as const) if (points(f, edited.appLabel, key)) f[key] = `${appLabel}.${newName}`;
      }
    }
  }

  /** Return every (model, fieldName, field) whose relation points at the given model. */
  relationsTo(appLabel: string, name: string): { model: ModelState; fieldName: string; field: FieldDescription }[] {
    const target = `${appLabel}.${name}`.toLowerCase();
    const out: { model: ModelState; fieldName: string; field: FieldDescription }[] = [];
    for (const model of this.models.values()) {
      for (const [fieldName, field] of model.fields) {
        if (typeof field.to !== 'string') continue;
        const [a, n] = splitModelRef(field.to, model.appLabel);
        if (`${a}.${n}`.toLowerCase() === target) out.push({ model, fieldName, field });
      }
    }
    return out;
  }
}

/**
 * Split `'app.Model'` (or `'Model'`, relative to `appLabel`) into its app label and model name.
 *
 * @example
 * splitModelRef('auth.User', 'polls'); // ['auth', 'User']
 */
export function splitModelRef(ref: string, appLabel: string): [string, string] {
  const dot = ref.lastIndexOf('.');
  if (dot < 0) return [appLabel, ref];
  return [ref.slice(0, dot), ref.slice(dot + 1)];
}
