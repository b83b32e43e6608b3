// What the shared SQL compiler needs from a database backend: the subset of
// `BaseDatabaseOperations` (db/backends/base/operations.ts) and `BaseDatabaseFeatures` it
// calls, as structural types so this layer imports nothing above it. The compiler never asks
// which vendor it is talking to.

/** Lookups whose operator the backend supplies. */
export type OpsLookup =
  | 'exact' | 'iexact' | 'contains' | 'icontains' | 'startswith' | 'istartswith'
  | 'endswith' | 'iendswith' | 'regex' | 'iregex' | 'gt' | 'gte' | 'lt' | 'lte';
/** Date parts. */
export type DatePart = 'year' | 'quarter' | 'month' | 'week' | 'week_day' | 'iso_week_day' | 'iso_year' | 'day' | 'hour' | 'minute' | 'second';
/** Truncation units. */
export type TruncUnit = 'year' | 'quarter' | 'month' | 'week' | 'day' | 'hour' | 'minute' | 'second';

/** The operation hooks the compiler calls (implemented by every backend's `ops`). */
export interface CompilerOps {
  quoteName(name: string, what?: string): string;
  adaptValue(internalType: string, value: unknown): unknown;
  convertValue(internalType: string, value: unknown, spec?: { decimalPlaces?: number | undefined; maxDigits?: number | undefined }): unknown;
  lookupSql(lookup: OpsLookup, lhs: string, rhs?: string): string;
  /** Called for the pattern lookups only (iexact and the contains/startswith/endswith family). */
  prepareLookupValue(lookup: OpsLookup, value: unknown): unknown;
  patternSql(lookup: OpsLookup, rhs: string): string;
  concatSql(parts: string[]): string;
  limitOffsetSql(limit: number | null | undefined, offset: number | null | undefined): { sql: string; params: number[] };
  randomFunctionSql(): string;
  orderBySql(expr: string, descending: boolean, nulls?: 'first' | 'last'): string;
  castSql(expr: string, internalType: string): string;
  forUpdateSql(options?: { nowait?: boolean; skipLocked?: boolean; of?: string[] }): string;
  explainQueryPrefix(format?: string, options?: Record<string, boolean>): string;
  returningSql(columns: string[]): string;
  defaultValuesSql(): string;
  insertIgnoreSql(): { prefix: string; suffix: string };
  dateExtractSql(kind: DatePart, sql: string): string;
  datetimeExtractSql(kind: DatePart, sql: string, tzname?: string | null): string;
  timeExtractSql(kind: DatePart, sql: string): string;
  dateTruncSql(kind: TruncUnit, sql: string, tzname?: string | null): string;
  datetimeTruncSql(kind: TruncUnit, sql: string, tzname?: string | null): string;
  timeTruncSql(kind: TruncUnit, sql: string, tzname?: string | null): string;
  datetimeCastDateSql(sql: string, tzname?: string | null): string;
  datetimeCastTimeSql(sql: string, tzname?: string | null): string;
  jsonExtractSql(sql: string, keys: readonly (string | number)[]): { sql: string; params: unknown[] };
  jsonExtractTextSql(sql: string, keys: readonly (string | number)[]): { sql: string; params: unknown[] };
  jsonHasKeySql(sql: string, key: string): { sql: string; params: unknown[] };
  jsonHasKeysSql(sql: string, keys: readonly string[], mode: 'all' | 'any'): { sql: string; params: unknown[] };
}

/** The capability flags the compiler and model layer read. */
export interface CompilerFeatures {
  supportsReturning: boolean;
  hasLastInsertId: boolean;
  supportsDistinctOn: boolean;
  supportsSelectForUpdate: boolean;
  supportsSelectForUpdateNowait: boolean;
  supportsSelectForUpdateSkipLocked: boolean;
  supportsWindowFunctions: boolean;
  maxQueryParams: number;
  updateCanSelfSelect: boolean;
  allowsLimitInSubqueryIn: boolean;
}

/** The parts of a connection the compiler uses. */
export interface CompilerConnection {
  ops: CompilerOps;
  features: CompilerFeatures;
}
