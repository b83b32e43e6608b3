// Index operations: add, remove and rename a named index of a model (`options.indexes`).

import { deepClone, type IndexDescription } from '../descriptions.ts';
import type { ProjectState } from '../state.ts';
import { tableSpecFor } from '../table-spec.ts';
import { Operation, lower, type DatabaseStep } from './base.ts';
import { applyNamed, findNamed } from './named-options.ts';

/**
 * Add a named index to a model.
 *
 * @example
 * new AddIndex({ modelName: 'Question', index: { name: 'polls_q_pub_idx', fields: ['-pubDate'] } });
 * // CREATE INDEX "polls_q_pub_idx" ON "polls_question" ("pub_date" DESC)
 */
export class AddIndex extends Operation {
  readonly kind = 'AddIndex';
  modelName: string;
  index: IndexDescription;

  constructor(args: { modelName: string; index: IndexDescription }) {
    super();
    this.modelName = args.modelName;
    this.index = args.index;
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    const m = state.editModel(appLabel, this.modelName);
    m.options.indexes = [...(m.options.indexes ?? []), deepClone(this.index)];
  }

  async databaseForwards(step: DatabaseStep): Promise<void> {
    await applyNamed(step, 'index', 'add', step.toState, step.fromState, this.modelName, this.index.name);
  }

  async databaseBackwards(step: DatabaseStep): Promise<void> {
    await applyNamed(step, 'index', 'remove', step.fromState, step.fromState, this.modelName, this.index.name);
  }

  describe(): string {
    return `Create index ${this.index.name} on field(s) ${this.index.fields.join(', ')} of model ${this.modelName}`;
  }

  deconstruct(): Record<string, unknown> {
    return { modelName: this.modelName, index: this.index };
  }

  override get migrationNameFragment(): string {
    return lower(this.index.name);
  }
}

/**
 * Remove a named index from a model.
 *
 * @example
 * new RemoveIndex({ modelName: 'Question', name: 'polls_q_pub_idx' }); // DROP INDEX "polls_q_pub_idx"
 */
export class RemoveIndex extends Operation {
  readonly kind = 'RemoveIndex';
  modelName: string;
  name: string;

  constructor(args: { modelName: string; name: string }) {
    super();
    this.modelName = args.modelName;
    this.name = args.name;
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    const m = state.editModel(appLabel, this.modelName);
    findNamed(m, 'index', this.name);
    m.options.indexes = (m.options.indexes ?? []).filter((i) => i.name !== this.name);
    if (!m.options.indexes.length) delete m.options.indexes;
  }

  async databaseForwards(step: DatabaseStep): Promise<void> {
    await applyNamed(step, 'index', 'remove', step.fromState, step.fromState, this.modelName, this.name);
  }

  async databaseBackwards(step: DatabaseStep): Promise<void> {
    await applyNamed(step, 'index', 'add', step.toState, step.fromState, this.modelName, this.name);
  }

  describe(): string {
    return `Remove index ${this.name} from ${this.modelName}`;
  }

  deconstruct(): Record<string, unknown> {
    return { modelName: this.modelName, name: this.name };
  }

  override get migrationNameFragment(): string {
    return `remove_${lower(this.modelName)}_${lower(this.name)}`;
  }
}

/**
 * Rename a named index of a model.
 *
 * @example
 * new RenameIndex({ modelName: 'Question', oldName: 'q_idx', newName: 'question_pub_idx' });
 * // ALTER INDEX "q_idx" RENAME TO "question_pub_idx"
 */
export class RenameIndex extends Operation {
  readonly kind = 'RenameIndex';
  modelName: string;
  oldName: string;
  newName: string;

  constructor(args: { modelName: string; oldName: string; newName: string }) {
    super();
    this.modelName = args.modelName;
    this.oldName = args.oldName;
    this.newName = args.newName;
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    const m = state.editModel(appLabel, this.modelName);
    findNamed(m, 'index', this.oldName).name = this.newName;
  }

  async databaseForwards(step: DatabaseStep): Promise<void> {
    await this.#rename(step, this.oldName, this.newName);
  }

  async databaseBackwards(step: DatabaseStep): Promise<void> {
    await this.#rename(step, this.newName, this.oldName);
  }

  async #rename(step: DatabaseStep, from: string, to: string): Promise<void> {
    const model = step.fromState.getModel(step.appLabel, this.modelName);
    if (!model.managed) return;
    await step.schema.renameIndex(tableSpecFor(step.fromState, model, (n) => step.schema.quoteName(n)), from, to);
  }

  describe(): string {
    return `Rename index ${this.oldName} on ${this.modelName} to ${this.newName}`;
  }

  deconstruct(): Record<string, unknown> {
    return { modelName: this.modelName, oldName: this.oldName, newName: this.newName };
  }

  override get migrationNameFragment(): string {
    return `rename_${lower(this.oldName)}_${lower(this.newName)}`;
  }
}
