// The model layer's public surface (re-exports only).
import './manager.ts';
import './persistence.ts';
import './relations.ts';
import './prefetch.ts';
import './deletion.ts';
import './schema-helpers.ts';
import './registry-hooks.ts';
import './query-debug.ts';
export { Model, prepareModels, isModelClass, STATE, type DefinedModel, type ModelInstance, type SaveOptions, type WithPk, type PkValue } from './model.ts';
export { fields } from './fields/factories.ts';
export * from './fields/scalar-fields.ts';
export { Field, snakeCase, type FieldOptions, type ColumnSpec, type DeconstructedField, type Validator } from './fields/field.ts';
export { ForeignKey, OneToOneField, ManyToManyField, CASCADE, PROTECT, RESTRICT, SET_NULL, SET_DEFAULT, DO_NOTHING, SET, ref, type OnDelete, type LazyRef, type ModelRef } from './fields/related-fields.ts';
export { fieldFromDeconstructed, registerFieldClass } from './fields/field-registry.ts';
export { Options, type MetaOptions, type TableSpec, type ReverseRelation } from './options.ts';
export { Index, UniqueConstraint, CheckConstraint, type Constraint, type DeconstructedIndex } from './indexes.ts';
export { Q, QObject } from './query-utils.ts';
export {
  Expression, F, FExpr, Value, ValueExpr, Func, Case, When, Subquery, OuterRef, Exists, OrderBy,
  Aggregate, Count, Sum, Avg, Min, Max, StdDev, Variance,
  Window, RowNumber, Rank, DenseRank, Lag, Lead, FirstValue, LastValue, Ntile,
} from './expressions.ts';
export * from './functions.ts';
export { QuerySet, type ExprResults } from './query-set.ts';
export { Manager } from './manager.ts';
export { RawQuerySet } from './raw-query-set.ts';
export { RelatedManager, ManyRelatedManager } from './related-managers.ts';
export { RelatedLoader } from './relations.ts';
export { Prefetch } from './prefetch.ts';
export { Collector } from './deletion.ts';
export { FieldError, FieldDoesNotExist, ProtectedError, RestrictedError } from './errors.ts';
export { preSave, postSave, preDelete, postDelete, m2mChanged } from './signals.ts';
export { createModelTables, dropModelTables } from './schema-helpers.ts';
export { historicalModel } from './historical.ts';
export type { ReverseOneToOne, FilterArgs, CheckFilter, FilterValue, ValueKeys, ValuesRow, OrderKey, Loaded, RelatedRef, RelationPaths, CreateInput, InstanceData, FieldsOf } from './model-types.ts';
export { assertNumQueries, detectNPlusOne, setNPlusOneReporter, QueryCountError, type CapturedQuery, type NPlusOneReport } from './query-debug.ts';
