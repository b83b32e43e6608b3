// Field-level operations: add, remove, alter and rename a field. Columns are computed from the
// historical state, so a foreign key always points at the target as it was at that point.

import { deepClone, isManyToMany, type FieldDescription } from '../descriptions.ts';
import type { ModelState, ProjectState } from '../state.ts';
import { columnSpecFor, compileDbDefault, tableSpecFor, throughTableSpec } from '../table-spec.ts';
import type { ColumnSpec, TableSpec } from '../db-types.ts';
import { Operation, lower, type DatabaseStep } from './base.ts';

function spec(step: DatabaseStep, state: ProjectState, model: ModelState): TableSpec {
  return tableSpecFor(state, model, (n) => step.schema.quoteName(n));
}

function column(step: DatabaseStep, state: ProjectState, model: ModelState, name: string): ColumnSpec {
  return columnSpecFor(state, model, name, (n) => step.schema.quoteName(n));
}

/** Return whether a JS default can be written into the database once (not a function). */
function hasLiteralDefault(field: FieldDescription): boolean {
  return field.default !== undefined && typeof field.default !== 'function';
}

/** Add a column (or a join table) as described by `state`'s field. */
async function addField(step: DatabaseStep, before: ProjectState, after: ProjectState, modelName: string, name: string, field: FieldDescription): Promise<void> {
  const model = after.getModel(step.appLabel, modelName);
  if (!model.managed) return;
  const q = (n: string) => step.schema.quoteName(n);
  if (isManyToMany(field)) {
    const through = throughTableSpec(after, model, name, q);
    if (through) await step.schema.createTable(through);
    return;
  }
  const table = spec(step, before, before.getModel(step.appLabel, modelName));
  const col = column(step, after, model, name);
  // Existing rows need a value: write the field's default once as a column default, then drop it.
  if (!col.null && !col.dbDefault && hasLiteralDefault(field)) {
    const withDefault = { ...col, dbDefault: compileDbDefault(field.default) };
    await step.schema.addColumn(table, withDefault);
    const grown = { ...table, columns: [...table.columns, withDefault] };
    await step.schema.alterColumn(grown, withDefault, col);
    return;
  }
  await step.schema.addColumn(table, col);
}

/** Remove a column (or a join table) as described by `state`'s field. */
async function removeField(step: DatabaseStep, state: ProjectState, modelName: string, name: string): Promise<void> {
  const model = state.getModel(step.appLabel, modelName);
  if (!model.managed) return;
  const field = model.getField(name);
  if (isManyToMany(field)) {
    const through = throughTableSpec(state, model, name, (n) => step.schema.quoteName(n));
    if (through) await step.schema.deleteTable(through);
    return;
  }
  await step.schema.removeColumn(spec(step, state, model), column(step, state, model, name));
}

/**
 * Add a field to a model. A non-null field with a `default` fills existing rows with it;
 * `preserveDefault: false` drops a one-off default (asked by `makemigrations`) from the state.
 *
 * @example
 * new AddField({ modelName: 'Question', name: 'votes', field: { type: 'IntegerField', default: 0 } });
 * // ALTER TABLE "polls_question" ADD COLUMN "votes" integer DEFAULT 0 NOT NULL; then the default is dropped
 */
export class AddField extends Operation {
  readonly kind = 'AddField';
  modelName: string;
  name: string;
  field: FieldDescription;
  preserveDefault: boolean;

  constructor(args: { modelName: string; name: string; field: FieldDescription; preserveDefault?: boolean }) {
    super();
    this.modelName = args.modelName;
    this.name = args.name;
    this.field = args.field;
    this.preserveDefault = args.preserveDefault ?? true;
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    const field = deepClone(this.field);
    if (!this.preserveDefault) delete field.default;
    state.editModel(appLabel, this.modelName).fields.set(this.name, field);
  }

  async databaseForwards(step: DatabaseStep): Promise<void> {
    await addField(step, step.fromState, step.toState, this.modelName, this.name, this.field);
  }

  async databaseBackwards(step: DatabaseStep): Promise<void> {
    await removeField(step, step.fromState, this.modelName, this.name);
  }

  describe(): string {
    return `Add field ${this.name} to ${this.modelName}`;
  }

  deconstruct(): Record<string, unknown> {
    const out: Record<string, unknown> = { modelName: this.modelName, name: this.name, field: this.field };
    if (!this.preserveDefault) out.preserveDefault = false;
    return out;
  }

  override get migrationNameFragment(): string {
    return `${lower(this.modelName)}_${lower(this.name)}`;
  }
}

/**
 * Remove a field from a model (its column, or its join table).
 *
 * @example
 * new RemoveField({ modelName: 'Question', name: 'votes' });
 * // ALTER TABLE "polls_question" DROP COLUMN "votes"
 */
export class RemoveField extends Operation {
  readonly kind = 'RemoveField';
  modelName: string;
  name: string;

  constructor(args: { modelName: string; name: string }) {
    super();
    this.modelName = args.modelName;
    this.name = args.name;
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    const model = state.editModel(appLabel, this.modelName);
    model.getField(this.name);
    model.fields.delete(this.name);
  }

  async databaseForwards(step: DatabaseStep): Promise<void> {
    await removeField(step, step.fromState, this.modelName, this.name);
  }

  async databaseBackwards(step: DatabaseStep): Promise<void> {
    const field = step.toState.getModel(step.appLabel, this.modelName).getField(this.name);
    await addField(step, step.fromState, step.toState, this.modelName, this.name, field);
  }

  describe(): string {
    return `Remove field ${this.name} from ${this.modelName}`;
  }

  deconstruct(): Record<string, unknown> {
    return { modelName: this.modelName, name: this.name };
  }

  override get migrationNameFragment(): string {
    return `remove_${lower(this.modelName)}_${lower(this.name)}`;
  }
}

/** Change a column from one state's description to another's. */
async function alterField(step: DatabaseStep, from: ProjectState, to: ProjectState, modelName: string, name: string): Promise<void> {
  const before = from.getModel(step.appLabel, modelName);
  const after = to.getModel(step.appLabel, modelName);
  if (!after.managed) return;
  const oldField = before.getField(name);
  const newField = after.getField(name);
  if (isManyToMany(oldField) || isManyToMany(newField)) return;
  const table = spec(step, from, before);
  const oldCol = column(step, from, before, name);
  const newCol = column(step, to, after, name);
  // Rows that are NULL get the new default before the column becomes NOT NULL.
  if (oldCol.null && !newCol.null && hasLiteralDefault(newField)) {
    const q = (n: string) => step.schema.quoteName(n);
    await step.schema.executeSql(
      `UPDATE ${q(table.name)} SET ${q(oldCol.name)} = ? WHERE ${q(oldCol.name)} IS NULL`,
      [newField.default],
    );
  }
  await step.schema.alterColumn(table, oldCol, newCol);
}

/**
 * Change a field's description (type, nullability, length, default, ...); rows are kept.
 *
 * @example
 * new AlterField({ modelName: 'Question', name: 'questionText', field: { type: 'CharField', maxLength: 300 } });
 * // ALTER TABLE "polls_question" ALTER COLUMN "question_text" TYPE varchar(300)
 */
export class AlterField extends Operation {
  readonly kind = 'AlterField';
  modelName: string;
  name: string;
  field: FieldDescription;
  preserveDefault: boolean;

  constructor(args: { modelName: string; name: string; field: FieldDescription; preserveDefault?: boolean }) {
    super();
    this.modelName = args.modelName;
    this.name = args.name;
    this.field = args.field;
    this.preserveDefault = args.preserveDefault ?? true;
  }

  stateForwards(appLabel: string, state: ProjectState): void {
    const model = state.editModel(appLabel, this.modelName);
    model.getField(this.name);
    const field = deepClone(this.field);
    if (!this.preserveDefault) delete field.default;
    model.fields.set(this.name, field);
  }

  async databaseForwards(step: DatabaseStep): Promise<void> {
    // The one-off default fills NULL rows: use the field as written, not as kept in state.
    const to = this.preserveDefault ? step.toState : withField(step, step.toState, this.modelName, this.name, this.field);
    await alterField(step, step.fromState, to, this.modelName, this.name);
  }

  async databaseBackwards(step: DatabaseStep): Promise<void> {
    await alterField(step, step.fromState, step.toState, this.modelName, this.name);
  }

  describe(): string {
    return `Alter field ${this.name} on ${this.modelName}`;
  }

  deconstruct(): Record<string, unknown> {
    const out: Record<string, unknown> = { modelName: this.modelName, name: this.name, field: this.field };
    if (!this.preserveDefault) out.preserveDefault = false;
    return out;
  }

  override get migrationNameFragment(): string {
    return `alter_${lower(this.modelName)}_${lower(this.name)}`;
  }
}

function withField(step: DatabaseStep, state: ProjectState, modelName: string, name: string, field: FieldDescription): ProjectState {
  const copy = state.clone();
  copy.editModel(step.appLabel, modelName).fields.set(name, deepClone(field));
  return copy;
}

function renameInList(list: string[] | undefined, oldName: string, newName: string): string[] | undefined {
  return list?.map((f) => (f === oldName ? newName : f === `-${oldName}` ? `-${newName}` : f));
}

/**
 * Rename a field; its column follows unless it has an explicit `dbColumn`. Indexes,
 * constraints, unique-together and ordering that name the field are rewritten. Rows are kept.
 *
 * @example
 * new RenameField({ modelName: 'Question', oldName: 'text', newName: 'questionText' });
 * // ALTER TABLE "polls_question" RENAME COLUMN "text" TO "question_text"
 */
export class RenameField extends Operation {
  readonly kind = 'RenameField';
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
    const model = state.editModel(appLabel, this.modelName);
    const field = model.getField(this.oldName);
    model.fields = new Map([...model.fields].map(([k, v]) => (k === this.oldName ? [this.newName, field] : [k, v])));
    const o = model.options;
    const { oldName, newName } = this;
    if (o.ordering) o.ordering = renameInList(o.ordering, oldName, newName);
    if (o.uniqueTogether) o.uniqueTogether = o.uniqueTogether.map((g) => renameInList(g, oldName, newName) ?? g);
    for (const idx of o.indexes ?? []) idx.fields = renameInList(idx.fields, oldName, newName) ?? idx.fields;
    for (const c of o.constraints ?? []) if (c.fields) c.fields = renameInList(c.fields, oldName, newName);
  }

  async databaseForwards(step: DatabaseStep): Promise<void> {
    await this.#rename(step, this.oldName, this.newName);
  }

  async databaseBackwards(step: DatabaseStep): Promise<void> {
    await this.#rename(step, this.newName, this.oldName);
  }

  async #rename(step: DatabaseStep, fromName: string, toName: string): Promise<void> {
    const before = step.fromState.getModel(step.appLabel, this.modelName);
    const after = step.toState.getModel(step.appLabel, this.modelName);
    if (!after.managed) return;
    const field = before.getField(fromName);
    const q = (n: string) => step.schema.quoteName(n);
    if (isManyToMany(field)) {
      const oldT = throughTableSpec(step.fromState, before, fromName, q);
      const newT = throughTableSpec(step.toState, after, toName, q);
      if (oldT && newT && oldT.name !== newT.name) await step.schema.renameTable(oldT, newT.name);
      return;
    }
    const oldCol = column(step, step.fromState, before, fromName);
    const newCol = column(step, step.toState, after, toName);
    if (oldCol.name !== newCol.name) {
      await step.schema.renameColumn(spec(step, step.fromState, before), oldCol, newCol);
    }
  }

  describe(): string {
    return `Rename field ${this.oldName} on ${this.modelName} to ${this.newName}`;
  }

  deconstruct(): Record<string, unknown> {
    return { modelName: this.modelName, oldName: this.oldName, newName: this.newName };
  }

  override get migrationNameFragment(): string {
    return `rename_${lower(this.oldName)}_${lower(this.modelName)}_${lower(this.newName)}`;
  }
}
