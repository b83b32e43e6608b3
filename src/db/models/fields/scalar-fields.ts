// The concrete non-relational fields (numbers, text, dates, JSON, binary, ...): each names its
// internal type for the backend's converters and the schema editor, and its lookup family.
import { Field, type ColumnSpec, type FieldOptions } from './field.ts';
import { ValidationError } from '../../../core/exceptions.ts';
import { Decimal } from '../../../utils/decimal.ts';

/** Options of CharField and its relatives. */
export interface CharFieldOptions<T = string> extends FieldOptions<T> { maxLength?: number; dbCollation?: string }
/** Options of DecimalField. */
export interface DecimalFieldOptions extends FieldOptions<Decimal> { maxDigits: number; decimalPlaces: number }
/** Options of DateField / DateTimeField / TimeField. */
export interface DateFieldOptions<T> extends FieldOptions<T> { autoNow?: boolean; autoNowAdd?: boolean }

function intValue(v: unknown, type: string): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : typeof v === 'bigint' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new ValidationError(`'${String(v)}' value must be an integer (${type}).`, { code: 'invalid' });
  if (!Number.isSafeInteger(n)) throw new ValidationError(`${String(v)} is beyond the exact integer range of ${type}; use BigIntegerField.`, { code: 'invalid' });
  return n;
}

/** The base of integer fields (values are JS numbers, never rounded). */
export abstract class IntegerFieldBase<T = number, N extends boolean = boolean, O extends boolean = boolean> extends Field<T, N, O, 'number'> {
  override toJs(v: unknown): unknown { return v === null || v === undefined || v === '' ? null : intValue(v, this.internalType); }
}
/** An integer column (32-bit). */
export class IntegerField<T = number, N extends boolean = boolean, O extends boolean = boolean> extends IntegerFieldBase<T, N, O> { readonly internalType: string = 'IntegerField'; }
/** A 16-bit integer column. */
export class SmallIntegerField<T = number, N extends boolean = boolean, O extends boolean = boolean> extends IntegerFieldBase<T, N, O> { readonly internalType = 'SmallIntegerField'; }
/** A non-negative integer column (CHECK >= 0). */
export class PositiveIntegerField<T = number, N extends boolean = boolean, O extends boolean = boolean> extends IntegerFieldBase<T, N, O> {
  readonly internalType: string = 'PositiveIntegerField';
  override validate(v: unknown): void { super.validate(v); if (typeof v === 'number' && v < 0) throw new ValidationError('Ensure this value is greater than or equal to 0.', { code: 'min_value' }); }
}
/** A non-negative 16-bit integer column. */
export class PositiveSmallIntegerField<T = number, N extends boolean = boolean, O extends boolean = boolean> extends PositiveIntegerField<T, N, O> { override readonly internalType = 'PositiveSmallIntegerField'; }
/** A 64-bit integer column; values are `bigint` so they never lose precision. */
export class BigIntegerField<T = bigint, N extends boolean = boolean, O extends boolean = boolean> extends Field<T, N, O, 'number'> {
  readonly internalType: string = 'BigIntegerField';
  override toJs(v: unknown): unknown {
    if (v === null || v === undefined || v === '') return null;
    try { return BigInt(v as string); } catch { throw new ValidationError(`'${String(v)}' value must be an integer.`, { code: 'invalid' }); }
  }
}
/** A non-negative 64-bit integer column. */
export class PositiveBigIntegerField<T = bigint, N extends boolean = boolean, O extends boolean = boolean> extends BigIntegerField<T, N, O> { override readonly internalType = 'PositiveBigIntegerField'; }

/** An auto-incrementing 32-bit primary key. */
export class AutoField<T = number, N extends boolean = false, O extends boolean = true> extends IntegerFieldBase<T, N, O> {
  readonly internalType: string = 'AutoField';
  constructor(options: FieldOptions<T> = {}) { super({ primaryKey: true, ...options }); }
  override get isAuto(): boolean { return true; }
  override deconstruct() { const d = super.deconstruct(); delete d.options['primaryKey']; if (this.primaryKey !== true) d.options['primaryKey'] = false; return d; }
}
/** An auto-incrementing 64-bit primary key (the default pk); values are numbers up to 2^53. */
export class BigAutoField<T = number, N extends boolean = false, O extends boolean = true> extends AutoField<T, N, O> { override readonly internalType = 'BigAutoField'; }
/** An auto-incrementing 16-bit primary key. */
export class SmallAutoField<T = number, N extends boolean = false, O extends boolean = true> extends AutoField<T, N, O> { override readonly internalType = 'SmallAutoField'; }

/** A double-precision float column. */
export class FloatField<T = number, N extends boolean = boolean, O extends boolean = boolean> extends Field<T, N, O, 'number'> {
  readonly internalType = 'FloatField';
  override toJs(v: unknown): unknown { if (v === null || v === undefined || v === '') return null; const n = Number(v); if (Number.isNaN(n)) throw new ValidationError(`'${String(v)}' value must be a float.`, { code: 'invalid' }); return n; }
}
/** An exact decimal column; values are `Decimal`, never JS floats. */
export class DecimalField<T = Decimal, N extends boolean = boolean, O extends boolean = boolean> extends Field<T, N, O, 'number'> {
  readonly internalType = 'DecimalField';
  get maxDigits(): number { return this.options['maxDigits'] as number; }
  get decimalPlaces(): number { return this.options['decimalPlaces'] as number; }
  override toJs(v: unknown): unknown { if (v === null || v === undefined || v === '') return null; return v instanceof Decimal ? v : new Decimal(String(v)); }
  override columnSpec(): ColumnSpec { return { ...super.columnSpec(), maxDigits: this.maxDigits, decimalPlaces: this.decimalPlaces }; }
}
/** A boolean column. */
export class BooleanField<T = boolean, N extends boolean = boolean, O extends boolean = boolean> extends Field<T, N, O, 'bool'> {
  readonly internalType = 'BooleanField';
  override toJs(v: unknown): unknown { if (v === null || v === undefined) return null; if (v === 'false' || v === '0' || v === 0 || v === '') return false; return Boolean(v); }
}

/** A bounded string column (VARCHAR). */
export class CharField<T = string, N extends boolean = boolean, O extends boolean = boolean> extends Field<T, N, O, 'text'> {
  readonly internalType: string = 'CharField';
  get maxLength(): number | undefined { return this.options['maxLength'] as number | undefined; }
  override toJs(v: unknown): unknown { return v === null || v === undefined ? v : String(v); }
  override validate(v: unknown): void {
    super.validate(v);
    if (typeof v === 'string' && this.maxLength !== undefined && v.length > this.maxLength) {
      throw new ValidationError(`Ensure this value has at most ${this.maxLength} characters (it has ${v.length}).`, { code: 'max_length' });
    }
  }
  override columnSpec(): ColumnSpec {
    const s = super.columnSpec();
    if (this.maxLength !== undefined) s.maxLength = this.maxLength;
    if (this.options['dbCollation']) s.collation = this.options['dbCollation'] as string;
    return s;
  }
}
/** An unbounded text column. */
export class TextField<T = string, N extends boolean = boolean, O extends boolean = boolean> extends CharField<T, N, O> { override readonly internalType = 'TextField'; }
/** A slug (letters, digits, `-`, `_`), max 50 by default, indexed. */
export class SlugField<T = string, N extends boolean = boolean, O extends boolean = boolean> extends CharField<T, N, O> {
  override readonly internalType = 'SlugField';
  constructor(options: CharFieldOptions<T> = {}) { super({ maxLength: 50, dbIndex: true, ...options }); }
  override validate(v: unknown): void { super.validate(v); if (typeof v === 'string' && v !== '' && !/^[-a-zA-Z0-9_]+$/.test(v)) throw new ValidationError('Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.', { code: 'invalid' }); }
}
/** An e-mail address (max 254). */
export class EmailField<T = string, N extends boolean = boolean, O extends boolean = boolean> extends CharField<T, N, O> {
  override readonly internalType = 'EmailField';
  constructor(options: CharFieldOptions<T> = {}) { super({ maxLength: 254, ...options }); }
  override validate(v: unknown): void { super.validate(v); if (typeof v === 'string' && v !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) throw new ValidationError('Enter a valid email address.', { code: 'invalid' }); }
}
/** A URL (max 200). */
export class URLField<T = string, N extends boolean = boolean, O extends boolean = boolean> extends CharField<T, N, O> {
  override readonly internalType = 'URLField';
  constructor(options: CharFieldOptions<T> = {}) { super({ maxLength: 200, ...options }); }
  override validate(v: unknown): void { super.validate(v); if (typeof v === 'string' && v !== '' && !/^(https?|ftps?):\/\/[^\s/$.?#].[^\s]*$/i.test(v)) throw new ValidationError('Enter a valid URL.', { code: 'invalid' }); }
}
/** A UUID stored natively where possible; values are lowercase hyphenated strings. */
export class UUIDField<T = string, N extends boolean = boolean, O extends boolean = boolean> extends Field<T, N, O, 'uuid'> {
  readonly internalType = 'UUIDField';
  override toJs(v: unknown): unknown { if (v === null || v === undefined || v === '') return null; const s = String(v).toLowerCase(); if (!/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/.test(s)) throw new ValidationError(`'${String(v)}' is not a valid UUID.`, { code: 'invalid' }); return s.length === 32 ? `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}` : s; }
}
/** An IPv4 or IPv6 address as text. */
export class GenericIPAddressField<T = string, N extends boolean = boolean, O extends boolean = boolean> extends Field<T, N, O, 'text'> {
  readonly internalType = 'GenericIPAddressField';
  override columnSpec(): ColumnSpec { return { ...super.columnSpec(), maxLength: 39 }; }
}

function dateAutoOptional<T>(opts: DateFieldOptions<T>): DateFieldOptions<T> {
  return opts.autoNow || opts.autoNowAdd ? { editable: false, blank: true, ...opts } : opts;
}
/** A calendar date; values are `'YYYY-MM-DD'` strings. */
export class DateField<T = string, N extends boolean = boolean, O extends boolean = boolean> extends Field<T, N, O, 'date'> {
  readonly internalType: string = 'DateField';
  constructor(options: DateFieldOptions<T> = {}) { super(dateAutoOptional(options)); }
  /** Return the value stamped by autoNow/autoNowAdd. */
  nowValue(): unknown { return new Date().toISOString().slice(0, 10); }
  override toJs(v: unknown): unknown { if (v === null || v === undefined || v === '') return null; if (v instanceof Date) return v.toISOString().slice(0, 10); const s = String(v); if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) throw new ValidationError(`'${s}' value has an invalid date format. It must be in YYYY-MM-DD format.`, { code: 'invalid' }); return s; }
}
/** A timezone-aware instant; values are `Date`, stored in UTC when USE_TZ. */
export class DateTimeField<T = Date, N extends boolean = boolean, O extends boolean = boolean> extends Field<T, N, O, 'datetime'> {
  readonly internalType = 'DateTimeField';
  constructor(options: DateFieldOptions<T> = {}) { super(dateAutoOptional(options)); }
  nowValue(): unknown { return new Date(); }
  override toJs(v: unknown): unknown { if (v === null || v === undefined || v === '') return null; const d = v instanceof Date ? v : new Date(String(v)); if (Number.isNaN(d.getTime())) throw new ValidationError(`'${String(v)}' value has an invalid format.`, { code: 'invalid' }); return d; }
}
/** A time of day; values are `'HH:MM:SS[.ffffff]'` strings. */
export class TimeField<T = string, N extends boolean = boolean, O extends boolean = boolean> extends Field<T, N, O, 'time'> {
  readonly internalType = 'TimeField';
  constructor(options: DateFieldOptions<T> = {}) { super(dateAutoOptional(options)); }
  nowValue(): unknown { return new Date().toISOString().slice(11, 23); }
}
/** A duration; values are numbers of milliseconds. */
export class DurationField<T = number, N extends boolean = boolean, O extends boolean = boolean> extends Field<T, N, O, 'number'> { readonly internalType = 'DurationField'; }
/** A JSON document; key paths are usable in lookups (`data__owner__name`). */
export class JSONField<T = unknown, N extends boolean = boolean, O extends boolean = boolean> extends Field<T, N, O, 'json'> { readonly internalType = 'JSONField'; }
/** Raw bytes; values are `Buffer`. */
export class BinaryField<T = Buffer, N extends boolean = boolean, O extends boolean = boolean> extends Field<T, N, O, 'binary'> {
  readonly internalType = 'BinaryField';
  constructor(options: FieldOptions<T> & { maxLength?: number } = {}) { super({ editable: false, ...options }); }
}
