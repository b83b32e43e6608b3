// Builtin filters over values and collections: arithmetic, defaults, sorting, joins, slices,
// numbers (floatformat, filesizeformat, stringformat), JSON, lists, dates and time spans.
import { DATE_FORMATS, formatDate, timesince } from '../../utils/dateformat.ts';
import { conditionalEscape } from '../../utils/html.ts';
import { floatformat, numberFormat, pyPercentFormat, quantizeHalfUp, parseDecimal } from '../../utils/numberformat.ts';
import { SafeString, markSafe } from '../../utils/safestring.ts';
import { avoidWrapping } from '../../utils/text.ts';
import { TemplateRuntimeError } from '../errors.ts';
import type { Library } from '../library.ts';
import {
  PyFloat,
  PyTuple,
  isPlainObject,
  pyCompare,
  pyIter,
  pyLen,
  pyRepr,
  pyStr,
  pyTypeName,
  truthy,
  unbox,
} from '../python-values.ts';
import { pyFloatOf, pyInt } from '../python-values.ts';
import { MISSING, lookupBit } from '../variable.ts';
import { str } from './text-filters.ts';

function pyAdd(a: unknown, b: unknown): unknown {
  const ia = pyInt(a);
  const ib = pyInt(b);
  if (ia !== null && ib !== null) return ia + ib;
  a = unbox(a);
  b = unbox(b);
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (Array.isArray(a) && Array.isArray(b) && (a instanceof PyTuple) === (b instanceof PyTuple)) {
    return a instanceof PyTuple ? PyTuple.fromItems([...a, ...b]) : [...a, ...b];
  }
  return '';
}

function propertyResolver(arg: unknown): (v: unknown) => unknown {
  const key = unbox(arg);
  if (typeof key === 'number' || (typeof key === 'string' && pyFloatOf(key) !== null)) {
    return (v) => {
      const r = Array.isArray(v) || typeof v === 'string' ? lookupBit(v, String(key)) : lookupBit(v, String(key));
      if (r === MISSING) throw new TypeError('unsubscriptable');
      return r;
    };
  }
  const s = pyStr(key);
  if (s.includes('._') || s[0] === '_') throw new TypeError('Access to private variables is forbidden.');
  const parts = s.split('.');
  return (value) => {
    for (const part of parts) {
      const r = lookupBit(value, part);
      if (r === MISSING) throw new TypeError(`no attribute ${part}`);
      value = r;
    }
    return value;
  };
}

function dictsort(value: unknown, arg: unknown, reverse: boolean): unknown {
  try {
    const items = pyIter(value);
    if (items === null) return '';
    const resolve = propertyResolver(arg);
    const keyed = items.map((item) => ({ item, key: resolve(item) }));
    keyed.sort((a, b) => pyCompare(a.key, b.key));
    if (reverse) keyed.reverse();
    return keyed.map((k) => k.item);
  } catch {
    return '';
  }
}

function pySlice(value: unknown, arg: unknown): unknown {
  const bits: (number | null)[] = [];
  for (const x of pyStr(arg instanceof SafeString ? arg.value : arg).split(':')) {
    if (!x) bits.push(null);
    else {
      const n = pyInt(x);
      if (n === null) return value;
      bits.push(n);
    }
  }
  if (bits.length > 3) return value;
  let [start, stop, step] = bits.length === 1 ? [null, bits[0]!, null] : [bits[0]!, bits[1]!, bits[2] ?? null];
  const isStr = typeof value === 'string' || value instanceof SafeString;
  const seq: unknown[] | null = isStr ? [...str(value)] : Array.isArray(value) ? value : null;
  if (seq === null) return value;
  const len = seq.length;
  step ??= 1;
  if (step === 0) return value;
  const norm = (i: number | null, dflt: number): number => {
    if (i === null) return dflt;
    if (i < 0) i += len;
    if (step! > 0) return Math.min(Math.max(i, 0), len);
    return Math.min(Math.max(i, -1), len - 1);
  };
  const s = norm(start, step > 0 ? 0 : len - 1);
  const e = norm(stop, step > 0 ? len : -1);
  const out: unknown[] = [];
  if (step > 0) for (let i = s; i < e; i += step) out.push(seq[i]);
  else for (let i = s; i > e; i += step) out.push(seq[i]);
  if (isStr) return out.join('');
  return value instanceof PyTuple ? PyTuple.fromItems(out) : out;
}

/** Serialise like Python's json.dumps (", " and ": " separators, ASCII only). */
export function pyJson(v: unknown): string {
  v = v instanceof SafeString ? v.value : v;
  if (v === null || v === undefined) return 'null';
  if (v instanceof PyFloat) return v.toString();
  v = unbox(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isFinite(v) ? pyStr(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  if (typeof v === 'string') {
    return JSON.stringify(v).replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  }
  if (v instanceof Date) return pyJson(v.toISOString());
  if (Array.isArray(v)) return `[${v.map(pyJson).join(', ')}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${pyJson(String(k))}: ${pyJson(x)}`).join(', ')}}`;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return pyJson((v as { toJSON: () => unknown }).toJSON());
  if (typeof v === 'object') {
    return `{${Object.entries(v as object).map(([k, x]) => `${pyJson(k)}: ${pyJson(x)}`).join(', ')}}`;
  }
  return pyJson(String(v));
}

function sortedRepr(v: unknown): string {
  if (isPlainObject(v)) {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${pyRepr(k)}: ${sortedRepr(v[k])}`).join(', ')}}`;
  }
  if (Array.isArray(v) && !(v instanceof PyTuple)) return `[${v.map(sortedRepr).join(', ')}]`;
  return pyRepr(v);
}

function unorderedList(value: unknown, autoescape: boolean): string {
  const esc = (x: unknown): string => (autoescape ? conditionalEscape(x).value : str(x));
  const walk = (items: unknown[]): [unknown, unknown[] | null][] => {
    const out: [unknown, unknown[] | null][] = [];
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const next = items[i + 1];
      if (i + 1 < items.length && Array.isArray(next)) {
        out.push([item, next]);
        i++;
      } else out.push([item, null]);
    }
    return out;
  };
  const format = (items: unknown[], tabs: number): string => {
    const indent = '\t'.repeat(tabs);
    return walk(items)
      .map(([item, children]) => {
        let sub = '';
        if (children && children.length) {
          sub = `\n${indent}<ul>\n${format(children, tabs + 1)}\n${indent}</ul>\n${indent}`;
        }
        return `${indent}<li>${esc(item)}${sub}</li>`;
      })
      .join('\n');
  };
  return format(pyIter(value) ?? [], 1);
}

function filesize(value: unknown): string {
  const n = pyInt(value);
  if (n === null) return avoidWrapping('0 bytes');
  let b = Math.abs(n);
  const KB = 1024;
  const units: [number, string][] = [
    [KB ** 5, 'PB'],
    [KB ** 4, 'TB'],
    [KB ** 3, 'GB'],
    [KB ** 2, 'MB'],
    [KB, 'KB'],
  ];
  let out: string;
  if (b < KB) out = `${b} ${b === 1 ? 'byte' : 'bytes'}`;
  else {
    let i = units.length - 1;
    while (i > 0 && b >= units[i - 1]![0]) i--;
    const [size, name] = units[i]!;
    const d = parseDecimal(pyStr(roundHalfEvenTo(b / size, 1)))!;
    out = `${numberFormat(quantizeHalfUp(d, 1), 1)} ${name}`;
    b = 0;
  }
  return avoidWrapping(n < 0 ? `-${out}` : out);
}

function roundHalfEvenTo(x: number, places: number): number {
  const f = 10 ** places;
  const y = x * f;
  const r = Math.round(y);
  const adj = Math.abs(y % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  return adj / f;
}

function toDate(v: unknown): Date | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  return null;
}

function formatName(arg: unknown, dflt: string): string {
  const a = arg === undefined || arg === null ? dflt : str(arg);
  return DATE_FORMATS[a] ?? a;
}

function spanFilter(value: unknown, arg: unknown, reversed: boolean): string {
  if (!truthy(value)) return '';
  const d = toDate(value);
  if (!d) throw new TemplateRuntimeError('AttributeError', `'${pyTypeName(value)}' object has no attribute 'year'`);
  const other = arg === undefined || arg === null || arg === '' ? new Date() : toDate(arg);
  if (!other) return '';
  return reversed ? timesince(d, other, true) : timesince(d, other);
}

/** Register the value and collection filters on `lib`. */
export function registerDataFilters(lib: Library): void {
  lib.filter('add', (v, arg) => pyAdd(v, arg), { arg: 'required' });
  lib.filter('default', (v, arg) => (truthy(v) ? v : arg), { arg: 'required' });
  lib.filter('default_if_none', (v, arg) => (v === null || v === undefined ? arg : v), { arg: 'required' });
  lib.filter('dictsort', (v, arg) => dictsort(v, arg, false), { arg: 'required' });
  lib.filter('dictsortreversed', (v, arg) => dictsort(v, arg, true), { arg: 'required' });
  lib.filter('divisibleby', (v, arg) => {
    const a = pyInt(v);
    const b = pyInt(arg);
    if (a === null) throw new TemplateRuntimeError('ValueError', `invalid literal for int() with base 10: ${pyRepr(v)}`);
    if (b === null) throw new TemplateRuntimeError('ValueError', `invalid literal for int() with base 10: ${pyRepr(arg)}`);
    if (b === 0) throw new TemplateRuntimeError('ValueError', 'integer division or modulo by zero');
    return a % b === 0;
  }, { arg: 'required' });
  lib.filter('escapeseq', (v) => (pyIter(v) ?? []).map((x) => conditionalEscape(x)), { isSafe: true, arg: 'none' });
  lib.filter('safeseq', (v) => (pyIter(v) ?? []).map((x) => (x instanceof SafeString ? x : markSafe(str(x)))), { isSafe: true, arg: 'none' });
  lib.filter('filesizeformat', filesize, { isSafe: true, arg: 'none' });
  lib.filter('first', (v) => {
    const items = typeof v === 'string' || v instanceof SafeString ? [...str(v)] : Array.isArray(v) ? v : pyIter(v);
    return items && items.length ? items[0] : '';
  }, { arg: 'none' });
  lib.filter('last', (v) => {
    const items = typeof v === 'string' || v instanceof SafeString ? [...str(v)] : Array.isArray(v) ? v : pyIter(v);
    return items && items.length ? items[items.length - 1] : '';
  }, { isSafe: true, arg: 'none' });
  lib.filter('floatformat', (v, arg) => {
    const raw = unbox(v);
    let text: string;
    if (typeof raw === 'number') text = pyStr(raw);
    else if (v instanceof PyFloat) text = v.toString();
    else text = str(v);
    let out = floatformat(text, arg === undefined ? -1 : arg instanceof SafeString ? arg.value : (unbox(arg) as string | number));
    if (out === null) {
      const f = pyFloatOf(v);
      if (f === null || !Number.isFinite(f)) return '';
      out = floatformat(pyStr(f), arg === undefined ? -1 : (unbox(arg) as string | number));
      if (out === null) return '';
    }
    return markSafe(out);
  }, { isSafe: true, arg: 'optional' });
  lib.filter('get_digit', (v, arg) => {
    const a = pyInt(arg);
    const n = pyInt(v);
    if (a === null || n === null || (typeof unbox(v) === 'string' && !/^\s*[+-]?\d+\s*$/.test(str(v)))) return v;
    if (a < 1) return v;
    const s = String(n);
    return a <= s.length ? Number(s[s.length - a]) : 0;
  }, { arg: 'required' });
  lib.filter('join', (v, arg, autoescape: boolean) => {
    const items = typeof v === 'string' || v instanceof SafeString ? [...str(v)] : Array.isArray(v) ? v : null;
    if (items === null) return v;
    if (autoescape) return markSafe(items.map((x) => conditionalEscape(x).value).join(conditionalEscape(arg).value));
    if (items.some((x) => typeof x !== 'string' && !(x instanceof SafeString))) return v;
    return markSafe(items.map(str).join(str(arg)));
  }, { isSafe: true, needsAutoescape: true, arg: 'required' });
  lib.filter('json_script', (v, id) => {
    const json = pyJson(v).replace(/[<>&]/g, (c) => ({ '<': '\\u003C', '>': '\\u003E', '&': '\\u0026' })[c]!);
    if (id !== undefined && id !== null && id !== '') {
      return markSafe(`<script id="${conditionalEscape(id).value}" type="application/json">${json}</script>`);
    }
    return markSafe(`<script type="application/json">${json}</script>`);
  }, { isSafe: true, arg: 'optional' });
  lib.filter('length', (v) => pyLen(v) ?? 0, { arg: 'none' });
  lib.filter('pluralize', (v, arg) => {
    let a = arg === undefined ? 's' : str(arg);
    if (!a.includes(',')) a = ',' + a;
    const bits = a.split(',');
    if (bits.length > 2) return '';
    const [singular, plural] = bits as [string, string];
    const raw = unbox(v);
    if (typeof raw === 'number' || typeof raw === 'boolean') return Number(raw) === 1 ? singular : plural;
    if (typeof raw === 'string') {
      const f = pyFloatOf(raw);
      return f === null ? '' : f === 1 ? singular : plural;
    }
    const n = pyLen(v);
    if (n === undefined) return '';
    return n === 1 ? singular : plural;
  }, { arg: 'optional' });
  lib.filter('pprint', (v) => sortedRepr(v), { isSafe: true, arg: 'none' });
  lib.filter('random', (v) => {
    const items = pyIter(v) ?? [];
    if (!items.length) throw new TemplateRuntimeError('ValueError', 'Cannot choose from an empty sequence');
    return items[Math.floor(Math.random() * items.length)];
  }, { isSafe: true, arg: 'none' });
  lib.filter('slice', (v, arg) => pySlice(v, arg), { isSafe: true, arg: 'required' });
  lib.filter('stringformat', (v, arg) => {
    const value = v instanceof PyTuple ? pyStr(v) : v;
    return pyPercentFormat(str(arg), value, str, pyRepr) ?? '';
  }, { isSafe: true, arg: 'required' });
  lib.filter('unordered_list', (v, _a, autoescape: boolean) => markSafe(unorderedList(v, autoescape)), { isSafe: true, needsAutoescape: true, arg: 'none' });
  lib.filter('yesno', (v, arg) => {
    const bits = (arg === undefined ? 'yes,no,maybe' : str(arg)).split(',');
    if (bits.length < 2) return v;
    const [yes, no, maybe = bits[1]] = bits.length === 3 ? bits : [bits[0], bits[1], bits[1]];
    if (v === null || v === undefined) return maybe;
    return truthy(v) ? yes : no;
  }, { arg: 'optional' });
  lib.filter('date', (v, arg) => {
    if (v === null || v === undefined || v === '') return '';
    const d = toDate(v);
    if (!d) return '';
    return formatDate(d, formatName(arg, 'DATE_FORMAT'));
  }, { expectsLocaltime: true, arg: 'optional' });
  lib.filter('time', (v, arg) => {
    if (v === null || v === undefined || v === '') return '';
    const d = toDate(v);
    if (!d) return '';
    return formatDate(d, formatName(arg, 'TIME_FORMAT'));
  }, { expectsLocaltime: true, arg: 'optional' });
  lib.filter('timesince', (v, arg) => spanFilter(v, arg, false), { arg: 'optional' });
  lib.filter('timeuntil', (v, arg) => spanFilter(v, arg, true), { arg: 'optional' });
}
