// Variables and filter expressions (`user.name|default:"anon"|upper`): parsed once into a
// literal or a lookup path plus a list of filter calls, then resolved at render time with
// Django's lookup order (key, attribute, index; zero-argument callables are called). Promise
// values met on the way are awaited; the synchronous path allocates no promise.
import { SafeString, markSafe } from '../utils/safestring.ts';
import { inTimeZone } from '../utils/zoned-date.ts';
import type { Context } from './context.ts';
import { TemplateSyntaxError, VariableDoesNotExist } from './errors.ts';
import type { FilterSpec } from './library.ts';
import { PyFloat, PyTuple, isThenable, pyRepr, pyStr } from './python-values.ts';

/** Returned by lookups that fail (Django raises VariableDoesNotExist internally). */
export const MISSING: unique symbol = Symbol('missing');
/** The type of MISSING. */
export type Missing = typeof MISSING;

const FLOAT_RE = /^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)$/;
const INT_RE = /^[+-]?\d+$/;
const INDEX_RE = /^\d+$/;

/** Undo the quoting of a template string literal; undefined when `s` is not one. */
export function unescapeStringLiteral(s: string): string | undefined {
  const q = s[0];
  if (s.length < 2 || (q !== '"' && q !== "'") || s[s.length - 1] !== q) return undefined;
  return s.slice(1, -1).split(`\\${q}`).join(q).split('\\\\').join('\\');
}

/** Mark a function so templates never call it (`{{ fn }}` yields the function itself). */
export function doNotCallInTemplates<T extends object>(fn: T): T {
  (fn as { doNotCallInTemplates?: boolean }).doNotCallInTemplates = true;
  return fn;
}

/** Mark a function as altering data: templates refuse to call it (string_if_invalid). */
export function altersData<T extends object>(fn: T): T {
  (fn as { altersData?: boolean }).altersData = true;
  return fn;
}

/**
 * One variable or literal inside a tag or `{{ }}`: a number, a quoted string (marked safe), a
 * `_("...")` translation or a dotted lookup path.
 */
export class Variable {
  readonly var: string;
  readonly literal: unknown = undefined;
  readonly lookups: string[] | null = null;
  readonly translate: boolean = false;

  constructor(text: string) {
    this.var = text;
    let v = text;
    if (/[.eE]/.test(v)) {
      if (FLOAT_RE.test(v) && !v.endsWith('.')) {
        const n = Number(v);
        this.literal = Number.isInteger(n) ? new PyFloat(n) : n;
        return;
      }
    } else if (INT_RE.test(v)) {
      this.literal = Number(v);
      return;
    }
    if (v.startsWith('_(') && v.endsWith(')')) {
      this.translate = true;
      v = v.slice(2, -1);
    }
    const str = unescapeStringLiteral(v);
    if (str !== undefined) {
      this.literal = markSafe(str);
      return;
    }
    if (v.includes('._') || v[0] === '_') {
      throw new TemplateSyntaxError(`Variables and attributes may not begin with underscores: '${v}'`);
    }
    this.lookups = v.split('.');
  }

  /** Resolve to a value, MISSING, or a promise of either. */
  resolve(ctx: Context): unknown {
    const lookups = this.lookups;
    if (lookups === null) return this.literal;
    // The common shapes (`name`, `obj.attr`) skip the generic loop.
    let v = ctx.get(lookups[0]!);
    if (v === undefined) return MISSING;
    if (typeof v === 'function') v = callInTemplate(v, undefined, ctx);
    if (lookups.length === 1) return v;
    if (isThenable(v)) return Promise.resolve(v).then((x) => resolveLookups(ctx, lookups, 1, x));
    if (lookups.length === 2) {
      const parent = v;
      if (typeof parent === 'object' && parent !== null) {
        // Plain objects (rows, forloop) are the hot case: read the key directly.
        const proto = Object.getPrototypeOf(parent);
        if (proto === Object.prototype || proto === null) {
          const w = (parent as Record<string, unknown>)[lookups[1]!];
          if (w !== undefined && typeof w !== 'function') return w;
        }
      }
      v = lookupBit(parent, lookups[1]!);
      if (typeof v === 'function') v = callInTemplate(v, parent, ctx);
      return v;
    }
    return resolveLookups(ctx, lookups, 1, v);
  }

  /** Resolve like Django's `Variable.resolve`: a failed lookup throws VariableDoesNotExist. */
  resolveOrThrow(ctx: Context): unknown {
    const v = this.resolve(ctx);
    if (v === MISSING) throw this.#missing();
    if (isThenable(v)) {
      return Promise.resolve(v).then((x) => {
        if (x === MISSING) throw this.#missing();
        return x;
      });
    }
    return v;
  }

  #missing(): VariableDoesNotExist {
    return new VariableDoesNotExist(`Failed lookup for key [${this.lookups![0]}] in ${this.var}`);
  }

  toString(): string {
    return this.var;
  }
}

/** What `d.items`, `d.keys` and `d.values` return: a list that prints as Python's view does. */
export class DictView extends Array<unknown> {
  kind: 'items' | 'keys' | 'values' = 'items';

  /** Build a view of `kind` over `items`. */
  static fromItems(kind: 'items' | 'keys' | 'values', items: unknown[]): DictView {
    const view = new DictView();
    view.kind = kind;
    for (const x of items) view.push(x);
    return view;
  }

  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  /** Python's repr: `dict_items([('a', 1)])`. */
  __repr__(): string {
    return `dict_${this.kind}([${this.map((x) => pyRepr(x)).join(', ')}])`;
  }
}

const PY_STRING_METHODS: Record<string, (s: string) => unknown> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  strip: (s) => s.trim(),
  lstrip: (s) => s.trimStart(),
  rstrip: (s) => s.trimEnd(),
  capitalize: (s) => (s ? s[0]!.toUpperCase() + s.slice(1).toLowerCase() : s),
  title: (s) => s.toLowerCase().replace(/(^|[^\p{L}\p{N}])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase()),
  swapcase: (s) => [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
  split: (s) => s.trim().split(/\s+/).filter(Boolean),
  splitlines: (s) => s.split(/\r\n|\r|\n/).filter((x, i, a) => i < a.length - 1 || x !== ''),
  isdigit: (s) => /^\d+$/.test(s),
  isalpha: (s) => /^\p{L}+$/u.test(s),
  isalnum: (s) => /^[\p{L}\p{N}]+$/u.test(s),
  isspace: (s) => /^\s+$/.test(s),
  islower: (s) => /\p{Ll}/u.test(s) && s === s.toLowerCase(),
  isupper: (s) => /\p{Lu}/u.test(s) && s === s.toUpperCase(),
  casefold: (s) => s.toLowerCase(),
};

const DATE_ATTRS: Record<string, (d: Date) => unknown> = {
  year: (d) => d.getFullYear(),
  month: (d) => d.getMonth() + 1,
  day: (d) => d.getDate(),
  hour: (d) => d.getHours(),
  minute: (d) => d.getMinutes(),
  second: (d) => d.getSeconds(),
  microsecond: (d) => d.getMilliseconds() * 1000,
  weekday: (d) => (d.getDay() + 6) % 7,
  isoweekday: (d) => d.getDay() || 7,
};

function stringBit(s: string, bit: string): unknown {
  if (INDEX_RE.test(bit)) {
    const chars = [...s];
    const i = Number(bit);
    return i < chars.length ? chars[i] : MISSING;
  }
  const m = PY_STRING_METHODS[bit];
  return m ? m(s) : MISSING;
}

/** Look up one path segment on a value; MISSING when there is nothing there. */
export function lookupBit(current: unknown, bit: string): unknown {
  if (current === null || current === undefined) return MISSING;
  const t = typeof current;
  if (t === 'string') return stringBit(current as string, bit);
  if (t !== 'object' && t !== 'function') return MISSING;
  const obj = current as Record<string, unknown>;
  const proto = Object.getPrototypeOf(obj);
  if (proto === Object.prototype || proto === null) {
    const v = obj[bit];
    if (v !== undefined && (typeof v !== 'function' || Object.hasOwn(obj, bit))) return v;
    if (bit === 'items') return DictView.fromItems('items', Object.keys(obj).map((k) => PyTuple.fromItems([k, obj[k]])));
    if (bit === 'keys') return DictView.fromItems('keys', Object.keys(obj));
    if (bit === 'values') return DictView.fromItems('values', Object.values(obj));
    return MISSING;
  }
  if (Array.isArray(obj)) {
    if (!INDEX_RE.test(bit)) return bit !== 'length' && Object.hasOwn(obj, bit) ? obj[bit] : MISSING;
    const i = Number(bit);
    return i < obj.length ? obj[i] : MISSING;
  }
  if (obj instanceof SafeString) return stringBit(obj.value, bit);
  if (obj instanceof Map) {
    if (obj.has(bit)) return obj.get(bit);
    if (INDEX_RE.test(bit) && obj.has(Number(bit))) return obj.get(Number(bit));
    if (bit === 'items') return DictView.fromItems('items', [...obj].map((e) => PyTuple.fromItems(e)));
    if (bit === 'keys') return DictView.fromItems('keys', [...obj.keys()]);
    if (bit === 'values') return DictView.fromItems('values', [...obj.values()]);
    return MISSING;
  }
  if (obj instanceof Date) {
    const f = DATE_ATTRS[bit];
    return f ? f(obj) : MISSING;
  }
  if (bit in obj) {
    if ((bit in Object.prototype || (t === 'function' && bit in Function.prototype)) && !Object.hasOwn(obj, bit)) {
      return MISSING;
    }
    const v = obj[bit];
    return v === undefined ? MISSING : v;
  }
  if (INDEX_RE.test(bit) && typeof obj['length'] === 'number') {
    const v = (obj as unknown as ArrayLike<unknown>)[Number(bit)];
    return v === undefined ? MISSING : v;
  }
  return MISSING;
}

function isClass(fn: Function): boolean {
  return Function.prototype.toString.call(fn).startsWith('class');
}

/** Call a zero-argument callable found by a lookup, honouring the template call markers. */
export function callInTemplate(fn: Function, self: unknown, ctx: Context): unknown {
  const marks = fn as { doNotCallInTemplates?: boolean; do_not_call_in_templates?: boolean; altersData?: boolean; alters_data?: boolean };
  if (marks.doNotCallInTemplates || marks.do_not_call_in_templates) return fn;
  if (marks.altersData || marks.alters_data) return ctx.engine?.stringIfInvalid ?? '';
  if (isClass(fn)) return fn;
  if (fn.length > 0) return ctx.engine?.stringIfInvalid ?? '';
  return fn.call(self);
}

/** Resolve `lookups[from..]` starting at `current` (MISSING meaning "start in the context"). */
export function resolveLookups(ctx: Context, lookups: string[], from: number, current: unknown): unknown {
  for (let i = from; i < lookups.length; i++) {
    const bit = lookups[i]!;
    const parent = current;
    current = parent === MISSING && i === 0 ? contextBit(ctx, bit) : lookupBit(parent, bit);
    if (current === MISSING) return MISSING;
    if (typeof current === 'function') current = callInTemplate(current, parent === MISSING ? undefined : parent, ctx);
    if (isThenable(current)) {
      const next = i + 1;
      return Promise.resolve(current).then((v) => (next < lookups.length ? resolveLookups(ctx, lookups, next, v) : v));
    }
  }
  return current;
}

function contextBit(ctx: Context, bit: string): unknown {
  const v = ctx.get(bit);
  return v === undefined ? MISSING : v;
}

/** One filter call inside an expression. */
export interface FilterCall {
  spec: FilterSpec;
  /** The literal argument (undefined when there is none or it is a variable). */
  argValue: unknown;
  /** The variable argument, resolved at render time. */
  argVariable: Variable | undefined;
}

const STRDQ = String.raw`"[^"\\]*(?:\\.[^"\\]*)*"`;
const STRSQ = String.raw`'[^'\\]*(?:\\.[^'\\]*)*'`;
const CONSTANT = String.raw`(?:_\(${STRDQ}\)|_\(${STRSQ}\)|${STRDQ}|${STRSQ})`;
const NUM = String.raw`[-+.]?\d[\d.e]*`;
const VAR_CHARS = String.raw`[\p{L}\p{N}_.]`;
const HEAD_RE = new RegExp(String.raw`(?<constant>${CONSTANT})|(?<var>${VAR_CHARS}+|${NUM})`, 'uy');
const FILTER_SRC = String.raw`\s*\|\s*(?<name>[\p{L}\p{N}_]+)(?::(?:(?<carg>${CONSTANT})|(?<varg>${VAR_CHARS}+|${NUM})))?`;
const FILTER_RE = new RegExp(FILTER_SRC, 'uy');
const FILTER_SEARCH_RE = new RegExp(FILTER_SRC, 'ug');

/** Check a filter's argument count the way Django reports it. */
function argsCheck(name: string, spec: FilterSpec, provided: number): void {
  const plen = provided + 1;
  const required = spec.arg === 'required' ? 2 : 1;
  const max = spec.arg === 'none' ? 1 : 2;
  if (plen < required || plen > max) {
    throw new TemplateSyntaxError(`${name} requires ${required} arguments, ${plen} provided`);
  }
}

/**
 * A parsed `{{ }}` expression: a variable or literal followed by filters.
 *
 * @example
 * const fe = parser.compileFilter('name|default:"anon"');
 * fe.resolve(ctx) // 'anon' when name is missing
 */
export class FilterExpression {
  readonly token: string;
  readonly variable: Variable | null;
  readonly literal: unknown;
  readonly filters: FilterCall[];

  constructor(token: string, findFilter: (name: string) => FilterSpec) {
    this.token = token;
    HEAD_RE.lastIndex = 0;
    const head = HEAD_RE.exec(token);
    let upto = 0;
    let variable: Variable | null = null;
    let literal: unknown = undefined;
    const filters: FilterCall[] = [];
    if (head) {
      const g = head.groups!;
      if (g['constant'] !== undefined) {
        literal = new Variable(g['constant']).resolve(null as unknown as Context);
      } else {
        variable = new Variable(g['var']!);
      }
      upto = head[0].length;
    } else {
      FILTER_SEARCH_RE.lastIndex = 0;
      const m = FILTER_SEARCH_RE.exec(token);
      if (m && m.index === 0) throw new TemplateSyntaxError(`Could not find variable at start of ${token}.`);
    }
    if (head) {
      while (upto < token.length) {
        FILTER_RE.lastIndex = upto;
        const m = FILTER_RE.exec(token);
        if (!m) {
          FILTER_SEARCH_RE.lastIndex = upto;
          const later = FILTER_SEARCH_RE.exec(token);
          if (later) {
            throw new TemplateSyntaxError(
              `Could not parse some characters: ${token.slice(0, upto)}|${token.slice(upto, later.index)}|${token.slice(later.index)}`,
            );
          }
          break;
        }
        const g = m.groups!;
        const name = g['name']!;
        const spec = findFilter(name);
        const call: FilterCall = { spec, argValue: undefined, argVariable: undefined };
        let provided = 0;
        if (g['carg'] !== undefined) {
          call.argValue = new Variable(g['carg']).resolve(null as unknown as Context);
          provided = 1;
        } else if (g['varg'] !== undefined) {
          const v = new Variable(g['varg']);
          if (v.lookups === null) call.argValue = v.literal;
          else call.argVariable = v;
          provided = 1;
        }
        argsCheck(name, spec, provided);
        filters.push(call);
        upto = m.index + m[0].length;
      }
    }
    if (upto !== token.length) {
      throw new TemplateSyntaxError(`Could not parse the remainder: '${token.slice(upto)}' from '${token}'`);
    }
    this.variable = variable;
    this.literal = literal;
    this.filters = filters;
  }

  /** Return true when the expression is a lookup (not a literal). */
  get isVar(): boolean {
    return this.variable !== null && this.variable.lookups !== null;
  }

  /**
   * Resolve the expression. A missing variable becomes None with `ignoreFailures`, otherwise
   * the engine's string_if_invalid (which skips the filters when it is not empty).
   */
  resolve(ctx: Context, ignoreFailures = false): unknown {
    if (this.variable === null) return this.filters.length ? this.#apply(ctx, this.literal, 0) : this.literal;
    const obj = this.variable.resolve(ctx);
    if (isThenable(obj)) return Promise.resolve(obj).then((v) => this.finish(ctx, v, ignoreFailures));
    return this.finish(ctx, obj, ignoreFailures);
  }

  /** Apply string_if_invalid and the filters to an already resolved variable value. */
  finish(ctx: Context, obj: unknown, ignoreFailures: boolean): unknown {
    if (obj === MISSING) {
      if (ignoreFailures) {
        obj = null;
      } else {
        const sii = ctx.engine?.stringIfInvalid ?? '';
        if (sii) return sii.includes('%s') ? sii.replace('%s', this.variable!.var) : sii;
        obj = sii;
      }
    }
    return this.filters.length ? this.#apply(ctx, obj, 0) : obj;
  }

  #apply(ctx: Context, obj: unknown, from: number): unknown {
    const filters = this.filters;
    for (let i = from; i < filters.length; i++) {
      const f = filters[i]!;
      let arg: unknown = f.argValue;
      if (f.argVariable !== undefined) {
        arg = f.argVariable.resolveOrThrow(ctx);
        if (isThenable(arg)) {
          return Promise.resolve(arg).then((a) => this.#applyOne(ctx, obj, i, a));
        }
      }
      const spec = f.spec;
      if (spec.expectsLocaltime && obj instanceof Date) obj = inTimeZone(obj, ctx.engine?.timeZone);
      const out = spec.fn(obj, arg, ctx.autoescape);
      if (isThenable(out)) {
        const input = obj;
        return Promise.resolve(out).then((v) => this.#apply(ctx, this.#safety(f, input, v), i + 1));
      }
      obj = spec.isSafe && obj instanceof SafeString ? this.#safety(f, obj, out) : out;
    }
    return obj;
  }

  #applyOne(ctx: Context, obj: unknown, i: number, arg: unknown): unknown {
    const f = this.filters[i]!;
    if (f.spec.expectsLocaltime && obj instanceof Date) obj = inTimeZone(obj, ctx.engine?.timeZone);
    const out = f.spec.fn(obj, arg, ctx.autoescape);
    if (isThenable(out)) return Promise.resolve(out).then((v) => this.#apply(ctx, this.#safety(f, obj, v), i + 1));
    return this.#apply(ctx, this.#safety(f, obj, out), i + 1);
  }

  #safety(f: FilterCall, input: unknown, out: unknown): unknown {
    if (f.spec.isSafe && input instanceof SafeString && !(out instanceof SafeString)) {
      return new SafeString(pyStr(out));
    }
    return out;
  }

  toString(): string {
    return this.token;
  }
}

/** Return a value as the text Django prints for it (`str()` after localisation). */
export function displayText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Date) return localizeDate(v);
  return pyStr(v);
}

let localizeDate: (d: Date) => string = (d) => d.toISOString();

/** Install the date localiser (set by the date filters module to Django's DATETIME_FORMAT). */
export function setDateLocalizer(fn: (d: Date) => string): void {
  localizeDate = fn;
}

/**
 * Render a value for output: escaped when autoescape is on, unless marked safe. Dates are shown
 * in `timeZone` when one is given (the engine's `timeZone`), else in process local time.
 *
 * @example
 * renderValue('<b>', true) // '&lt;b&gt;'
 */
export function renderValue(v: unknown, autoescape: boolean, escapeText: (s: string) => string, timeZone?: string): string {
  if (typeof v === 'string') return autoescape ? escapeText(v) : v;
  if (v instanceof SafeString) return v.value;
  if (v !== null && typeof v === 'object' && typeof (v as { __html__?: unknown }).__html__ === 'function') {
    return String((v as { __html__: () => unknown }).__html__());
  }
  const s = displayText(timeZone !== undefined && v instanceof Date ? inTimeZone(v, timeZone) : v);
  return autoescape ? escapeText(s) : s;
}

export { pyRepr };
