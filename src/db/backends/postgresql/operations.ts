// PostgreSQL SQL snippets: LIKE/ILIKE and ~/~* lookups, EXTRACT/DATE_TRUNC with AT TIME ZONE,
// jsonb path operators, native uuid/interval/boolean values.
import { BaseDatabaseOperations } from '../base/operations.ts';
import type { DateKind, PatternLookup, TruncKind } from '../base/operations.ts';
import { DataError } from '../../utils.ts';

const EXTRACT_FIELD: Record<DateKind, string> = {
  year: 'YEAR', quarter: 'QUARTER', month: 'MONTH', week: 'WEEK', week_day: 'DOW', iso_week_day: 'ISODOW',
  iso_year: 'ISOYEAR', day: 'DAY', hour: 'HOUR', minute: 'MINUTE', second: 'SECOND',
};
const LIKE_LOOKUPS = new Set<PatternLookup>(['iexact', 'contains', 'icontains', 'startswith', 'istartswith', 'endswith', 'iendswith', 'regex', 'iregex']);
const TSTZ_RE = /^(\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?)?( BC)?$/;

/**
 * PostgreSQL operations.
 *
 * @example
 * ops.lookupSql('icontains', '"name"')                     // '"name"::text ILIKE ?'
 * ops.datetimeExtractSql('year', '"pub"', 'Europe/Paris')  // `CAST(EXTRACT(YEAR FROM "pub" AT TIME ZONE 'Europe/Paris') AS integer)`
 */
export class PostgresqlOperations extends BaseDatabaseOperations {
  override namedLockSql(name: string): { acquire: string; release: string } {
    // Advisory locks take a 64-bit key: derive a stable one from the name.
    let key = 0;
    for (const ch of name) key = (Math.imul(key, 31) + ch.charCodeAt(0)) | 0;
    return { acquire: `SELECT pg_advisory_lock(${key})`, release: `SELECT pg_advisory_unlock(${key})` };
  }

  override maxNameLength = 63;

  protected override operators: Record<PatternLookup, string> = {
    exact: '= %s',
    iexact: 'ILIKE %s',
    contains: 'LIKE %s',
    icontains: 'ILIKE %s',
    startswith: 'LIKE %s',
    istartswith: 'ILIKE %s',
    endswith: 'LIKE %s',
    iendswith: 'ILIKE %s',
    regex: '~ %s',
    iregex: '~* %s',
    gt: '> %s',
    gte: '>= %s',
    lt: '< %s',
    lte: '<= %s',
  };

  override lookupSql(lookup: PatternLookup, lhs: string, rhs = '?'): string {
    // Pattern lookups work on text; casting lets them apply to any column (Django does too).
    return super.lookupSql(lookup, LIKE_LOOKUPS.has(lookup) ? `${lhs}::text` : lhs, rhs);
  }

  override patternSql(lookup: PatternLookup, rhs: string): string {
    return super.patternSql(lookup, `(${rhs})::text`);
  }

  protected override castTypes: Record<string, string> = {
    TextField: 'text', CharField: 'varchar', IntegerField: 'integer', BigIntegerField: 'bigint',
    SmallIntegerField: 'smallint', FloatField: 'double precision', DecimalField: 'numeric',
    BooleanField: 'boolean', DateField: 'date', DateTimeField: 'timestamp with time zone', TimeField: 'time',
    JSONField: 'jsonb', UUIDField: 'uuid', DurationField: 'interval',
  };

  override sqlFlush(tables: readonly string[], resetSequences = false): string[] {
    if (!tables.length) return [];
    const list = tables.map((t) => this.quoteName(t, 'table name')).join(', ');
    return [`TRUNCATE ${list}${resetSequences ? ' RESTART IDENTITY' : ''} CASCADE`];
  }

  override sequenceResetSql(table: string, column: string): string[] {
    const t = this.quoteName(table, 'table name');
    const c = this.quoteName(column, 'column name');
    // pg_get_serial_sequence takes the quoted table name as text; both names are validated.
    return [`SELECT setval(pg_get_serial_sequence('${t}', '${column}'), COALESCE(MAX(${c}), 1), MAX(${c}) IS NOT NULL) FROM ${t}`];
  }

  protected override supportsNullsModifier(): boolean {
    return true;
  }

  protected override explainFormats: ReadonlySet<string> = new Set(['TEXT', 'XML', 'JSON', 'YAML']);
  protected override explainOptions: ReadonlySet<string> = new Set(['analyze', 'verbose', 'costs', 'buffers', 'settings', 'summary', 'timing', 'wal', 'generic_plan', 'memory']);

  protected override explainPrefixFor(format: string | undefined, options: Record<string, boolean>): string {
    const parts = Object.entries(options).map(([k, v]) => `${k.toUpperCase()} ${v ? 'true' : 'false'}`);
    if (format) parts.push(`FORMAT ${format}`);
    return parts.length ? `EXPLAIN (${parts.join(', ')})` : 'EXPLAIN';
  }

  #at(sql: string, tzname: string | null | undefined): string {
    const tz = this.checkTz(tzname);
    return tz === null ? sql : `${sql} AT TIME ZONE '${tz}'`;
  }

  #extract(kind: DateKind, sql: string): string {
    this.checkKind(kind);
    const e = `EXTRACT(${EXTRACT_FIELD[kind]} FROM ${sql})`;
    if (kind === 'second') return `CAST(FLOOR(${e}) AS integer)`;
    if (kind === 'week_day') return `CAST(${e} + 1 AS integer)`;
    return `CAST(${e} AS integer)`;
  }

  override dateExtractSql(kind: DateKind, sql: string): string {
    return this.#extract(kind, sql);
  }

  override datetimeExtractSql(kind: DateKind, sql: string, tzname?: string | null): string {
    return this.#extract(kind, this.#at(sql, tzname));
  }

  override timeExtractSql(kind: DateKind, sql: string): string {
    return this.#extract(kind, sql);
  }

  override dateTruncSql(kind: TruncKind, sql: string): string {
    this.checkKind(kind, true);
    return `CAST(DATE_TRUNC('${kind}', ${sql}) AS date)`;
  }

  override datetimeTruncSql(kind: TruncKind, sql: string, tzname?: string | null): string {
    this.checkKind(kind, true);
    const tz = this.checkTz(tzname);
    if (tz === null) return `DATE_TRUNC('${kind}', ${sql})`;
    return `(DATE_TRUNC('${kind}', ${sql} AT TIME ZONE '${tz}') AT TIME ZONE '${tz}')`;
  }

  override timeTruncSql(kind: TruncKind, sql: string): string {
    this.checkKind(kind, true);
    return `CAST(DATE_TRUNC('${kind}', DATE '2000-01-01' + ${sql}) AS time)`;
  }

  override datetimeCastDateSql(sql: string, tzname?: string | null): string {
    return `CAST(${this.#at(sql, tzname)} AS date)`;
  }

  override datetimeCastTimeSql(sql: string, tzname?: string | null): string {
    return `CAST(${this.#at(sql, tzname)} AS time)`;
  }

  override jsonExtractSql(sql: string, keys: readonly (string | number)[]): { sql: string; params: unknown[] } {
    return { sql: `(${sql} #> CAST(? AS text[]))`, params: [keys.map(String)] };
  }

  override jsonExtractTextSql(sql: string, keys: readonly (string | number)[]): { sql: string; params: unknown[] } {
    return { sql: `(${sql} #>> CAST(? AS text[]))`, params: [keys.map(String)] };
  }

  override jsonHasKeySql(sql: string, key: string): { sql: string; params: unknown[] } {
    return { sql: `(${sql} -> CAST(? AS text)) IS NOT NULL`, params: [key] };
  }

  // ---- values -------------------------------------------------------------------------------

  protected override adaptDateTime(value: unknown): unknown {
    return this.toDate(value).toISOString();
  }

  protected override convertDateTime(value: unknown): Date {
    if (value instanceof Date) return value;
    const m = TSTZ_RE.exec(String(value));
    if (!m) return this.toDate(value);
    const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
    let t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms);
    if (m[8]) {
      const off = (Number(m[9]) * 3600 + Number(m[10] ?? 0) * 60 + Number(m[11] ?? 0)) * 1000;
      t -= m[8] === '+' ? off : -off;
    }
    return new Date(t);
  }

  protected override adaptUuid(value: unknown): string {
    const hex = super.adaptUuid(value);
    return this.convertUuid(hex);
  }

  protected override adaptBoolean(value: unknown): unknown {
    return Boolean(value);
  }

  protected override adaptDuration(value: unknown): unknown {
    const ms = Number(value);
    if (!Number.isFinite(ms)) throw new DataError(`Invalid duration ${String(value)}`, 'db.data.invalid_duration');
    return `${ms} milliseconds`;
  }

  /** Parse PostgreSQL's default interval output: `[N year[s]] [N mon[s]] [N day[s]] [-]HH:MM:SS[.ffffff]`. */
  protected override convertDuration(value: unknown): number {
    if (typeof value === 'number') return value;
    const text = String(value);
    let ms = 0;
    const unit: Record<string, number> = { year: 365.25 * 86400000, mon: 30 * 86400000, day: 86400000 };
    for (const m of text.matchAll(/(-?\d+) (year|mon|day)s?/g)) ms += Number(m[1]) * unit[m[2]!]!;
    const t = /(-)?(\d+):(\d{2}):(\d{2})(?:\.(\d+))?/.exec(text);
    if (t) {
      const part = Number(t[2]) * 3600000 + Number(t[3]) * 60000 + Number(t[4]) * 1000 + (t[5] ? Number(`0.${t[5]}`) * 1000 : 0);
      ms += t[1] ? -part : part;
    }
    return Math.round(ms * 1000) / 1000;
  }
}
