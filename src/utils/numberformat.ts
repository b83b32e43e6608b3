// Number formatting for templates: Django's floatformat (decimal rounding, half up, on the
// number's shortest text form), number_format grouping, and Python's `%` formatting used by
// stringformat. Layer 0.

/** A decimal number as sign, digit string and exponent (value = digits x 10^exponent). */
interface Decimal {
  negative: boolean;
  digits: string;
  exponent: number;
}

/** Parse a numeric string (`-12.5`, `1e+16`) into a Decimal; null when it is not a number. */
export function parseDecimal(text: string): Decimal | null {
  const m = /^\s*([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (!m || (!m[2] && !m[3])) return null;
  const intPart = m[2] ?? '';
  const frac = m[3] ?? '';
  let digits = (intPart + frac).replace(/^0+(?=\d)/, '');
  if (digits === '') digits = '0';
  return { negative: m[1] === '-', digits, exponent: Number(m[4] ?? 0) - frac.length };
}

/** Round a Decimal half up to `places` decimals and return its fixed-point text. */
export function quantizeHalfUp(d: Decimal, places: number): string {
  let digits = d.digits;
  let exponent = d.exponent;
  if (exponent < -places) {
    const drop = -places - exponent;
    const keepLen = digits.length - drop;
    let kept = keepLen > 0 ? digits.slice(0, keepLen) : '0';
    const first = keepLen >= 0 ? digits[keepLen] ?? '0' : '0';
    if (keepLen >= 0 && first >= '5') kept = (BigInt(kept) + 1n).toString();
    digits = kept;
    exponent = -places;
  }
  while (exponent > -places) {
    digits += '0';
    exponent -= 1;
  }
  digits = digits.padStart(places + 1, '0');
  const intPart = digits.slice(0, digits.length - places).replace(/^0+(?=\d)/, '');
  const frac = places ? '.' + digits.slice(digits.length - places) : '';
  const isZero = /^[0.]*$/.test(intPart + frac);
  return (d.negative && !isZero ? '-' : '') + intPart + frac;
}

/**
 * Format a numeric string with `decimalPos` decimals and optional thousands grouping
 * (Django's numberformat.format with English separators).
 *
 * @example
 * numberFormat('1234567.891', 2, true) // '1,234,567.89'
 */
export function numberFormat(text: string, decimalPos: number | null, grouping = false, decimalSep = '.', thousandSep = ','): string {
  let sign = '';
  let s = text;
  if (s[0] === '-') {
    sign = '-';
    s = s.slice(1);
  }
  let [intPart, decPart = ''] = s.split('.') as [string, string?];
  if (decimalPos !== null) {
    decPart = decPart.slice(0, decimalPos);
    decPart += '0'.repeat(Math.max(0, decimalPos - decPart.length));
  }
  const dec = decPart ? decimalSep + decPart : '';
  if (grouping) intPart = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, thousandSep);
  return sign + intPart + dec;
}

/**
 * Django's floatformat: round to `arg` decimals (negative: only when there is a fraction),
 * `g` suffix groups thousands. Returns null for values that are not numbers.
 *
 * @example
 * floatformat('34.23234', -1) // '34.2'
 * floatformat('34.0', -1) // '34'
 */
export function floatformat(text: string, arg: string | number = -1): string | null {
  let grouping = false;
  let a: string | number = arg;
  if (typeof a === 'string') {
    if (a.endsWith('gu') || a.endsWith('ug')) {
      grouping = true;
      a = a.slice(0, -2) || -1;
    } else if (a.endsWith('g')) {
      grouping = true;
      a = a.slice(0, -1) || -1;
    } else if (a.endsWith('u')) {
      a = a.slice(0, -1) || -1;
    }
  }
  const d = parseDecimal(text);
  if (!d) return null;
  const p = typeof a === 'number' ? Math.trunc(a) : /^\s*[+-]?\d+\s*$/.test(a) ? parseInt(a, 10) : NaN;
  if (Number.isNaN(p)) return text;
  const intText = quantizeTowardZero(d);
  const hasFraction = !/^0*$/.test(fractionDigits(d));
  if (!hasFraction && p <= 0) return numberFormat(intText, 0, grouping);
  const places = Math.abs(p);
  if (!hasFraction && p < 0) return numberFormat(intText, 0, grouping);
  const rounded = quantizeHalfUp(d, places);
  return numberFormat(rounded, places, grouping);
}

function fractionDigits(d: Decimal): string {
  if (d.exponent >= 0) return '';
  return d.digits.padStart(-d.exponent, '0').slice(d.exponent);
}

function quantizeTowardZero(d: Decimal): string {
  let intDigits: string;
  if (d.exponent >= 0) intDigits = d.digits + '0'.repeat(d.exponent);
  else intDigits = d.digits.slice(0, Math.max(0, d.digits.length + d.exponent)) || '0';
  intDigits = intDigits.replace(/^0+(?=\d)/, '');
  return (d.negative && intDigits !== '0' ? '-' : '') + intDigits;
}

function pyExp(x: number, precision: number, upper: boolean): string {
  let s = x.toExponential(precision);
  s = s.replace(/e([+-])(\d)$/, 'e$10$2');
  return upper ? s.toUpperCase() : s;
}

function pyGeneral(x: number, precision: number, alt: boolean, upper: boolean): string {
  if (precision === 0) precision = 1;
  if (x === 0) return alt ? (0).toFixed(precision - 1) : '0';
  const exp = Number(x.toExponential(precision - 1).split('e')[1]);
  let s: string;
  if (exp >= -4 && exp < precision) {
    s = x.toFixed(precision - 1 - exp);
    if (!alt && s.includes('.')) s = s.replace(/\.?0+$/, '');
  } else {
    s = x.toExponential(precision - 1);
    let [mant, e] = s.split('e') as [string, string];
    if (!alt && mant.includes('.')) mant = mant.replace(/\.?0+$/, '');
    e = e.replace(/^([+-])(\d)$/, '$10$2');
    s = `${mant}e${e}`;
  }
  return upper ? s.toUpperCase() : s;
}

const SPEC_RE = /^([#0\- +]*)(\d+)?(?:\.(\d*))?([diouxXeEfFgGcrsa%])$/;

/**
 * Apply one Python `%` conversion (`'05d'`, `'.2f'`, `'s'`) to `value`; null when Python would
 * raise (the stringformat filter then prints nothing).
 *
 * @example
 * pyPercentFormat('05d', 42) // '00042'
 */
export function pyPercentFormat(spec: string, value: unknown, str: (v: unknown) => string, repr: (v: unknown) => string): string | null {
  const m = SPEC_RE.exec(spec);
  if (!m) return null;
  const flags = m[1] ?? '';
  const width = m[2] ? Number(m[2]) : 0;
  const precision = m[3] !== undefined ? Number(m[3] || 0) : null;
  const conv = m[4]!;
  const left = flags.includes('-');
  const zero = flags.includes('0') && !left;
  const plus = flags.includes('+');
  const space = flags.includes(' ');
  const alt = flags.includes('#');
  const v = value instanceof Number ? value.valueOf() : typeof value === 'boolean' ? Number(value) : value;
  let body: string;
  let numeric = false;
  let negative = false;
  const num = (): number | null => (typeof v === 'number' ? v : null);
  switch (conv) {
    case 's':
      body = str(value);
      if (precision !== null) body = body.slice(0, precision);
      break;
    case 'r':
    case 'a':
      body = repr(value);
      if (precision !== null) body = body.slice(0, precision);
      break;
    case '%':
      // '%%' consumes no argument, so Python raises "not all arguments converted".
      return null;
    case 'c': {
      if (typeof v === 'number' && Number.isInteger(v)) body = String.fromCodePoint(v);
      else if (typeof v === 'string' && [...v].length === 1) body = v;
      else return null;
      break;
    }
    case 'd':
    case 'i':
    case 'u': {
      const n = num();
      if (n === null || !Number.isFinite(n)) return null;
      const t = Math.trunc(n);
      negative = t < 0;
      body = String(Math.abs(t));
      if (precision !== null) body = body.padStart(precision, '0');
      numeric = true;
      break;
    }
    case 'o':
    case 'x':
    case 'X': {
      const n = num();
      if (n === null || !Number.isInteger(n)) return null;
      negative = n < 0;
      body = Math.abs(n).toString(conv === 'o' ? 8 : 16);
      if (conv === 'X') body = body.toUpperCase();
      if (precision !== null) body = body.padStart(precision, '0');
      if (alt) body = (conv === 'o' ? '0o' : conv === 'x' ? '0x' : '0X') + body;
      numeric = true;
      break;
    }
    default: {
      const n = num();
      if (n === null) return null;
      negative = n < 0 || Object.is(n, -0);
      const a = Math.abs(n);
      const p = precision ?? 6;
      if (!Number.isFinite(a)) body = Number.isNaN(a) ? 'nan' : 'inf';
      else if (conv === 'f' || conv === 'F') body = a.toFixed(p);
      else if (conv === 'e' || conv === 'E') body = pyExp(a, p, conv === 'E');
      else body = pyGeneral(a, p, alt, conv === 'G');
      if (conv === 'F' || conv === 'E' || conv === 'G') body = body.toUpperCase();
      numeric = true;
    }
  }
  let sign = '';
  if (numeric) sign = negative ? '-' : plus ? '+' : space ? ' ' : '';
  const total = sign.length + body.length;
  if (total >= width) return sign + body;
  const padLen = width - total;
  if (left) return sign + body + ' '.repeat(padLen);
  if (zero && numeric) return sign + '0'.repeat(padLen) + body;
  return ' '.repeat(padLen) + sign + body;
}
