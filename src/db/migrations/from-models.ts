// Build a ProjectState from the models as declared now: each field, index and constraint
// describes itself (`deconstruct()`), and only those plain descriptions enter the state. This is
// the "to" side of makemigrations; the "from" side is replayed from the migration files.

import type { ConstraintDescription, FieldDescription, IndexDescription, ModelOptions } from './descriptions.ts';
import { MigrationError } from './errors.ts';
import { ModelState, ProjectState } from './state.ts';

/** The slice of a model's field that migrations read. */
interface FieldLike {
  name: string;
  deconstruct(): { type: string; options: Record<string, unknown> };
}

/** The slice of a model class (its `meta`) that migrations read. */
export interface ModelLike {
  meta: {
    appLabel: string;
    objectName: string;
    fields: readonly FieldLike[];
    manyToMany?: readonly FieldLike[];
    pk?: FieldLike;
    autoCreated?: boolean;
    options?: { abstract?: boolean; proxy?: boolean };
    deconstruct(): Record<string, unknown>;
  };
}

const DROPPED_FIELD_OPTIONS = new Set(['validators', 'verboseName', 'helpText', 'relatedQueryName', 'limitChoicesTo']);

/** Turn a field's `deconstruct()` into a flat field description. */
export function fieldDescription(field: FieldLike): FieldDescription {
  const d = field.deconstruct();
  const out: FieldDescription = { type: d.type };
  for (const [k, v] of Object.entries(d.options)) {
    if (v === undefined || DROPPED_FIELD_OPTIONS.has(k)) continue;
    out[k] = v;
  }
  return out;
}

function indexDescription(d: unknown, where: string): IndexDescription {
  const { options } = d as { type: string; options: Record<string, unknown> };
  const out: IndexDescription = { name: String(options.name), fields: [...(options.fields as string[])] };
  if (options.unique) out.unique = true;
  if (options.condition !== undefined) out.condition = options.condition as IndexDescription['condition'];
  if (!options.name) throw new MigrationError(`An index of ${where} has no name; give every index a name`, 'migrations.unnamed_index');
  return out;
}

function constraintDescription(d: unknown, where: string): ConstraintDescription {
  const { type, options } = d as { type: string; options: Record<string, unknown> };
  if (!options.name) throw new MigrationError(`A constraint of ${where} has no name; give every constraint a name`, 'migrations.unnamed_constraint');
  if (type === 'CheckConstraint') return { kind: 'check', name: String(options.name), check: options.check as ConstraintDescription['check'] };
  const out: ConstraintDescription = { kind: 'unique', name: String(options.name), fields: [...(options.fields as string[])] };
  if (options.condition !== undefined) out.condition = options.condition as ConstraintDescription['condition'];
  return out;
}

/**
 * Return the model state of one model class.
 *
 * @example
 * modelStateFromModel(Question).fields.get('questionText'); // { type: 'CharField', maxLength: 200 }
 */
export function modelStateFromModel(model: ModelLike): ModelState {
  const meta = model.meta;
  const where = `${meta.appLabel}.${meta.objectName}`;
  const fields = new Map<string, FieldDescription>();
  for (const f of meta.fields) {
    const d = fieldDescription(f);
    // An auto-created primary key does not list `primaryKey` among its options.
    if (meta.pk && f.name === meta.pk.name) d.primaryKey = true;
    fields.set(f.name, d);
  }
  for (const f of meta.manyToMany ?? []) if (!fields.has(f.name)) fields.set(f.name, fieldDescription(f));
  const raw = meta.deconstruct();
  const options: ModelOptions = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'indexes') options.indexes = (v as unknown[]).map((i) => indexDescription(i, where));
    else if (k === 'constraints') options.constraints = (v as unknown[]).map((c) => constraintDescription(c, where));
    else if (v !== undefined) (options as Record<string, unknown>)[k] = v;
  }
  if (options.ordering) options.ordering = [...options.ordering];
  return new ModelState(meta.appLabel, meta.objectName, fields, options);
}

/**
 * Return the project state of the given models (abstract, proxy and auto-created ones skipped).
 *
 * @example
 * projectStateFromModels(apps.getModels()).appModels('polls').length; // 2
 */
export function projectStateFromModels(models: Iterable<unknown>, appLabels: Iterable<string> = []): ProjectState {
  const state = new ProjectState([], appLabels);
  for (const m of models) {
    const meta = (m as ModelLike).meta;
    if (!meta || meta.autoCreated || meta.options?.abstract || meta.options?.proxy) continue;
    state.addModel(modelStateFromModel(m as ModelLike));
  }
  return state;
}
