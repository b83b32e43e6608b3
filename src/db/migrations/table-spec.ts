// Turn model states into the table and column specs the schema editor consumes. This is the
// one place where a field description becomes a column: type, nullability, relation target
// (read from the historical state, never from the live models) and defaults.

import { isManyToMany, snakeCase, type FieldDescription, type IndexDescription, type ConstraintDescription } from './descriptions.ts';
import { defaultColumnName, ModelState, type ProjectState } from './state.ts';
import type { ColumnSpec, ConstraintSpec, IndexSpec, TableSpec } from './db-types.ts';
import { MigrationError } from './errors.ts';
import { compileQ, isQDescription } from './q-sql.ts';

/** Quote an identifier for the target database (the connection's `ops.quoteName`). */
export type QuoteName = (name: string) => string;

const AUTO_TO_INTEGER: Record<string, string> = {
  AutoField: 'IntegerField',
  BigAutoField: 'BigIntegerField',
  SmallAutoField: 'SmallIntegerField',
};

const POSITIVE_TYPES = new Set(['PositiveIntegerField', 'PositiveSmallIntegerField', 'PositiveBigIntegerField']);

/** Return the column a field occupies, or `null` for fields without one (many-to-many). */
export function columnName(name: string, field: FieldDescription): string | null {
  return isManyToMany(field) ? null : defaultColumnName(name, field);
}

/**
 * Compile a `dbDefault` description to the schema editor's `{ sql, params }` form: a literal
 * becomes a parameter, `{ sql }` passes raw SQL through.
 */
export function compileDbDefault(value: unknown): { sql: string; params: unknown[] } | undefined {
  if (value === undefined) return undefined;
  if (value !== null && typeof value === 'object' && !(value instanceof Date) && typeof (value as { sql?: unknown }).sql === 'string') {
    const v = value as { sql: string; params?: unknown[] };
    return { sql: v.sql, params: v.params ?? [] };
  }
  return { sql: '?', params: [value] };
}

/**
 * Return the column spec of one field of a model, as of the given state.
 *
 * @example
 * columnSpecFor(state, question, 'questionText', q);
 * // { name: 'question_text', internalType: 'CharField', null: false, maxLength: 200 }
 */
export function columnSpecFor(state: ProjectState, model: ModelState, name: string, quote: QuoteName): ColumnSpec {
  const field = model.getField(name);
  const column = columnName(name, field);
  if (column === null) {
    throw new MigrationError(`${model.appLabel}.${model.name}.${name} is a many-to-many field and has no column`, 'migrations.no_column');
  }
  const spec: ColumnSpec = {
    name: column,
    internalType: typeof field.internalType === 'string' ? field.internalType : field.type,
    null: field.null === true,
  };
  if (field.primaryKey) spec.primaryKey = true;
  if (field.unique || field.type === 'OneToOneField') spec.unique = !field.primaryKey;
  if (typeof field.maxLength === 'number') spec.maxLength = field.maxLength;
  if (typeof field.maxDigits === 'number') spec.maxDigits = field.maxDigits;
  if (typeof field.decimalPlaces === 'number') spec.decimalPlaces = field.decimalPlaces;
  if (typeof field.dbCollation === 'string') spec.collation = field.dbCollation;
  if (typeof field.dbComment === 'string') spec.comment = field.dbComment;
  const dbDefault = compileDbDefault(field.dbDefault);
  if (dbDefault) spec.dbDefault = dbDefault;
  if (POSITIVE_TYPES.has(field.type)) spec.check = `${quote(column)} >= 0`;
  if (field.type === 'ForeignKey' || field.type === 'OneToOneField') {
    const target = state.resolveTarget(String(field.to), model.appLabel);
    const toFieldName = typeof field.toField === 'string' ? field.toField : target.pkName;
    const toField = target.getField(toFieldName);
    const toType = typeof toField.internalType === 'string' ? toField.internalType : toField.type;
    spec.internalType = AUTO_TO_INTEGER[toType] ?? toType;
    if (typeof toField.maxLength === 'number') spec.maxLength = toField.maxLength;
    if (typeof toField.maxDigits === 'number') spec.maxDigits = toField.maxDigits;
    if (typeof toField.decimalPlaces === 'number') spec.decimalPlaces = toField.decimalPlaces;
    spec.references = {
      table: target.dbTable,
      column: defaultColumnName(toFieldName, toField),
      constraint: field.dbConstraint !== false && target.managed,
      deferrable: true,
    };
    if (field.dbIndex !== false && !spec.unique) spec.dbIndex = true;
  } else if (field.dbIndex === true && !spec.unique && !spec.primaryKey) {
    spec.dbIndex = true;
  }
  return spec;
}

/** Return the column of a field name, failing with the model named when it has none. */
export function fieldColumn(model: ModelState, name: string): string {
  const column = columnName(name, model.getField(name));
  if (column === null) {
    throw new MigrationError(`${model.appLabel}.${model.name}.${name} is a many-to-many field; it cannot be indexed`, 'migrations.no_column');
  }
  return column;
}

/** Return the index spec of an index description on a model. */
function condition(model: ModelState, value: string | Record<string, unknown>, quote: QuoteName): { sql: string; params: unknown[] } {
  if (typeof value === 'string') return { sql: value, params: [] };
  if (isQDescription(value)) return compileQ(model, value, quote, fieldColumn);
  throw new MigrationError(`A condition of ${model.appLabel}.${model.name} is neither SQL text nor a Q description`, 'migrations.bad_condition');
}

export function indexSpecFor(model: ModelState, index: IndexDescription, quote: QuoteName = (n) => `"${n}"`): IndexSpec {
  const spec: IndexSpec = {
    name: index.name,
    columns: index.fields.map((f) => fieldColumn(model, f.replace(/^-/, ''))),
  };
  if (index.fields.some((f) => f.startsWith('-'))) {
    spec.orders = index.fields.map((f) => (f.startsWith('-') ? 'DESC' : 'ASC'));
  }
  if (index.unique) spec.unique = true;
  if (index.condition) spec.condition = condition(model, index.condition, quote);
  return spec;
}

/** Return the constraint spec of a constraint description on a model. */
export function constraintSpecFor(model: ModelState, c: ConstraintDescription, quote: QuoteName = (n) => `"${n}"`): ConstraintSpec {
  const spec: ConstraintSpec = { kind: c.kind, name: c.name };
  if (c.fields) spec.columns = c.fields.map((f) => fieldColumn(model, f));
  if (c.check !== undefined) spec.check = condition(model, c.check, quote);
  if (c.condition !== undefined) spec.condition = condition(model, c.condition, quote);
  return spec;
}

/**
 * Return the full table spec of a model as of the given state (columns, indexes, constraints,
 * unique-together).
 */
export function tableSpecFor(state: ProjectState, model: ModelState, quote: QuoteName): TableSpec {
  const columns: ColumnSpec[] = [];
  for (const [name, field] of model.fields) {
    if (!isManyToMany(field)) columns.push(columnSpecFor(state, model, name, quote));
  }
  const spec: TableSpec = { name: model.dbTable, columns };
  const indexes = (model.options.indexes ?? []).map((i) => indexSpecFor(model, i, quote));
  if (indexes.length) spec.indexes = indexes;
  const constraints = (model.options.constraints ?? []).map((c) => constraintSpecFor(model, c, quote));
  if (constraints.length) spec.constraints = constraints;
  const together = (model.options.uniqueTogether ?? []).map((g) => g.map((f) => fieldColumn(model, f)));
  if (together.length) spec.uniqueTogether = together;
  if (model.options.dbTableComment) spec.comment = model.options.dbTableComment;
  return spec;
}

/**
 * Return the auto-created join table of a many-to-many field, or `null` when it names a
 * `through` model (whose own table the migrations create).
 *
 * @example
 * throughTableSpec(state, question, 'tags', q)?.name; // 'polls_question_tags'
 */
export function throughTableSpec(state: ProjectState, model: ModelState, name: string, quote: QuoteName): TableSpec | null {
  const field = model.getField(name);
  if (field.through) return null;
  const target = state.resolveTarget(String(field.to), model.appLabel);
  const table = typeof field.dbTable === 'string' ? field.dbTable : `${model.dbTable}_${snakeCase(name)}`;
  const self = target.key === model.key;
  const fromName = self ? `from_${model.nameLower}` : model.nameLower;
  const toName = self ? `to_${target.nameLower}` : target.nameLower;
  const through = new ModelState(
    model.appLabel,
    `${model.name}_${name}`,
    {
      id: { type: 'BigAutoField', primaryKey: true },
      [fromName]: { type: 'ForeignKey', to: `${model.appLabel}.${model.name}`, onDelete: 'CASCADE', dbIndex: true },
      [toName]: { type: 'ForeignKey', to: `${target.appLabel}.${target.name}`, onDelete: 'CASCADE', dbIndex: true },
    },
    { dbTable: table, uniqueTogether: [[fromName, toName]] },
  );
  return tableSpecFor(state, through, quote);
}
