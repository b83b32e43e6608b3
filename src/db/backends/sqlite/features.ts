// SQLite capability flags (SQLite >= 3.35 as bundled with better-sqlite3).
import { BaseDatabaseFeatures } from '../base/features.ts';

/**
 * What SQLite supports.
 *
 * @example
 * connections.get().features.supportsReturning // true on SQLite
 */
export class SqliteDatabaseFeatures extends BaseDatabaseFeatures {
  override supportsReturning = true;
  override hasLastInsertId = true;
  /**
   * The last insert id of a one-row INSERT is the new row's integer auto pk (its rowid), so
   * `save()`/`create()` read it instead of adding RETURNING.
   */
  readonly oneRowInsertLastIdIsPk = true;
  override maxQueryParams = 32766;
  override canRollbackDdl = true;
  override supportsTransactionalDdl = true;
  override supportsOrderByNullsModifier = true;
  override supportsUpdateConflictsWithTarget = true;
  override supportsPartialIndexes = true;
  override supportsExpressionIndexes = true;
  override canDeferConstraintChecks = true;
  override canAlterColumn = false;
  override supportsSelectForUpdate = false;
  override supportsConcurrentConnections = false;
  override supportsDecimalPrecision = false;
  override supportedExplainFormats = ['QUERY PLAN'] as const;
  override canStreamServerSide = true;
}
