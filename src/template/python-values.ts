// Python value semantics the template language relies on: how a value prints (`str`/`repr`),
// whether it is true, how two values compare. The runtime, tags and filters all call these so
// `{{ xs }}`, `{% if a == b %}` and `|length` behave as they do under Django.
import { SafeString } from '../utils/safestring.ts';

/** Return true when `v` is a promise or another thenable (awaited by the renderer). */
export function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && typeof v === 'object' && typeof (v as { then?: unknown }).then === 'function';
}

/** Return true for plain objects (`{}` literals and null-prototype objects): Python dicts. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A Python tuple: renders as `(1, 'a')`, otherwise behaves as an array. */
export class PyTuple<T = unknown> extends Array<T> {
  /** Build a tuple from the given items. */
  static fromItems<T>(items: Iterable<T>): PyTuple<T> {
    const t = new PyTuple<T>();
    for (const x of items) t.push(x);
    return t;
  }
}

/** Unwrap boxed primitives (`new Number(2)`) so they compare as their primitive value. */
export function unbox(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (v instanceof Number || v instanceof String || v instanceof Boolean) return v.valueOf();
  if (v instanceof SafeString) return v.value;
  return v;
}

/** Python truthiness: empty containers, zero, '' and None are false. */
export function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === '' || v === 0) return false;
  if (typeof v !== 'object') return typeof v === 'number' ? !Number.isNaN(v) : v !== 0n;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof SafeString) return v.length > 0;
  if (v instanceof Map || v instanceof Set) return v.size > 0;
  if (v instanceof Number || v instanceof String || v instanceof Boolean) return truthy(v.valueOf());
  if (isPlainObject(v)) {
    for (const _ in v) return true;
    return false;
  }
  const len = (v as { length?: unknown }).length;
  if (typeof len === 'number') return len > 0;
  return true;
}

function floatRepr(n: number): string {
  if (Number.isInteger(n)) return String(n);
  if (Number.isNaN(n)) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  let s = String(n);
  // Python writes exponents with two digits at least: 1e-07, 1e+21
  s = s.replace(/e([+-])(\d)$/, 'e$10$2');
  return s;
}

/** Render a number the way Python's `str()` does (ints without a point, floats as repr). */
export function numberStr(n: number): string {
  return floatRepr(n);
}

/** Python `repr()` of a string: single quotes unless it contains one and no double quote. */
export function stringRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else {
      const c = ch.codePointAt(0)!;
      if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
      else out += ch;
    }
  }
  return out + quote;
}

/** Python `repr()` of a value. */
export function pyRepr(v: unknown): string {
  if (typeof v === 'string') return stringRepr(v);
  if (v !== null && typeof v === 'object' && typeof (v as { __repr__?: unknown }).__repr__ === 'function') {
    return String((v as { __repr__: () => unknown }).__repr__());
  }
  if (v instanceof SafeString) return stringRepr(v.value);
  if (Array.isArray(v)) {
    const items = v.map(pyRepr);
    if (v instanceof PyTuple) return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
    return `[${items.join(', ')}]`;
  }
  if (v instanceof Map) {
    return `{${[...v].map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  }
  if (v instanceof Set) return v.size ? `{${[...v].map(pyRepr).join(', ')}}` : 'set()';
  if (isPlainObject(v)) {
    return `{${Object.keys(v).map((k) => `${stringRepr(k)}: ${pyRepr(v[k])}`).join(', ')}}`;
  }
  return pyStr(v);
}

/** Python `str()` of a value: None, True/False, list and dict reprs. */
export function pyStr(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return floatRepr(v);
    case 'boolean':
      return v ? 'True' : 'False';
    case 'undefined':
      return 'None';
    case 'bigint':
      return String(v);
    case 'object':
      if (v === null) return 'None';
      if (v instanceof SafeString) return v.value;
      if (Array.isArray(v) || v instanceof Map || v instanceof Set || isPlainObject(v)) return pyRepr(v);
      return String(v);
    default:
      return String(v);
  }
}

/** Python `==`: numbers by value (1 == 1.0), sequences and dicts element by element. */
export function pyEquals(a: unknown, b: unknown): boolean {
  a = unbox(a);
  b = unbox(b);
  if (a === b) return true;
  if (a === null || a === undefined) return b === null || b === undefined;
  if (typeof a === 'boolean' && typeof b === 'number') return Number(a) === b;
  if (typeof b === 'boolean' && typeof a === 'number') return Number(b) === a;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length || (a instanceof PyTuple) !== (b instanceof PyTuple)) return false;
    return a.every((x, i) => pyEquals(x, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && pyEquals(a[k], b[k]));
  }
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return false;
}

/** Raised for comparisons Python refuses (`None < 1`); `{% if %}` turns it into false. */
export class PyTypeError extends TypeError {
  readonly djangoError = 'TypeError';
}

function orderable(v: unknown): 'num' | 'str' | 'seq' | 'date' | null {
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return 'num';
  if (typeof v === 'string') return 'str';
  if (Array.isArray(v)) return 'seq';
  if (v instanceof Date) return 'date';
  return null;
}

/** Python ordering: negative, zero or positive; throws PyTypeError for unorderable pairs. */
export function pyCompare(a: unknown, b: unknown): number {
  a = unbox(a);
  b = unbox(b);
  const ta = orderable(a);
  const tb = orderable(b);
  if (ta === null || ta !== tb) {
    throw new PyTypeError(`'<' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
  }
  if (ta === 'num') return Number(a) - Number(b);
  if (ta === 'date') return (a as Date).getTime() - (b as Date).getTime();
  if (ta === 'str') return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
  const xa = a as unknown[];
  const xb = b as unknown[];
  for (let i = 0; i < Math.min(xa.length, xb.length); i++) {
    if (!pyEquals(xa[i], xb[i])) return pyCompare(xa[i], xb[i]);
  }
  return xa.length - xb.length;
}

/** Python `in`: substring, list membership, dict key. Throws PyTypeError otherwise. */
export function pyIn(item: unknown, container: unknown): boolean {
  container = unbox(container);
  if (typeof container === 'string') {
    const s = unbox(item);
    if (typeof s !== 'string') throw new PyTypeError("'in <string>' requires string as left operand");
    return container.includes(s);
  }
  if (Array.isArray(container)) return container.some((x) => pyEquals(x, item));
  if (container instanceof Set) return [...container].some((x) => pyEquals(x, item));
  if (container instanceof Map) return [...container.keys()].some((x) => pyEquals(x, item));
  if (isPlainObject(container)) {
    const k = unbox(item);
    return (typeof k === 'string' || typeof k === 'number') && Object.hasOwn(container, String(k));
  }
  if (container !== null && typeof container === 'object' && Symbol.iterator in container) {
    for (const x of container as Iterable<unknown>) if (pyEquals(x, item)) return true;
    return false;
  }
  throw new PyTypeError(`argument of type '${pyTypeName(container)}' is not iterable`);
}

/** The Python type name Django would report for a value (for error messages). */
export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string' || v instanceof SafeString) return 'str';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof PyTuple) return 'tuple';
  if (Array.isArray(v)) return 'list';
  if (isPlainObject(v) || v instanceof Map) return 'dict';
  if (typeof v === 'function') return 'function';
  return (v as object).constructor?.name ?? 'object';
}

/** Python `len()`; returns undefined for values without a length. */
export function pyLen(v: unknown): number | undefined {
  if (typeof v === 'string') return [...v].length;
  if (v instanceof SafeString) return [...v.value].length;
  if (Array.isArray(v)) return v.length;
  if (v instanceof Map || v instanceof Set) return v.size;
  if (isPlainObject(v)) return Object.keys(v).length;
  if (v !== null && typeof v === 'object') {
    const len = (v as { length?: unknown }).length;
    if (typeof len === 'number') return len;
    const size = (v as { size?: unknown }).size;
    if (typeof size === 'number') return size;
  }
  return undefined;
}

/** Iterate a value as Python would: strings by character, dicts by key; null for non-iterables. */
export function pyIter(v: unknown): unknown[] | null {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return [...v];
  if (v instanceof SafeString) return [...v.value];
  if (v instanceof Map) return [...v.keys()];
  if (isPlainObject(v)) return Object.keys(v);
  if (v !== null && typeof v === 'object' && Symbol.iterator in v) return [...(v as Iterable<unknown>)];
  return null;
}

/**
 * A Python float whose value is integral (`2.0`): prints with its point, computes as a number.
 *
 * @example
 * pyStr(new PyFloat(2)) // '2.0'
 */
export class PyFloat extends Number {
  override toString(): string {
    const n = this.valueOf();
    return Number.isInteger(n) ? n.toFixed(1) : numberStr(n);
  }
}

/** Convert a value to a JS number (unboxing), or NaN. */
export function toNumber(v: unknown): number {
  v = unbox(v);
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return NaN;
}

/** Python's int(): numbers truncate, numeric strings parse; null when it would raise. */
export function pyInt(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : null;
  v = unbox(v);
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) return parseInt(v, 10);
  return null;
}

/** Python's float(): null when it would raise. */
export function pyFloatOf(v: unknown): number | null {
  v = unbox(v);
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const s = v.trim();
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s);
    if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
    if (/^[+-]?nan$/i.test(s)) return NaN;
  }
  return null;
}

/** Python's round() to an integer: halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  if (Math.abs(x % 1) === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}
