// MySQL/MariaDB SQL snippets: backquoted names, LIKE BINARY / REGEXP BINARY for case-sensitive
// lookups, CONVERT_TZ for time zones (needs the server's time zone tables for named zones),
// DATE_FORMAT-based truncation, JSON_EXTRACT paths.
import { BaseDatabaseOperations } from '../base/operations.ts';
import type { DateKind, PatternLookup, TruncKind } from '../base/operations.ts';

const TRUNC_FORMATS: Partial<Record<TruncKind, string>> = {
  year: '%Y-01-01 00:00:00', month: '%Y-%m-01 00:00:00', day: '%Y-%m-%d 00:00:00',
  hour: '%Y-%m-%d %H:00:00', minute: '%Y-%m-%d %H:%i:00', second: '%Y-%m-%d %H:%i:%s',
};

/**
 * MySQL/MariaDB operations.
 *
 * @example
 * ops.quoteName('order')                      // '`order`'
 * ops.lookupSql('contains', '`name`')         // '`name` LIKE BINARY ?'
 * ops.datetimeExtractSql('hour', '`pub`', 'Europe/Paris') // "EXTRACT(HOUR FROM CONVERT_TZ(`pub`, '+00:00', 'Europe/Paris'))"
 */
export class MysqlOperations extends BaseDatabaseOperations {
  override namedLockSql(name: string): { acquire: string; release: string } {
    if (!/^[A-Za-z0-9_]{1,64}$/.test(name)) throw new Error(`Invalid lock name '${name}'`);
    return { acquire: `SELECT GET_LOCK('${name}', 3600)`, release: `SELECT RELEASE_LOCK('${name}')` };
  }

  override maxNameLength = 64;
  protected override quoteChar = '`';

  protected override operators: Record<PatternLookup, string> = {
    exact: '= %s',
    iexact: 'LIKE %s',
    contains: 'LIKE BINARY %s',
    icontains: 'LIKE %s',
    startswith: 'LIKE BINARY %s',
    istartswith: 'LIKE %s',
    endswith: 'LIKE BINARY %s',
    iendswith: 'LIKE %s',
    regex: 'REGEXP BINARY %s',
    iregex: 'REGEXP %s',
    gt: '> %s',
    gte: '>= %s',
    lt: '< %s',
    lte: '<= %s',
  };

  protected override castTypes: Record<string, string> = {
    TextField: 'char', CharField: 'char', IntegerField: 'signed integer', BigIntegerField: 'signed integer',
    SmallIntegerField: 'signed integer', FloatField: 'double', DecimalField: 'decimal(65, 30)',
    BooleanField: 'signed integer', DateField: 'date', DateTimeField: 'datetime(6)', TimeField: 'time(6)',
    JSONField: 'json', UUIDField: 'char(32)',
  };

  override patternSql(lookup: PatternLookup, rhs: string): string {
    // Backslash is an escape character inside MySQL string literals, hence the doubling.
    const esc = `REPLACE(REPLACE(REPLACE(${rhs}, '\\\\', '\\\\\\\\'), '%', '\\\\%'), '_', '\\\\_')`;
    switch (lookup) {
      case 'contains': case 'icontains': return `CONCAT('%', ${esc}, '%')`;
      case 'startswith': case 'istartswith': return `CONCAT(${esc}, '%')`;
      case 'endswith': case 'iendswith': return `CONCAT('%', ${esc})`;
      case 'iexact': return esc;
      default: return rhs;
    }
  }

  override sqlFlush(tables: readonly string[], resetSequences = false): string[] {
    if (!tables.length) return [];
    const verb = resetSequences ? 'TRUNCATE' : 'DELETE FROM';
    return ['SET FOREIGN_KEY_CHECKS = 0', ...tables.map((t) => `${verb} ${this.quoteName(t, 'table name')}`), 'SET FOREIGN_KEY_CHECKS = 1'];
  }

  override concatSql(parts: string[]): string {
    return `CONCAT(${parts.join(', ')})`;
  }

  protected override noLimitSql(): string {
    return 'LIMIT 18446744073709551615';
  }

  override randomFunctionSql(): string {
    return 'RAND()';
  }

  protected override explainFormats: ReadonlySet<string> = new Set(['TRADITIONAL', 'JSON']);
  protected override explainOptions: ReadonlySet<string> = new Set(['analyze']);

  protected override explainPrefixFor(format: string | undefined, options: Record<string, boolean>): string {
    if (options['analyze']) return 'ANALYZE';
    return format && format !== 'TRADITIONAL' ? `EXPLAIN FORMAT=${format}` : 'EXPLAIN';
  }

  override forUpdateSql(options: { nowait?: boolean; skipLocked?: boolean } = {}): string {
    return super.forUpdateSql({ nowait: options.nowait, skipLocked: options.skipLocked });
  }

  override insertIgnoreSql(): { prefix: string; suffix: string } {
    return { prefix: 'INSERT IGNORE', suffix: '' };
  }

  override onConflictUpdateSql(_uniqueColumns: string[], updateColumns: string[]): string {
    return `ON DUPLICATE KEY UPDATE ${updateColumns.map((c) => `${this.quoteName(c)} = VALUES(${this.quoteName(c)})`).join(', ')}`;
  }

  override returningSql(): string {
    return '';
  }

  override defaultValuesSql(): string {
    return '() VALUES ()';
  }

  #toTz(sql: string, tzname: string | null | undefined): { sql: string; tz: string | null } {
    const tz = this.checkTz(tzname);
    return { sql: tz === null ? sql : `CONVERT_TZ(${sql}, '+00:00', '${tz}')`, tz };
  }

  override dateExtractSql(kind: DateKind, sql: string): string {
    this.checkKind(kind);
    switch (kind) {
      case 'week': return `WEEK(${sql}, 3)`;
      case 'iso_year': return `(YEARWEEK(${sql}, 3) DIV 100)`;
      case 'week_day': return `DAYOFWEEK(${sql})`;
      case 'iso_week_day': return `(WEEKDAY(${sql}) + 1)`;
      default: return `EXTRACT(${kind.toUpperCase()} FROM ${sql})`;
    }
  }

  override datetimeExtractSql(kind: DateKind, sql: string, tzname?: string | null): string {
    return this.dateExtractSql(kind, this.#toTz(sql, tzname).sql);
  }

  #truncDatetime(kind: TruncKind, sql: string): string {
    this.checkKind(kind, true);
    if (kind === 'quarter') return `CAST(MAKEDATE(YEAR(${sql}), 1) + INTERVAL QUARTER(${sql}) QUARTER - INTERVAL 1 QUARTER AS DATETIME)`;
    if (kind === 'week') return `CAST(DATE_SUB(DATE(${sql}), INTERVAL WEEKDAY(${sql}) DAY) AS DATETIME)`;
    return `CAST(DATE_FORMAT(${sql}, '${TRUNC_FORMATS[kind]}') AS DATETIME)`;
  }

  override dateTruncSql(kind: TruncKind, sql: string): string {
    return `DATE(${this.#truncDatetime(kind, sql)})`;
  }

  override datetimeTruncSql(kind: TruncKind, sql: string, tzname?: string | null): string {
    const { sql: local, tz } = this.#toTz(sql, tzname);
    const t = this.#truncDatetime(kind, local);
    return tz === null ? t : `CONVERT_TZ(${t}, '${tz}', '+00:00')`;
  }

  override timeTruncSql(kind: TruncKind, sql: string): string {
    this.checkKind(kind, true);
    const fmt: Partial<Record<TruncKind, string>> = { hour: '%H:00:00', minute: '%H:%i:00', second: '%H:%i:%s' };
    return fmt[kind] ? `CAST(DATE_FORMAT(${sql}, '${fmt[kind]}') AS TIME)` : sql;
  }

  override datetimeCastDateSql(sql: string, tzname?: string | null): string {
    return `DATE(${this.#toTz(sql, tzname).sql})`;
  }

  override datetimeCastTimeSql(sql: string, tzname?: string | null): string {
    return `TIME(${this.#toTz(sql, tzname).sql})`;
  }

  override jsonExtractTextSql(sql: string, keys: readonly (string | number)[]): { sql: string; params: unknown[] } {
    return { sql: `JSON_UNQUOTE(JSON_EXTRACT(${sql}, ?))`, params: [this.jsonPath(keys)] };
  }

  override jsonHasKeySql(sql: string, key: string): { sql: string; params: unknown[] } {
    return { sql: `JSON_CONTAINS_PATH(${sql}, 'one', ?)`, params: [this.jsonPath([key])] };
  }

  protected override adaptBigInt(value: bigint): unknown {
    return value.toString();
  }
}
