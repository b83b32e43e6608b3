// Shared by the index and constraint operations: both are named entries of a model's options
// (`options.indexes`, `options.constraints`) that the schema editor adds and removes by name.

import type { ConstraintDescription, IndexDescription } from '../descriptions.ts';
import { MigrationError } from '../errors.ts';
import type { ModelState, ProjectState } from '../state.ts';
import { constraintSpecFor, indexSpecFor, tableSpecFor } from '../table-spec.ts';
import type { DatabaseStep } from './base.ts';

interface Described {
  index: IndexDescription;
  constraint: ConstraintDescription;
}

/** Return the model's index or constraint called `name`; a clear error when there is none. */
export function findNamed<K extends keyof Described>(model: ModelState, kind: K, name: string): Described[K] {
  const list = (kind === 'index' ? model.options.indexes : model.options.constraints) as Described[K][] | undefined;
  const found = (list ?? []).find((i) => i.name === name);
  if (!found) {
    throw new MigrationError(`${model.appLabel}.${model.name} has no ${kind} named '${name}' in the migration state`, `migrations.unknown_${kind}`);
  }
  return found;
}

/**
 * Add or remove a model's named index or constraint in the database. The entry is read from
 * `state`; the table as it stands is read from `tableState` (the state before the change).
 */
export async function applyNamed(
  step: DatabaseStep,
  kind: keyof Described,
  action: 'add' | 'remove',
  state: ProjectState,
  tableState: ProjectState,
  modelName: string,
  name: string,
): Promise<void> {
  const model = state.getModel(step.appLabel, modelName);
  if (!model.managed) return;
  const quote = (n: string) => step.schema.quoteName(n);
  const table = tableSpecFor(tableState, tableState.getModel(step.appLabel, modelName), quote);
  if (kind === 'index') {
    const spec = indexSpecFor(model, findNamed(model, 'index', name), quote);
    await (action === 'add' ? step.schema.addIndex(table, spec) : step.schema.removeIndex(table, spec));
  } else {
    const spec = constraintSpecFor(model, findNamed(model, 'constraint', name), quote);
    await (action === 'add' ? step.schema.addConstraint(table, spec) : step.schema.removeConstraint(table, spec));
  }
}
