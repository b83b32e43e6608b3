// Small SQL hooks and value converters per vendor. The shared compiler (db/sql) calls these;
// a backend overrides only the snippets that differ. Values never enter SQL text: hooks return
// SQL with `?` placeholders and the caller binds the values.
import { NotSupportedError, ProgrammingError, validateIdentifier } from '../../utils.ts';
import { isValidTimeZone } from './timezone.ts';
import { BaseValueConverters } from './value-converters.ts';

export type { ConvertSpec } from './value-converters.ts';

/** Field lookups whose SQL operator differs per vendor. */
export type PatternLookup =
  | 'exact' | 'iexact' | 'contains' | 'icontains' | 'startswith' | 'istartswith'
  | 'endswith' | 'iendswith' | 'regex' | 'iregex' | 'gt' | 'gte' | 'lt' | 'lte';

/** Parts of a date/time for extract (`pubDate__year`) and trunc (`TruncMonth`). */
export type DateKind =
  | 'year' | 'quarter' | 'month' | 'week' | 'week_day' | 'iso_week_day' | 'iso_year'
  | 'day' | 'hour' | 'minute' | 'second';

/** Units `datetimeTruncSql` accepts. */
export type TruncKind = 'year' | 'quarter' | 'month' | 'week' | 'day' | 'hour' | 'minute' | 'second';

const DATE_KINDS: ReadonlySet<string> = new Set([
  'year', 'quarter', 'month', 'week', 'week_day', 'iso_week_day', 'iso_year', 'day', 'hour', 'minute', 'second',
]);
const TRUNC_KINDS: ReadonlySet<string> = new Set(['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second']);

/**
 * Vendor SQL snippets and the JS <-> driver value contract.
 *
 * @example
 * conn.ops.quoteName('polls_question')            // '"polls_question"' (MySQL: '`polls_question`')
 * conn.ops.lookupSql('icontains', '"t"."name"')   // '"t"."name" LIKE ? ESCAPE '\'' (SQLite)
 * conn.ops.prepareLookupValue('icontains', '50%') // '%50\%%'
 */
export class BaseDatabaseOperations extends BaseValueConverters {
  /**
   * Return the statements that take and release a session-level named lock (held on one
   * connection), or null when the database has none and relies on transactions instead.
   * `migrate` uses it so two runs at once do not collide.
   *
   * @example
   * conn.ops.namedLockSql('reinhardt_migrate') // PostgreSQL: { acquire: 'SELECT pg_advisory_lock(...)', release: ... }
   */
  namedLockSql(_name: string): { acquire: string; release: string } | null {
    return null;
  }

  /** Longest identifier the database accepts. */
  maxNameLength = 64;
  /** The quote character for identifiers. */
  protected quoteChar = '"';

  // ---- identifiers --------------------------------------------------------------------------

  /**
   * Validate `name` (see validateIdentifier) and quote it. Already-quoted names are refused:
   * quote exactly once, from the raw name.
   *
   * @example
   * ops.quoteName('order')  // '"order"'
   */
  quoteName(name: string, what = 'identifier'): string {
    return this.quoteChar + validateIdentifier(name, what, this.maxNameLength) + this.quoteChar;
  }

  /** Quote a `table.column` pair. */
  quoteColumn(table: string, column: string): string {
    return `${this.quoteName(table, 'table name')}.${this.quoteName(column, 'column name')}`;
  }

  /** A cheap statement that proves the connection works. */
  pingSql(): string {
    return 'SELECT 1';
  }

  // ---- transactions -------------------------------------------------------------------------

  startTransactionSql(): string {
    return 'BEGIN';
  }
  commitSql(): string {
    return 'COMMIT';
  }
  rollbackSql(): string {
    return 'ROLLBACK';
  }
  savepointCreateSql(sid: string): string {
    return `SAVEPOINT ${this.quoteName(sid, 'savepoint name')}`;
  }
  savepointCommitSql(sid: string): string {
    return `RELEASE SAVEPOINT ${this.quoteName(sid, 'savepoint name')}`;
  }
  savepointRollbackSql(sid: string): string {
    return `ROLLBACK TO SAVEPOINT ${this.quoteName(sid, 'savepoint name')}`;
  }

  // ---- lookups ------------------------------------------------------------------------------

  /** Operator templates; `%s` is replaced by the right-hand side (usually `?`). */
  protected operators: Record<PatternLookup, string> = {
    exact: '= %s',
    iexact: "LIKE %s ESCAPE '\\'",
    contains: "LIKE %s ESCAPE '\\'",
    icontains: "LIKE %s ESCAPE '\\'",
    startswith: "LIKE %s ESCAPE '\\'",
    istartswith: "LIKE %s ESCAPE '\\'",
    endswith: "LIKE %s ESCAPE '\\'",
    iendswith: "LIKE %s ESCAPE '\\'",
    regex: 'REGEXP %s',
    iregex: 'REGEXP %s',
    gt: '> %s',
    gte: '>= %s',
    lt: '< %s',
    lte: '<= %s',
  };

  /** Lookups whose lhs is wrapped (e.g. `UPPER(%s)`) before the operator. */
  protected lhsWrappers: Partial<Record<PatternLookup, string>> = {};

  /**
   * Return the SQL comparing `lhs` with `rhs` (default `?`) for a lookup. When rhs is a bound
   * value, bind `prepareLookupValue(lookup, value)`; when rhs is a column or expression, pass
   * `patternSql(lookup, rhsSql)` as rhs instead.
   *
   * @example
   * // PostgreSQL: lookupSql('icontains', '"name"') -> '"name"::text ILIKE ?'
   * // MySQL:      lookupSql('contains', '`name`')  -> '`name` LIKE BINARY ?'
   */
  lookupSql(lookup: PatternLookup, lhs: string, rhs = '?'): string {
    const op = this.operators[lookup];
    if (op === undefined) throw new NotSupportedError(`Unknown lookup '${lookup}'`, 'db.unknown_lookup');
    const wrap = this.lhsWrappers[lookup];
    return `${wrap ? wrap.replace('%s', lhs) : lhs} ${op.replace('%s', rhs)}`;
  }

  /** Escape `%`, `_` and `\` in a LIKE pattern (so user text matches literally). */
  escapeLike(value: string): string {
    return value.replace(/[\\%_]/g, (c) => `\\${c}`);
  }

  /**
   * Return the bound value for a lookup: LIKE lookups get escaped and wrapped in `%`, regex and
   * comparison lookups pass through.
   */
  prepareLookupValue(lookup: PatternLookup, value: unknown): unknown {
    switch (lookup) {
      case 'iexact': return this.escapeLike(String(value));
      case 'contains': case 'icontains': return `%${this.escapeLike(String(value))}%`;
      case 'startswith': case 'istartswith': return `${this.escapeLike(String(value))}%`;
      case 'endswith': case 'iendswith': return `%${this.escapeLike(String(value))}`;
      default: return value;
    }
  }

  /**
   * Return SQL that turns the text of expression `rhs` into the pattern a LIKE lookup needs
   * (for `name__contains=F('other')`).
   */
  patternSql(lookup: PatternLookup, rhs: string): string {
    const esc = `REPLACE(REPLACE(REPLACE(${rhs}, '\\', '\\\\'), '%', '\\%'), '_', '\\_')`;
    switch (lookup) {
      case 'contains': case 'icontains': return this.concatSql(["'%'", esc, "'%'"]);
      case 'startswith': case 'istartswith': return this.concatSql([esc, "'%'"]);
      case 'endswith': case 'iendswith': return this.concatSql(["'%'", esc]);
      case 'iexact': return esc;
      default: return rhs;
    }
  }

  /** Concatenate SQL string expressions. */
  concatSql(parts: string[]): string {
    return parts.join(' || ');
  }

  // ---- flushing and sequences ------------------------------------------------------------

  /**
   * Return the statements that empty `tables` (and restart their id sequences when
   * `resetSequences`), in an order that respects foreign keys. Run them in one transaction.
   *
   * @example
   * ops.sqlFlush(['polls_choice', 'polls_question'], true)
   * // PostgreSQL: ['TRUNCATE "polls_choice", "polls_question" RESTART IDENTITY CASCADE']
   */
  sqlFlush(tables: readonly string[], resetSequences = false): string[] {
    void resetSequences;
    return tables.map((t) => `DELETE FROM ${this.quoteName(t, 'table name')}`);
  }

  /**
   * Return statements that move the id sequence of `table.column` past the largest stored id
   * (after inserting explicit ids), or an empty list where ids need no reset.
   */
  sequenceResetSql(table: string, column: string): string[] {
    void table; void column;
    return [];
  }

  // ---- pagination, ordering, misc snippets -------------------------------------------------

  /**
   * Return the LIMIT/OFFSET clause and the values to bind: placeholders by default, or the
   * numbers written into the SQL where `inlineLimitValues` says the database plans better so.
   * Either way the values must be non-negative safe integers.
   */
  limitOffsetSql(limit: number | null | undefined, offset: number | null | undefined): { sql: string; params: number[] } {
    const parts: string[] = [];
    const params: number[] = [];
    const clause = (keyword: string, n: number): void => {
      if (!Number.isSafeInteger(n) || n < 0) throw new TypeError(`${keyword} must be a non-negative integer, got ${String(n)}`);
      if (this.inlineLimitValues) parts.push(`${keyword} ${n}`);
      else {
        parts.push(`${keyword} ?`);
        params.push(n);
      }
    };
    if (limit !== null && limit !== undefined) clause('LIMIT', limit);
    if (offset) {
      if ((limit === null || limit === undefined) && this.noLimitSql()) parts.push(this.noLimitSql());
      clause('OFFSET', offset);
    }
    return { sql: parts.join(' '), params };
  }

  /** Write LIMIT/OFFSET values into the SQL instead of binding them (see limitOffsetSql). */
  protected inlineLimitValues = false;

  /** What to write when OFFSET has no LIMIT (SQLite/MySQL need a LIMIT). */
  protected noLimitSql(): string {
    return '';
  }

  /** The random-order function (`orderBy('?')`). */
  randomFunctionSql(): string {
    return 'RANDOM()';
  }

  /**
   * Return `expr ASC|DESC [NULLS FIRST|LAST]`, emulating NULLS FIRST/LAST with an `IS NULL`
   * sort key where the database lacks the modifier.
   */
  orderBySql(expr: string, descending: boolean, nulls?: 'first' | 'last'): string {
    const dir = descending ? 'DESC' : 'ASC';
    if (!nulls) return `${expr} ${dir}`;
    if (this.supportsNullsModifier()) return `${expr} ${dir} NULLS ${nulls === 'first' ? 'FIRST' : 'LAST'}`;
    return `${expr} IS ${nulls === 'first' ? 'NOT ' : ''}NULL, ${expr} ${dir}`;
  }

  protected supportsNullsModifier(): boolean {
    return false;
  }

  /** Return `CAST(expr AS type)` for a field internal type. */
  castSql(expr: string, internalType: string): string {
    return `CAST(${expr} AS ${this.castTypes[internalType] ?? this.castTypes['TextField']})`;
  }

  protected castTypes: Record<string, string> = {
    TextField: 'TEXT', CharField: 'TEXT', IntegerField: 'INTEGER', BigIntegerField: 'BIGINT',
    SmallIntegerField: 'INTEGER', FloatField: 'REAL', DecimalField: 'NUMERIC',
    BooleanField: 'BOOLEAN', DateField: 'DATE', DateTimeField: 'TIMESTAMP', TimeField: 'TIME',
  };

  /**
   * Return the `SELECT ... FOR UPDATE` suffix.
   * @example ops.forUpdateSql({ nowait: true }) // 'FOR UPDATE NOWAIT'
   */
  forUpdateSql(options: { nowait?: boolean; skipLocked?: boolean; of?: string[]; noKey?: boolean } = {}): string {
    let sql = options.noKey ? 'FOR NO KEY UPDATE' : 'FOR UPDATE';
    if (options.of?.length) sql += ` OF ${options.of.map((t) => this.quoteName(t)).join(', ')}`;
    if (options.nowait) sql += ' NOWAIT';
    else if (options.skipLocked) sql += ' SKIP LOCKED';
    return sql;
  }

  /** Explain formats and options this vendor accepts (lowercase keys). */
  protected explainOptions: ReadonlySet<string> = new Set();
  protected explainFormats: ReadonlySet<string> = new Set();

  /**
   * Return the EXPLAIN prefix, validating every option against the vendor's allow-list (no
   * caller string reaches SQL unchecked).
   * @example ops.explainQueryPrefix('JSON', { analyze: true }) // 'EXPLAIN (ANALYZE true, FORMAT JSON)' (PostgreSQL)
   */
  explainQueryPrefix(format?: string, options: Record<string, boolean> = {}): string {
    if (format && !this.explainFormats.has(format.toUpperCase())) {
      throw new NotSupportedError(
        `EXPLAIN format '${format}' is not supported here; use one of ${[...this.explainFormats].join(', ') || '(none)'}`,
        'db.explain_format',
      );
    }
    for (const key of Object.keys(options)) {
      if (!this.explainOptions.has(key.toLowerCase())) {
        throw new NotSupportedError(`Unknown EXPLAIN option '${key}'`, 'db.explain_option');
      }
    }
    return this.explainPrefixFor(format?.toUpperCase(), options);
  }

  protected explainPrefixFor(_format: string | undefined, _options: Record<string, boolean>): string {
    return 'EXPLAIN';
  }

  /** Return `INSERT` prefix/suffix for ignoring conflicts (`bulkCreate(..., ignoreConflicts)`). */
  insertIgnoreSql(): { prefix: string; suffix: string } {
    return { prefix: 'INSERT', suffix: 'ON CONFLICT DO NOTHING' };
  }

  /**
   * Return the upsert suffix: on conflict of `uniqueColumns`, set `updateColumns` from the
   * proposed row.
   */
  onConflictUpdateSql(uniqueColumns: string[], updateColumns: string[]): string {
    const target = uniqueColumns.map((c) => this.quoteName(c)).join(', ');
    const sets = updateColumns.map((c) => `${this.quoteName(c)} = EXCLUDED.${this.quoteName(c)}`).join(', ');
    return `ON CONFLICT(${target}) DO UPDATE SET ${sets}`;
  }

  /** Return the RETURNING clause for the given columns ('' if unsupported). */
  returningSql(columns: string[]): string {
    return `RETURNING ${columns.map((c) => this.quoteName(c)).join(', ')}`;
  }

  /** SQL for inserting a row with no explicit values. */
  defaultValuesSql(): string {
    return 'DEFAULT VALUES';
  }

  // ---- dates and times ----------------------------------------------------------------------

  /** Return the time zone name to convert datetimes to, validated ('UTC' when USE_TZ is off). */
  protected checkTz(tzname: string | null | undefined): string | null {
    if (!this.tz.USE_TZ) return null;
    const name = tzname ?? this.tz.TIME_ZONE;
    if (!isValidTimeZone(name)) {
      throw new ProgrammingError(`Invalid time zone name '${name}'`, 'db.invalid_timezone');
    }
    return name === 'UTC' ? null : name;
  }

  protected checkKind(kind: string, trunc = false): void {
    if (!(trunc ? TRUNC_KINDS : DATE_KINDS).has(kind)) {
      throw new ProgrammingError(`Unknown date part '${kind}'`, 'db.invalid_date_kind');
    }
  }

  /** Return SQL extracting `kind` from a DateField expression. */
  dateExtractSql(kind: DateKind, sql: string): string {
    this.checkKind(kind);
    throw new NotSupportedError(`dateExtractSql(${kind}, ${sql}) is not implemented by this backend`);
  }
  /** Return SQL extracting `kind` from a DateTimeField expression, in `tzname` (USE_TZ). */
  datetimeExtractSql(kind: DateKind, sql: string, tzname?: string | null): string {
    void tzname;
    return this.dateExtractSql(kind, sql);
  }
  /** Return SQL extracting `kind` (hour/minute/second) from a TimeField expression. */
  timeExtractSql(kind: DateKind, sql: string): string {
    return this.dateExtractSql(kind, sql);
  }
  /** Return SQL truncating a DateField expression to `kind`; result is a date. */
  dateTruncSql(kind: TruncKind, sql: string, tzname?: string | null): string {
    void tzname;
    throw new NotSupportedError(`dateTruncSql(${kind}, ${sql}) is not implemented by this backend`);
  }
  /** Return SQL truncating a DateTimeField expression to `kind` in `tzname`; result is a datetime. */
  datetimeTruncSql(kind: TruncKind, sql: string, tzname?: string | null): string {
    return this.dateTruncSql(kind, sql, tzname);
  }
  /** Return SQL truncating a TimeField expression to hour/minute/second. */
  timeTruncSql(kind: TruncKind, sql: string, tzname?: string | null): string {
    return this.dateTruncSql(kind, sql, tzname);
  }
  /** Return SQL casting a DateTimeField expression to its date in `tzname`. */
  datetimeCastDateSql(sql: string, tzname?: string | null): string {
    void tzname;
    return `CAST(${sql} AS DATE)`;
  }
  /** Return SQL casting a DateTimeField expression to its time of day in `tzname`. */
  datetimeCastTimeSql(sql: string, tzname?: string | null): string {
    void tzname;
    return `CAST(${sql} AS TIME)`;
  }

  // ---- JSON ---------------------------------------------------------------------------------

  /** Validate a JSON key path and return it as a JSON path string (`$."a"[0]`). */
  jsonPath(keys: readonly (string | number)[]): string {
    let path = '$';
    for (const k of keys) {
      if (typeof k === 'number' || /^\d+$/.test(k)) path += `[${k}]`;
      else path += `.${JSON.stringify(k)}`;
    }
    return path;
  }

  /**
   * Return SQL extracting the JSON value at `keys` from `sql` (as JSON text/value), the path
   * bound as a parameter.
   */
  jsonExtractSql(sql: string, keys: readonly (string | number)[]): { sql: string; params: unknown[] } {
    return { sql: `JSON_EXTRACT(${sql}, ?)`, params: [this.jsonPath(keys)] };
  }
  /** Return SQL extracting the value at `keys` as text (for comparisons with strings). */
  jsonExtractTextSql(sql: string, keys: readonly (string | number)[]): { sql: string; params: unknown[] } {
    return this.jsonExtractSql(sql, keys);
  }
  /** Return SQL true when the JSON object has key `key` (never the `?` operator). */
  jsonHasKeySql(sql: string, key: string): { sql: string; params: unknown[] } {
    return { sql: `JSON_TYPE(${sql}, ?) IS NOT NULL`, params: [this.jsonPath([key])] };
  }
  /** Return SQL true when the JSON object has every key (`mode: 'all'`) or any (`'any'`). */
  jsonHasKeysSql(sql: string, keys: readonly string[], mode: 'all' | 'any'): { sql: string; params: unknown[] } {
    const parts = keys.map((k) => this.jsonHasKeySql(sql, k));
    return { sql: `(${parts.map((p) => p.sql).join(mode === 'all' ? ' AND ' : ' OR ')})`, params: parts.flatMap((p) => p.params) };
  }
}
