// Model-level operations: create, delete and rename a model, move its table, change its
// options and its unique-together sets.

import { ALTERABLE_OPTION_KEYS, deepClone, isManyToMany, type FieldDescription, type ModelOptions } from '../descriptions.ts';
import { ModelState, type ProjectState } from '../state.ts';
import { fieldColumn, tableSpecFor, throughTableSpec } from '../table-spec.ts';
import { Operation, lower, type DatabaseStep, type SchemaActions } from './base.ts';

/** Create every auto-created join table of a model's many-to-many fields. */
async function createThroughTables(schema: SchemaActions, state: ProjectState, model: ModelState): Promise<void> {
  for (const [name, field] of model.fields) {
    if (!isManyToMany(field)) continue;
    const spec = throughTableSpec(state, model, name, (n) => schema.quoteName(n));
    if (spec) await schema.createTable(spec);
  }
}

/** Drop every auto-created join table of a model's many-to-many fields. */
async function deleteThroughTables(schema: SchemaActions, state: ProjectState, model: ModelState): Promise<void> {
  for (const [name, field] of model.fields) {
    if (!isManyToMany(field)) continue;
    const spec = throughTableSpec(state, model, name, (n) => schema.quoteName(n));
    if (spec) await schema.deleteTable(spec);
  }
}

/**
 * Create a model and its table (and the join tables of its many-to-many fields).
 *
 * @example
 * new CreateModel({ name: 'Question', fields: { id: { type: 'BigAutoField', primaryKey: true },
 *   questionText: { type: 'CharField', maxLength: 200 } } });
 * // CREATE TABLE "polls_question" ("id" bigserial PRIMARY KEY, "question_text" varchar(200) NOT NULL)
 */
export class CreateModel extends Operation {
  readonly kind = 'CreateModel';
  name: string;
  fields: Record<string, FieldDescription>;
  options: ModelOptions;
  bases: string[];

  constructor(args: { name: string; fields: Record<string, FieldDescription>; options?: ModelOptions; bases?: string[] }) {
    super();
    this.name = args.name;
    this.fields = args.fields;
    this.options = args.options ?? {};
    this.bases = args.bases ?? [];
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    state.addModel(new ModelState(appLabel, this.name, deepClone(this.fields), deepClone(this.options), [...this.bases]));
  }

  async databaseForwards(step: DatabaseStep): Promise<void> {
    const model = step.toState.getModel(step.appLabel, this.name);
    if (!model.managed) return;
    await step.schema.createTable(tableSpecFor(step.toState, model, (n) => step.schema.quoteName(n)));
    await createThroughTables(step.schema, step.toState, model);
  }

  async databaseBackwards(step: DatabaseStep): Promise<void> {
    const model = step.fromState.getModel(step.appLabel, this.name);
    if (!model.managed) return;
    await deleteThroughTables(step.schema, step.fromState, model);
    await step.schema.deleteTable(tableSpecFor(step.fromState, model, (n) => step.schema.quoteName(n)));
  }

  describe(): string {
    return `Create model ${this.name}`;
  }

  deconstruct(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, fields: this.fields };
    if (Object.keys(this.options).length) out.options = this.options;
    if (this.bases.length) out.bases = this.bases;
    return out;
  }

  override get migrationNameFragment(): string {
    return lower(this.name);
  }
}

/**
 * Delete a model and drop its table.
 *
 * @example
 * new DeleteModel({ name: 'Question' }); // DROP TABLE "polls_question"
 */
export class DeleteModel extends Operation {
  readonly kind = 'DeleteModel';
  name: string;

  constructor(args: { name: string }) {
    super();
    this.name = args.name;
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    state.removeModel(appLabel, this.name);
  }

  async databaseForwards(step: DatabaseStep): Promise<void> {
    const model = step.fromState.getModel(step.appLabel, this.name);
    if (!model.managed) return;
    await deleteThroughTables(step.schema, step.fromState, model);
    await step.schema.deleteTable(tableSpecFor(step.fromState, model, (n) => step.schema.quoteName(n)));
  }

  async databaseBackwards(step: DatabaseStep): Promise<void> {
    const model = step.toState.getModel(step.appLabel, this.name);
    if (!model.managed) return;
    await step.schema.createTable(tableSpecFor(step.toState, model, (n) => step.schema.quoteName(n)));
    await createThroughTables(step.schema, step.toState, model);
  }

  describe(): string {
    return `Delete model ${this.name}`;
  }

  deconstruct(): Record<string, unknown> {
    return { name: this.name };
  }

  override get migrationNameFragment(): string {
    return `delete_${lower(this.name)}`;
  }
}

/** Rename tables of a model (and its join tables) from one state's names to another's. */
async function moveTables(step: DatabaseStep, from: ProjectState, to: ProjectState, fromName: string, toName: string): Promise<void> {
  const before = from.getModel(step.appLabel, fromName);
  const after = to.getModel(step.appLabel, toName);
  if (!after.managed) return;
  const q = (n: string) => step.schema.quoteName(n);
  if (before.dbTable !== after.dbTable) {
    await step.schema.renameTable(tableSpecFor(from, before, q), after.dbTable);
  }
  for (const [name, field] of after.fields) {
    if (!isManyToMany(field)) continue;
    const oldSpec = throughTableSpec(from, before, name, q);
    const newSpec = throughTableSpec(to, after, name, q);
    if (!oldSpec || !newSpec) continue;
    let current = oldSpec;
    if (oldSpec.name !== newSpec.name) {
      await step.schema.renameTable(oldSpec, newSpec.name);
      current = { ...oldSpec, name: newSpec.name };
    }
    // The join table's column named after the model follows the model's new name.
    const oldCol = oldSpec.columns[1];
    const newCol = newSpec.columns[1];
    if (oldCol && newCol && oldCol.name !== newCol.name) {
      await step.schema.renameColumn(current, oldCol, { ...oldCol, name: newCol.name, references: newCol.references });
    }
  }
}

/**
 * Rename a model: its table follows when the table name is the default, and every relation
 * that points at it is rewritten.
 *
 * @example
 * new RenameModel({ oldName: 'Question', newName: 'Poll' });
 * // ALTER TABLE "polls_question" RENAME TO "polls_poll"
 */
export class RenameModel extends Operation {
  readonly kind = 'RenameModel';
  oldName: string;
  newName: string;

  constructor(args: { oldName: string; newName: string }) {
    super();
    this.oldName = args.oldName;
    this.newName = args.newName;
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    state.renameModel(appLabel, this.oldName, this.newName);
  }

  async databaseForwards(step: DatabaseStep): Promise<void> {
    await moveTables(step, step.fromState, step.toState, this.oldName, this.newName);
  }

  async databaseBackwards(step: DatabaseStep): Promise<void> {
    await moveTables(step, step.fromState, step.toState, this.newName, this.oldName);
  }

  describe(): string {
    return `Rename model ${this.oldName} to ${this.newName}`;
  }

  deconstruct(): Record<string, unknown> {
    return { oldName: this.oldName, newName: this.newName };
  }

  override get migrationNameFragment(): string {
    return `rename_${lower(this.oldName)}_${lower(this.newName)}`;
  }
}

/**
 * Move a model to another table name (`null` returns to the default name).
 *
 * @example
 * new AlterModelTable({ name: 'Question', table: 'questions' });
 * // ALTER TABLE "polls_question" RENAME TO "questions"
 */
export class AlterModelTable extends Operation {
  readonly kind = 'AlterModelTable';
  name: string;
  table: string | null;

  constructor(args: { name: string; table: string | null }) {
    super();
    this.name = args.name;
    this.table = args.table;
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    const m = state.editModel(appLabel, this.name);
    if (this.table === null) delete m.options.dbTable;
    else m.options.dbTable = this.table;
  }

  async databaseForwards(step: DatabaseStep): Promise<void> {
    await moveTables(step, step.fromState, step.toState, this.name, this.name);
  }

  async databaseBackwards(step: DatabaseStep): Promise<void> {
    await moveTables(step, step.fromState, step.toState, this.name, this.name);
  }

  describe(): string {
    return `Rename table for ${this.name} to ${this.table ?? '(default)'}`;
  }

  deconstruct(): Record<string, unknown> {
    return { name: this.name, table: this.table };
  }

  override get migrationNameFragment(): string {
    return `alter_${lower(this.name)}_table`;
  }
}

/**
 * Change the options of a model that never touch the database (ordering, verbose names, ...).
 * Keys absent from `options` are removed from the model's options.
 *
 * @example
 * new AlterModelOptions({ name: 'Question', options: { ordering: ['-pubDate'] } });
 */
export class AlterModelOptions extends Operation {
  readonly kind = 'AlterModelOptions';
  name: string;
  options: ModelOptions;

  constructor(args: { name: string; options: ModelOptions }) {
    super();
    this.name = args.name;
    this.options = args.options;
  }

  override get touchesDatabase(): boolean {
    return false;
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    const m = state.editModel(appLabel, this.name);
    const opts = m.options as Record<string, unknown>;
    for (const key of ALTERABLE_OPTION_KEYS) {
      const value = (this.options as Record<string, unknown>)[key];
      if (value === undefined) delete opts[key];
      else opts[key] = deepClone(value);
    }
  }

  async databaseForwards(): Promise<void> {}
  async databaseBackwards(): Promise<void> {}

  describe(): string {
    return `Change Meta options on ${this.name}`;
  }

  deconstruct(): Record<string, unknown> {
    return { name: this.name, options: this.options };
  }

  override get migrationNameFragment(): string {
    return `alter_${lower(this.name)}_options`;
  }
}

/**
 * Set a model's unique-together groups (field names); the unique constraints follow.
 *
 * @example
 * new AlterUniqueTogether({ name: 'Choice', uniqueTogether: [['question', 'choiceText']] });
 */
export class AlterUniqueTogether extends Operation {
  readonly kind = 'AlterUniqueTogether';
  name: string;
  uniqueTogether: string[][];

  constructor(args: { name: string; uniqueTogether: string[][] }) {
    super();
    this.name = args.name;
    this.uniqueTogether = args.uniqueTogether;
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    const m = state.editModel(appLabel, this.name);
    if (this.uniqueTogether.length) m.options.uniqueTogether = deepClone(this.uniqueTogether);
    else delete m.options.uniqueTogether;
  }

  async databaseForwards(step: DatabaseStep): Promise<void> {
    await this.#apply(step);
  }

  async databaseBackwards(step: DatabaseStep): Promise<void> {
    await this.#apply(step);
  }

  async #apply(step: DatabaseStep): Promise<void> {
    const before = step.fromState.getModel(step.appLabel, this.name);
    const after = step.toState.getModel(step.appLabel, this.name);
    if (!after.managed) return;
    const cols = (m: ModelState) => (m.options.uniqueTogether ?? []).map((g) => g.map((f) => fieldColumn(m, f)));
    await step.schema.alterUniqueTogether(
      tableSpecFor(step.fromState, before, (n) => step.schema.quoteName(n)),
      cols(before),
      cols(after),
    );
  }

  describe(): string {
    return `Alter unique_together for ${this.name} (${this.uniqueTogether.length} constraint(s))`;
  }

  deconstruct(): Record<string, unknown> {
    return { name: this.name, uniqueTogether: this.uniqueTogether };
  }

  override get migrationNameFragment(): string {
    return `alter_${lower(this.name)}_unique_together`;
  }
}
