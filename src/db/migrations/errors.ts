// Errors raised by the migration system. Each carries a stable `code`, and the file or
// operation it concerns when there is one, so a message always names the place to fix.

/**
 * Signal a problem in the migration system (state, graph, loader, executor, commands).
 *
 * @example
 * throw new MigrationError("polls/migrations/0002_x.ts depends on unknown migration polls.0009", 'migrations.missing_dependency');
 */
export class MigrationError extends Error {
  readonly code: string;
  /** The migration file concerned, when there is one. */
  readonly file: string | undefined;

  constructor(message: string, code: string, options: { file?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MigrationError';
    this.code = code;
    this.file = options.file;
  }
}

/**
 * Signal a cycle, a missing node or a conflict in the migration graph.
 */
export class MigrationGraphError extends MigrationError {
  constructor(message: string, code: string, options: { file?: string; cause?: unknown } = {}) {
    super(message, code, options);
    this.name = 'MigrationGraphError';
  }
}

/**
 * Signal a migration that stopped half-way on a database whose DDL is not transactional:
 * the message names the migration and the operation that failed, and what was applied before.
 */
export class PartialMigrationError extends MigrationError {
  readonly migration: string;
  readonly operationIndex: number;

  constructor(message: string, migration: string, operationIndex: number, cause: unknown) {
    super(message, 'migrations.partially_applied', { cause });
    this.name = 'PartialMigrationError';
    this.migration = migration;
    this.operationIndex = operationIndex;
  }
}
