// Every migration operation, re-exported for migration files and the writer.
export { Operation } from './base.ts';
export type { SchemaActions, RunCodeContext, HistoricalApps, HistoricalModel, DatabaseStep } from './base.ts';
export { CreateModel, DeleteModel, RenameModel, AlterModelTable, AlterModelOptions, AlterUniqueTogether } from './models.ts';
export { AddField, RemoveField, AlterField, RenameField } from './fields.ts';
export { AddIndex, RemoveIndex, RenameIndex } from './indexes.ts';
export { AddConstraint, RemoveConstraint } from './constraints.ts';
export { RunSQL, RunCode, SeparateDatabaseAndState } from './special.ts';
export type { SqlSource, RunCodeFunction } from './special.ts';
