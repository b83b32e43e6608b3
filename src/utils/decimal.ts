// Exact decimal numbers for DecimalField values: a bigint coefficient and a decimal scale, so
// '0.1' + '0.2' is exactly '0.3'. Layer 0: no imports.

const DECIMAL_RE = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** How to round when a result needs fewer decimal places. */
export type DecimalRounding = 'halfEven' | 'halfUp' | 'down' | 'up' | 'floor' | 'ceiling';

/**
 * An exact decimal number. Immutable; every operation returns a new Decimal.
 * Construct from a string (`'12.50'`), a bigint, or a safe integer / finite number (converted
 * through its shortest decimal representation).
 *
 * Differs from Django: Python's `decimal.Decimal` has contexts and signals; this class does
 * exact add/subtract/multiply, division to a chosen number of places, and rounding.
 *
 * @example
 * new Decimal('0.1').add('0.2').toString()   // '0.3'
 * new Decimal('10').div('3', 4).toString()   // '3.3333'
 * new Decimal('2.345').round(2).toString()   // '2.34' (half-even)
 */
export class Decimal {
  /** The value is `coefficient * 10 ** -scale`. */
  readonly coefficient: bigint;
  readonly scale: number;

  constructor(value: Decimal | string | number | bigint, scale?: number) {
    if (value instanceof Decimal) {
      this.coefficient = value.coefficient;
      this.scale = value.scale;
      return;
    }
    if (typeof value === 'bigint') {
      this.coefficient = value;
      this.scale = scale ?? 0;
      return;
    }
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new RangeError(`Cannot make a Decimal from ${value}`);
      value = String(value);
    }
    const m = DECIMAL_RE.exec(String(value).trim());
    if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) {
      throw new SyntaxError(`Invalid decimal ${JSON.stringify(value)}: expected digits like '12.50'`);
    }
    const frac = m[3] ?? '';
    const exp = m[4] ? Number(m[4]) : 0;
    let coefficient = BigInt((m[2] || '0') + frac);
    let s = frac.length - exp;
    if (s < 0) {
      coefficient *= 10n ** BigInt(-s);
      s = 0;
    }
    this.coefficient = m[1] === '-' ? -coefficient : coefficient;
    this.scale = s;
  }

  /** Return true if `value` is a Decimal. */
  static isDecimal(value: unknown): value is Decimal {
    return value instanceof Decimal;
  }

  static #of(v: Decimal | string | number | bigint): Decimal {
    return v instanceof Decimal ? v : new Decimal(v);
  }

  static #align(a: Decimal, b: Decimal): [bigint, bigint, number] {
    const s = Math.max(a.scale, b.scale);
    return [a.coefficient * 10n ** BigInt(s - a.scale), b.coefficient * 10n ** BigInt(s - b.scale), s];
  }

  /** Return this + other, exactly. */
  add(other: Decimal | string | number | bigint): Decimal {
    const [a, b, s] = Decimal.#align(this, Decimal.#of(other));
    return new Decimal(a + b, s);
  }

  /** Return this - other, exactly. */
  sub(other: Decimal | string | number | bigint): Decimal {
    const [a, b, s] = Decimal.#align(this, Decimal.#of(other));
    return new Decimal(a - b, s);
  }

  /** Return this * other, exactly. */
  mul(other: Decimal | string | number | bigint): Decimal {
    const o = Decimal.#of(other);
    return new Decimal(this.coefficient * o.coefficient, this.scale + o.scale);
  }

  /** Return this / other with `places` decimal places (default 28 significant-ish), rounded. */
  div(other: Decimal | string | number | bigint, places = 28, rounding: DecimalRounding = 'halfEven'): Decimal {
    const o = Decimal.#of(other);
    if (o.coefficient === 0n) throw new RangeError('Decimal division by zero');
    // this / o = (c1 / c2) * 10^(s2 - s1); compute with 1 extra digit then round.
    const shift = places + 1 + o.scale - this.scale;
    let num = this.coefficient;
    let den = o.coefficient;
    if (shift >= 0) num *= 10n ** BigInt(shift);
    else den *= 10n ** BigInt(-shift);
    const q = num / den;
    const exactRest = num % den !== 0n;
    return new Decimal(q, places + 1).#roundTo(places, rounding, exactRest);
  }

  /** Return -this. */
  neg(): Decimal {
    return new Decimal(-this.coefficient, this.scale);
  }

  /** Return |this|. */
  abs(): Decimal {
    return this.coefficient < 0n ? this.neg() : this;
  }

  /** Return -1, 0 or 1 comparing this with other. */
  cmp(other: Decimal | string | number | bigint): -1 | 0 | 1 {
    const [a, b] = Decimal.#align(this, Decimal.#of(other));
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** Return true if the two values are numerically equal (`'1.0'` equals `'1'`). */
  eq(other: Decimal | string | number | bigint): boolean {
    return this.cmp(other) === 0;
  }

  /** Return true if this is zero. */
  isZero(): boolean {
    return this.coefficient === 0n;
  }

  /** Return the value rounded to `places` decimal places (and padded: `round(2)` of '1' is '1.00'). */
  round(places: number, rounding: DecimalRounding = 'halfEven'): Decimal {
    return this.#roundTo(places, rounding, false);
  }

  #roundTo(places: number, rounding: DecimalRounding, stickyRest: boolean): Decimal {
    if (places >= this.scale) {
      return new Decimal(this.coefficient * 10n ** BigInt(places - this.scale), places);
    }
    const factor = 10n ** BigInt(this.scale - places);
    const neg = this.coefficient < 0n;
    const abs = neg ? -this.coefficient : this.coefficient;
    let q = abs / factor;
    const r = abs % factor;
    const twice = r * 2n;
    const inexact = r !== 0n || stickyRest;
    let up = false;
    switch (rounding) {
      case 'down': up = false; break;
      case 'up': up = inexact; break;
      case 'floor': up = neg && inexact; break;
      case 'ceiling': up = !neg && inexact; break;
      case 'halfUp': up = twice > factor || (twice === factor); break;
      case 'halfEven':
        up = twice > factor || (twice === factor && (stickyRest || q % 2n === 1n));
        break;
      default: {
        const never: never = rounding;
        throw new Error(`Unknown rounding ${String(never)}`);
      }
    }
    if (up) q += 1n;
    return new Decimal(neg ? -q : q, places);
  }

  /** Return the number of digits before the decimal point (0 for '0.5') and after it. */
  digits(): { whole: number; fraction: number } {
    const abs = this.coefficient < 0n ? -this.coefficient : this.coefficient;
    const str = abs.toString().padStart(this.scale + 1, '0');
    const whole = str.slice(0, str.length - this.scale).replace(/^0+/, '');
    return { whole: whole.length, fraction: this.scale };
  }

  /** Return the plain decimal string (never exponent notation): `'-12.50'`. */
  toString(): string {
    const neg = this.coefficient < 0n;
    let digits = (neg ? -this.coefficient : this.coefficient).toString();
    if (this.scale > 0) {
      digits = digits.padStart(this.scale + 1, '0');
      digits = `${digits.slice(0, -this.scale)}.${digits.slice(-this.scale)}`;
    }
    return neg ? `-${digits}` : digits;
  }

  /** Return the string with exactly `places` decimal places. */
  toFixed(places: number): string {
    return this.round(places).toString();
  }

  /** Return the nearest JS number (may lose precision). */
  toNumber(): number {
    return Number(this.toString());
  }

  toJSON(): string {
    return this.toString();
  }

  valueOf(): string {
    return this.toString();
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Decimal('${this.toString()}')`;
  }
}
