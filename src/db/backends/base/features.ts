// Capability flags: what a database can do. The compiler, the model layer and migrations ask
// these questions instead of comparing vendor names. Each backend overrides what differs.

/**
 * The capability flags of a backend. Defaults describe a conservative SQL database; vendors
 * turn on what they support.
 *
 * @example
 * if (conn.features.supportsReturning) sql += ' RETURNING ' + cols;
 */
export class BaseDatabaseFeatures {
  /** `INSERT/UPDATE/DELETE ... RETURNING` (PostgreSQL, SQLite >= 3.35, MariaDB INSERT only: off). */
  supportsReturning = false;
  /** The driver reports the id of the last inserted row (`execute().lastInsertId`). */
  hasLastInsertId = false;
  /** One INSERT with many VALUES rows. */
  hasBulkInsert = true;
  /** Most parameters one statement may bind (SQLite: 32766; PostgreSQL: 65535). */
  maxQueryParams = 65535;
  /** DDL runs inside transactions and rolls back with them. */
  canRollbackDdl = false;
  /** Migrations may wrap each migration in one transaction (Django: `can_rollback_ddl`). */
  supportsTransactionalDdl = false;
  /** A native UUID column type (otherwise char(32) hex). */
  hasNativeUuid = false;
  /** A native JSON column type with JSON operators. */
  hasNativeJson = false;
  /** A native interval type for DurationField (otherwise bigint microseconds). */
  hasNativeDuration = false;
  /** Native boolean type (otherwise 0/1 integers). */
  hasNativeBoolean = false;
  /** Datetime columns store the time zone (timestamptz). */
  supportsTimezones = false;
  /** `SELECT DISTINCT ON (...)`. */
  supportsDistinctOn = false;
  /** `SELECT ... FOR UPDATE`. */
  supportsSelectForUpdate = false;
  supportsSelectForUpdateNowait = false;
  supportsSelectForUpdateSkipLocked = false;
  /** `FOR UPDATE OF table` . */
  supportsSelectForUpdateOf = false;
  /** Window functions (`OVER (...)`). */
  supportsWindowFunctions = true;
  /** `ILIKE` exists (otherwise the ops emulate case-insensitive matching). */
  supportsIlike = false;
  /** `ORDER BY x NULLS FIRST/LAST` (otherwise the compiler emulates with `x IS NULL`). */
  supportsOrderByNullsModifier = false;
  /** `INSERT ... ON CONFLICT DO NOTHING` / `INSERT IGNORE`. */
  supportsIgnoreConflicts = true;
  /** `INSERT ... ON CONFLICT (cols) DO UPDATE` / `ON DUPLICATE KEY UPDATE`. */
  supportsUpdateConflicts = true;
  /** The upsert names its conflict target columns (PostgreSQL, SQLite; not MySQL). */
  supportsUpdateConflictsWithTarget = false;
  /** Partial indexes (`CREATE INDEX ... WHERE`) and conditional unique constraints. */
  supportsPartialIndexes = false;
  /** Indexes on expressions. */
  supportsExpressionIndexes = false;
  /** Check constraints are enforced. */
  supportsTableCheckConstraints = true;
  /** Foreign keys are enforced. */
  supportsForeignKeys = true;
  /** FK constraints may be `DEFERRABLE INITIALLY DEFERRED`. */
  canDeferConstraintChecks = false;
  /** Column comments (`COMMENT ON COLUMN` / inline `COMMENT`). */
  supportsComments = false;
  /** Per-column collations. */
  supportsCollationOnCharField = true;
  /** `EXPLAIN` options the ops accept (validated; see ops.explainQueryPrefix). */
  supportedExplainFormats: readonly string[] = [];
  /** `ALTER TABLE ... RENAME COLUMN`. */
  canRenameColumn = true;
  /** `ALTER TABLE ... ALTER COLUMN` (SQLite rebuilds the table instead). */
  canAlterColumn = true;
  /** Regular-expression lookups (`regex`/`iregex`). */
  supportsRegex = true;
  /** JSON field lookups (`has_key`, key transforms, `contains` on JSON). */
  supportsJsonField = true;
  /** `jsonField__contains` / `contained_by`. */
  supportsJsonFieldContains = false;
  /** Column defaults computed by the database (`db_default`). */
  supportsDbDefault = true;
  /** Empty string and NULL are distinct (true everywhere here; Oracle is not supported). */
  interpretsEmptyStringsAsNulls = false;
  /** The backend compares strings case-sensitively with `=` (MySQL's default collation does not). */
  hasCaseSensitiveEquality = true;
  /** `LIMIT` may appear in subqueries used with `IN` (MySQL refuses). */
  allowsLimitInSubqueryIn = true;
  /** An UPDATE may reference the updated table in a subquery (MySQL refuses). */
  updateCanSelfSelect = true;
  /** Savepoints inside transactions. */
  usesSavepoints = true;
  /** Several statements may run at once on separate pooled connections. */
  supportsConcurrentConnections = true;
  /** Numeric precision for DecimalField is enforced by the column type. */
  supportsDecimalPrecision = true;
  /** Microseconds are stored in datetime/time columns. */
  supportsMicroseconds = true;
  /** Streaming reads hold a server-side cursor (otherwise rows are fetched then chunked). */
  canStreamServerSide = false;
}
