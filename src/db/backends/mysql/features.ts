// MySQL/MariaDB capability flags (MariaDB >= 10.6, MySQL >= 8.0.19).
import { BaseDatabaseFeatures } from '../base/features.ts';

/**
 * What MySQL and MariaDB support. DDL is not transactional: a migration that fails half-way
 * leaves the operations that ran applied (`canRollbackDdl = false`).
 *
 * @example
 * connections.get().features.canRollbackDdl // false on MySQL/MariaDB
 */
export class MysqlDatabaseFeatures extends BaseDatabaseFeatures {
  override hasLastInsertId = true;
  override canRollbackDdl = false;
  override supportsTransactionalDdl = false;
  override hasNativeJson = true;
  override supportsSelectForUpdate = true;
  override supportsSelectForUpdateNowait = true;
  override supportsSelectForUpdateSkipLocked = true;
  override supportsUpdateConflictsWithTarget = false;
  override supportsComments = true;
  override allowsLimitInSubqueryIn = false;
  override updateCanSelfSelect = false;
  override hasCaseSensitiveEquality = false;
  override supportedExplainFormats = ['TRADITIONAL', 'JSON'] as const;
  override canStreamServerSide = true;
}
