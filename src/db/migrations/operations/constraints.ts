// Constraint operations: add and remove a named unique or check constraint of a model.

import { deepClone, type ConstraintDescription } from '../descriptions.ts';
import type { ProjectState } from '../state.ts';
import { Operation, lower, type DatabaseStep } from './base.ts';
import { applyNamed, findNamed } from './named-options.ts';

/**
 * Add a named constraint to a model.
 *
 * @example
 * new AddConstraint({ modelName: 'Choice', constraint: { kind: 'check', name: 'votes_gte_0', check: 'votes >= 0' } });
 * // ALTER TABLE "polls_choice" ADD CONSTRAINT "votes_gte_0" CHECK (votes >= 0)
 */
export class AddConstraint extends Operation {
  readonly kind = 'AddConstraint';
  modelName: string;
  constraint: ConstraintDescription;

  constructor(args: { modelName: string; constraint: ConstraintDescription }) {
    super();
    this.modelName = args.modelName;
    this.constraint = args.constraint;
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    const m = state.editModel(appLabel, this.modelName);
    m.options.constraints = [...(m.options.constraints ?? []), deepClone(this.constraint)];
  }

  async databaseForwards(step: DatabaseStep): Promise<void> {
    await applyNamed(step, 'constraint', 'add', step.toState, step.fromState, this.modelName, this.constraint.name);
  }

  async databaseBackwards(step: DatabaseStep): Promise<void> {
    await applyNamed(step, 'constraint', 'remove', step.fromState, step.fromState, this.modelName, this.constraint.name);
  }

  describe(): string {
    return `Create constraint ${this.constraint.name} on model ${this.modelName}`;
  }

  deconstruct(): Record<string, unknown> {
    return { modelName: this.modelName, constraint: this.constraint };
  }

  override get migrationNameFragment(): string {
    return lower(this.constraint.name);
  }
}

/**
 * Remove a named constraint from a model.
 *
 * @example
 * new RemoveConstraint({ modelName: 'Choice', name: 'votes_gte_0' });
 * // ALTER TABLE "polls_choice" DROP CONSTRAINT "votes_gte_0"
 */
export class RemoveConstraint extends Operation {
  readonly kind = 'RemoveConstraint';
  modelName: string;
  name: string;

  constructor(args: { modelName: string; name: string }) {
    super();
    this.modelName = args.modelName;
    this.name = args.name;
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    const m = state.editModel(appLabel, this.modelName);
    findNamed(m, 'constraint', this.name);
    m.options.constraints = (m.options.constraints ?? []).filter((c) => c.name !== this.name);
    if (!m.options.constraints.length) delete m.options.constraints;
  }

  async databaseForwards(step: DatabaseStep): Promise<void> {
    await applyNamed(step, 'constraint', 'remove', step.fromState, step.fromState, this.modelName, this.name);
  }

  async databaseBackwards(step: DatabaseStep): Promise<void> {
    await applyNamed(step, 'constraint', 'add', step.toState, step.fromState, this.modelName, this.name);
  }

  describe(): string {
    return `Remove constraint ${this.name} from model ${this.modelName}`;
  }

  deconstruct(): Record<string, unknown> {
    return { modelName: this.modelName, name: this.name };
  }

  override get migrationNameFragment(): string {
    return `remove_${lower(this.modelName)}_${lower(this.name)}`;
  }
}
