// The JS <-> driver value contract shared by every backend: integers never rounded, Decimal
// exact, DateTime as Date (UTC storage with USE_TZ), JSON parsed, UUID hyphenated, booleans,
// Buffers, durations in milliseconds. Vendors override the few types they store natively.
import { Decimal } from '../../../utils/decimal.ts';
import { DataError } from '../../utils.ts';
import { formatWallClock, fromWallClock, parseWallClock, wallClock } from './timezone.ts';
import type { TimeZoneSettings } from './base.ts';

/** Extra facts a converter may need about the column (DecimalField places, ...). */
export interface ConvertSpec {
  decimalPlaces?: number | undefined;
  maxDigits?: number | undefined;
}

const INT_TYPES = new Set([
  'AutoField', 'SmallAutoField', 'IntegerField', 'SmallIntegerField', 'PositiveIntegerField',
  'PositiveSmallIntegerField', 'ForeignKey', 'OneToOneField',
]);
const BIGINT_TYPES = new Set(['BigAutoField', 'BigIntegerField', 'PositiveBigIntegerField']);
/**
 * True when a field of `internalType` reads as a JS number that `convertValue` returns as it
 * is when the driver already gave a number (integer columns; BigIntegerField reads as bigint).
 */
export function readsAsNumber(internalType: string): boolean {
  return INT_TYPES.has(internalType) || internalType === 'BigAutoField';
}
const UUID_RE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/**
 * Value adapters (JS -> driver parameter) and converters (driver result -> JS), keyed by the
 * field's internal type. BaseDatabaseOperations extends this class.
 *
 * @example
 * ops.adaptValue('BooleanField', true)          // 1 (SQLite, MySQL) / true (PostgreSQL)
 * ops.convertValue('DecimalField', '1.50')      // Decimal('1.50')
 */
export class BaseValueConverters {
  protected tz: TimeZoneSettings;

  constructor(timeZone: TimeZoneSettings) {
    this.tz = timeZone;
  }

  // ---- values: JS -> driver, driver -> JS ------------------------------------------------

  /**
   * Turn a JS value for a field of `internalType` into the driver parameter.
   * `null`/`undefined` become null.
   *
   * @example
   * ops.adaptValue('DateTimeField', new Date('2024-01-02T03:04:05Z')) // '2024-01-02 03:04:05.000000' (SQLite/MySQL, USE_TZ)
   */
  adaptValue(internalType: string, value: unknown): unknown {
    if (value === null || value === undefined) return null;
    switch (internalType) {
      case 'DateTimeField': return this.adaptDateTime(value);
      case 'DateField': return this.adaptDate(value);
      case 'TimeField': return this.adaptTime(value);
      case 'DecimalField': return value instanceof Decimal ? value.toString() : new Decimal(value as string).toString();
      case 'JSONField': return JSON.stringify(value);
      case 'UUIDField': return this.adaptUuid(value);
      case 'BooleanField': case 'NullBooleanField': return this.adaptBoolean(value);
      case 'DurationField': return this.adaptDuration(value);
      case 'BinaryField': return Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array);
      default:
        if (BIGINT_TYPES.has(internalType) && typeof value === 'bigint') return this.adaptBigInt(value);
        return value;
    }
  }

  /**
   * Turn a driver result value for a field of `internalType` into the JS value of the contract
   * (Date, Decimal, bigint, parsed JSON, hyphenated UUID string, boolean, Buffer, ms number).
   */
  convertValue(internalType: string, value: unknown, spec?: ConvertSpec): unknown {
    if (value === null || value === undefined) return null;
    if (INT_TYPES.has(internalType)) return this.toSafeNumber(value, internalType);
    if (BIGINT_TYPES.has(internalType)) {
      return internalType === 'BigAutoField' ? this.toSafeNumber(value, internalType) : BigInt(value as string);
    }
    switch (internalType) {
      case 'DateTimeField': return this.convertDateTime(value);
      case 'DateField': return this.convertDate(value);
      case 'TimeField': return this.convertTime(value);
      case 'DecimalField': {
        const d = new Decimal(typeof value === 'number' ? String(value) : (value as string | bigint));
        return spec?.decimalPlaces !== undefined ? d.round(spec.decimalPlaces) : d;
      }
      case 'JSONField': return typeof value === 'string' ? JSON.parse(value) : Buffer.isBuffer(value) ? JSON.parse(value.toString('utf8')) : value;
      case 'UUIDField': return this.convertUuid(value);
      case 'BooleanField': case 'NullBooleanField':
        return typeof value === 'boolean' ? value : Number(value) !== 0;
      case 'DurationField': return this.convertDuration(value);
      case 'BinaryField': return Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array);
      case 'FloatField': return Number(value);
      default: return value;
    }
  }

  /** Throw rather than round an integer beyond Number.MAX_SAFE_INTEGER. */
  protected toSafeNumber(value: unknown, internalType: string): number {
    if (typeof value === 'number') return value;
    const n = Number(value);
    if (!Number.isSafeInteger(n)) {
      throw new DataError(
        `Integer ${String(value)} of a ${internalType} is beyond Number.MAX_SAFE_INTEGER; ` +
          `use BigIntegerField (read as bigint) for such values`,
        'db.data.unsafe_integer',
      );
    }
    return n;
  }

  protected adaptBigInt(value: bigint): unknown {
    return value;
  }

  protected toDate(value: unknown): Date {
    if (value instanceof Date) return value;
    if (typeof value === 'number') return new Date(value);
    const d = new Date(String(value));
    if (Number.isNaN(d.getTime())) throw new DataError(`Invalid datetime value ${JSON.stringify(value)}`, 'db.data.invalid_datetime');
    return d;
  }

  /** Datetimes go to naive columns as UTC wall-clock text (USE_TZ) or TIME_ZONE wall clock. */
  protected adaptDateTime(value: unknown): unknown {
    const d = this.toDate(value);
    return formatWallClock(wallClock(d, this.tz.USE_TZ ? 'UTC' : this.tz.TIME_ZONE));
  }

  protected convertDateTime(value: unknown): Date {
    if (value instanceof Date) return value;
    const text = String(value);
    const w = parseWallClock(text);
    if (!w) return this.toDate(text);
    return fromWallClock(w, this.tz.USE_TZ ? 'UTC' : this.tz.TIME_ZONE);
  }

  protected adaptDate(value: unknown): string {
    if (value instanceof Date) {
      const w = wallClock(value, this.tz.USE_TZ ? this.tz.TIME_ZONE : this.tz.TIME_ZONE);
      return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
    }
    return String(value).slice(0, 10);
  }

  protected convertDate(value: unknown): string {
    if (value instanceof Date) {
      return `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}`;
    }
    return String(value).slice(0, 10);
  }

  protected adaptTime(value: unknown): string {
    return this.normalizeTime(String(value));
  }

  protected convertTime(value: unknown): string {
    return this.normalizeTime(String(value));
  }

  /** `'HH:MM'`, `'HH:MM:SS.120000'` -> `'HH:MM:00'`, `'HH:MM:SS.12'`... normalised to `HH:MM:SS[.ffffff]`. */
  protected normalizeTime(text: string): string {
    const m = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?/.exec(text);
    if (!m) throw new DataError(`Invalid time value ${JSON.stringify(text)}; expected 'HH:MM:SS'`, 'db.data.invalid_time');
    const base = `${m[1]!.padStart(2, '0')}:${m[2]}:${m[3] ?? '00'}`;
    const frac = (m[4] ?? '').slice(0, 6);
    return /^0*$/.test(frac) ? base : `${base}.${frac.padEnd(6, '0')}`;
  }

  /** UUIDs are char(32) hex where there is no native type (Django's layout). */
  protected adaptUuid(value: unknown): string {
    const s = String(value);
    if (!UUID_RE.test(s)) throw new DataError(`Invalid UUID ${JSON.stringify(s)}`, 'db.data.invalid_uuid');
    return s.replace(/-/g, '').toLowerCase();
  }

  protected convertUuid(value: unknown): string {
    const h = String(value).replace(/-/g, '').toLowerCase();
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  protected adaptBoolean(value: unknown): unknown {
    return value ? 1 : 0;
  }

  /** Durations are bigint microseconds where there is no interval type. */
  protected adaptDuration(value: unknown): unknown {
    return Math.round(Number(value) * 1000);
  }

  protected convertDuration(value: unknown): number {
    return Number(value) / 1000;
  }
}
