// PostgreSQL capability flags (PostgreSQL >= 13).
import { BaseDatabaseFeatures } from '../base/features.ts';

/**
 * What PostgreSQL supports.
 *
 * @example
 * connections.get().features.supportsDistinctOn // true on PostgreSQL
 */
export class PostgresqlDatabaseFeatures extends BaseDatabaseFeatures {
  override supportsReturning = true;
  override canRollbackDdl = true;
  override supportsTransactionalDdl = true;
  override hasNativeUuid = true;
  override hasNativeJson = true;
  override hasNativeDuration = true;
  override hasNativeBoolean = true;
  override supportsTimezones = true;
  override supportsDistinctOn = true;
  override supportsSelectForUpdate = true;
  override supportsSelectForUpdateNowait = true;
  override supportsSelectForUpdateSkipLocked = true;
  override supportsSelectForUpdateOf = true;
  override supportsIlike = true;
  override supportsOrderByNullsModifier = true;
  override supportsUpdateConflictsWithTarget = true;
  override supportsPartialIndexes = true;
  override supportsExpressionIndexes = true;
  override canDeferConstraintChecks = true;
  override supportsComments = true;
  override supportsJsonFieldContains = true;
  override supportedExplainFormats = ['TEXT', 'XML', 'JSON', 'YAML'] as const;
  override canStreamServerSide = true;
}
