// `reinhardt/db/migrations`: what migration files import, and the migration machinery.
export { defineMigration, Migration } from './migration.ts';
export type { MigrationSpec, MigrationKey } from './migration.ts';
export * from './operations/index.ts';
export type { FieldDescription, IndexDescription, ConstraintDescription, ModelOptions } from './descriptions.ts';
export { ModelState, ProjectState } from './state.ts';
export { MigrationGraph } from './graph.ts';
export { MigrationLoader } from './loader.ts';
export type { MigrationApp } from './loader.ts';
export { MigrationAutodetector } from './autodetector.ts';
export { MigrationQuestioner, NO_DEFAULT } from './questioner.ts';
export type { Questioner, QuestionerOptions } from './questioner.ts';
export { writeMigration } from './writer.ts';
export { MigrationError, MigrationGraphError, PartialMigrationError } from './errors.ts';
