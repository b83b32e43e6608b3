// The two pattern kinds behind path() and rePath(), compiled once when declared: a route
// ('articles/<int:year>/') becomes a plain string compare when it has no converters, else one
// RegExp; a regex pattern is translated from Python syntax once. Both also describe how to
// build a URL back (reverse).
import { ImproperlyConfigured } from '../core/exceptions.ts';
import { getConverter, type PathConverter } from './converters.ts';

/** One piece of a URL to rebuild: literal text or a parameter. */
export type ReversePart =
  | string
  | { readonly param: string | number; readonly regex: string; readonly converter: PathConverter | null };

/** What a pattern returns when it matches the start (or all) of a path. */
export interface PatternMatch {
  /** The unmatched remainder (empty for an endpoint). */
  readonly rest: string;
  readonly args: readonly string[];
  readonly kwargs: Record<string, unknown>;
}

/** The shared shape of {@link RoutePattern} and {@link RegexPattern}. */
export interface Pattern {
  /** The route or regex source as written. */
  readonly source: string;
  /** True for a view's pattern (must match the whole rest), false for an include's prefix. */
  readonly isEndpoint: boolean;
  /** The regex (without anchors) matching what this pattern matches, for reverse verification. */
  readonly regexSource: string;
  /** The converters by parameter name. */
  readonly converters: Readonly<Record<string, PathConverter>>;
  /** How to rebuild a URL, or null when the regex is too complex to reverse. */
  readonly reverseParts: readonly ReversePart[] | null;
  /** Whether this pattern was written as a regex (`rePath`). */
  readonly isRegex: boolean;
  match(path: string): PatternMatch | null;
  toString(): string;
}

// A route without parameters matches with nothing captured: these are shared (and frozen, so a
// change to a match's kwargs cannot leak into other requests).
const NO_ARGS: readonly string[] = Object.freeze([]);
const NO_KWARGS: Record<string, unknown> = Object.freeze({});
const WHOLE_LITERAL_MATCH: PatternMatch = Object.freeze({ rest: '', args: NO_ARGS, kwargs: NO_KWARGS });

const PARAM_RE = /<(?:([^>:]+):)?([^>]+)>/g;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Escape text for use inside a RegExp. */
export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * A `path()` route: literal text and `<converter:name>` parameters.
 *
 * @example
 * new RoutePattern('articles/<int:year>/', true).match('articles/2024/')
 * // { rest: '', args: [], kwargs: { year: 2024 } }
 */
export class RoutePattern implements Pattern {
  readonly source: string;
  readonly isEndpoint: boolean;
  readonly regexSource: string;
  readonly converters: Readonly<Record<string, PathConverter>>;
  readonly reverseParts: readonly ReversePart[];
  readonly isRegex = false;
  readonly #regex: RegExp | null;
  readonly #names: readonly string[];
  readonly #literalPrefix: string;

  constructor(route: string, isEndpoint: boolean) {
    this.source = route;
    this.isEndpoint = isEndpoint;
    const converters: Record<string, PathConverter> = {};
    const parts: ReversePart[] = [];
    const names: string[] = [];
    let regex = '';
    let last = 0;
    for (const m of route.matchAll(PARAM_RE)) {
      const literal = route.slice(last, m.index);
      if (literal.includes('<') || literal.includes('>')) {
        throw new ImproperlyConfigured(`URL route '${route}' has an unbalanced '<' or '>'`);
      }
      const convName = m[1] ?? 'str';
      const name = m[2]!;
      if (/\s/.test(m[0])) {
        throw new ImproperlyConfigured(`URL route '${route}' cannot contain whitespace in angle brackets <…>`);
      }
      if (!IDENTIFIER.test(name)) {
        throw new ImproperlyConfigured(
          `URL route '${route}' uses parameter name '${name}' which isn't a valid identifier`,
        );
      }
      if (names.includes(name)) {
        throw new ImproperlyConfigured(`URL route '${route}' uses parameter name '${name}' twice`);
      }
      const conv = getConverter(convName);
      if (!conv) {
        throw new ImproperlyConfigured(
          `URL route '${route}' uses invalid converter '${convName}'; register it with registerConverter() first`,
        );
      }
      if (literal) parts.push(literal);
      parts.push({ param: name, regex: conv.regex, converter: conv });
      converters[name] = conv;
      names.push(name);
      regex += escapeRegex(literal) + `(?<${name}>${conv.regex})`;
      last = m.index + m[0].length;
    }
    const tail = route.slice(last);
    if (tail.includes('<') || tail.includes('>')) {
      throw new ImproperlyConfigured(`URL route '${route}' has an unbalanced '<' or '>'`);
    }
    if (tail) parts.push(tail);
    regex += escapeRegex(tail);
    this.regexSource = regex;
    this.converters = converters;
    this.reverseParts = parts;
    this.#names = names;
    this.#literalPrefix = typeof parts[0] === 'string' ? parts[0] : '';
    this.#regex = names.length ? new RegExp('^' + regex + (isEndpoint ? '$' : '')) : null;
  }

  match(path: string): PatternMatch | null {
    const regex = this.#regex;
    if (regex === null) {
      if (this.isEndpoint) return path === this.source ? WHOLE_LITERAL_MATCH : null;
      return path.startsWith(this.source) ? { rest: path.slice(this.source.length), args: NO_ARGS, kwargs: NO_KWARGS } : null;
    }
    // Most misses are decided by the literal text before the first parameter.
    if (!path.startsWith(this.#literalPrefix)) return null;
    const m = regex.exec(path);
    if (!m) return null;
    const kwargs: Record<string, unknown> = {};
    const groups = m.groups!;
    for (const name of this.#names) {
      try {
        kwargs[name] = this.converters[name]!.toJs(groups[name]!);
      } catch {
        return null;
      }
    }
    return { rest: path.slice(m[0].length), args: [], kwargs };
  }

  toString(): string {
    return this.source;
  }
}

/**
 * Translate a Python-style regex source (`(?P<name>...)`, `\Z`) to JavaScript syntax.
 *
 * @example
 * pythonRegexToJs('^(?P<year>[0-9]{4})/\\Z') // '^(?<year>[0-9]{4})/$'
 */
export function pythonRegexToJs(source: string): string {
  return source.replace(/\(\?P<([A-Za-z_][A-Za-z0-9_]*)>/g, '(?<$1>').replace(/\\Z$/, '$');
}

/**
 * A `rePath()` pattern: a regular expression (JS or Python named-group syntax).
 *
 * @example
 * new RegexPattern('^articles/(?P<year>[0-9]{4})/$', true).match('articles/2024/')
 * // { rest: '', args: [], kwargs: { year: '2024' } }
 */
export class RegexPattern implements Pattern {
  readonly source: string;
  readonly isEndpoint: boolean;
  readonly regexSource: string;
  readonly converters: Readonly<Record<string, PathConverter>> = {};
  readonly reverseParts: readonly ReversePart[] | null;
  readonly isRegex = true;
  readonly #regex: RegExp;

  constructor(regex: string | RegExp, isEndpoint: boolean) {
    this.source = typeof regex === 'string' ? regex : regex.source;
    this.isEndpoint = isEndpoint;
    const js = pythonRegexToJs(this.source);
    try {
      this.#regex = new RegExp(js, typeof regex === 'string' ? '' : regex.flags.replace(/[gy]/g, ''));
    } catch (err) {
      throw new ImproperlyConfigured(`"${this.source}" is not a valid regular expression: ${(err as Error).message}`);
    }
    this.regexSource = js.replace(/^\^/, '').replace(/\$$/, '');
    this.reverseParts = normalizeRegex(this.regexSource);
  }

  match(path: string): PatternMatch | null {
    const m = this.#regex.exec(path);
    if (!m) return null;
    const end = m.index + m[0].length;
    // An endpoint whose regex ends in '$' must match the whole path (Django's fullmatch).
    if (this.isEndpoint && this.source.endsWith('$') && (m.index !== 0 || end !== path.length)) return null;
    const kwargs: Record<string, unknown> = {};
    let named = false;
    if (m.groups) {
      for (const [k, v] of Object.entries(m.groups)) {
        if (v !== undefined) {
          kwargs[k] = v;
          named = true;
        }
      }
    }
    const args = named ? [] : m.slice(1).map((g) => g ?? '');
    return { rest: path.slice(end), args, kwargs };
  }

  toString(): string {
    return this.source;
  }
}

/**
 * Turn a simple regex (literals, escapes, capture groups, `?`/`*`/`+` quantifiers, optional
 * non-capturing groups) into reverse parts; return null for anything more complex.
 */
function normalizeRegex(src: string): ReversePart[] | null {
  const parts: ReversePart[] = [];
  let positional = 0;
  let i = 0;
  const pushLiteral = (ch: string) => {
    const last = parts[parts.length - 1];
    if (typeof last === 'string') parts[parts.length - 1] = last + ch;
    else parts.push(ch);
  };
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === '\\') {
      const next = src[i + 1];
      if (next === undefined || /[0-9dDwWsSbBpPuxck]/.test(next)) return null;
      pushLiteral(next);
      i += 2;
    } else if (ch === '(') {
      const close = findGroupEnd(src, i);
      if (close < 0) return null;
      const body = src.slice(i + 1, close);
      const quant = src[close + 1];
      const optional = quant === '?' || quant === '*';
      const skip = quant === '?' || quant === '*' || quant === '+' ? 1 : 0;
      if (body.startsWith('?:')) {
        if (!optional) {
          const inner = normalizeRegex(body.slice(2));
          if (inner === null) return null;
          for (const p of inner) if (typeof p === 'string') pushLiteral(p);
          else parts.push(p);
        }
      } else if (body.startsWith('?<') && !body.startsWith('?<=') && !body.startsWith('?<!')) {
        const gt = body.indexOf('>');
        if (optional) return null;
        parts.push({ param: body.slice(2, gt), regex: body.slice(gt + 1), converter: null });
      } else if (body.startsWith('?')) {
        return null;
      } else {
        if (optional) return null;
        parts.push({ param: positional++, regex: body, converter: null });
      }
      i = close + 1 + skip;
    } else if (ch === '?' || ch === '*') {
      // The previous literal character is optional: leave it out.
      const last = parts[parts.length - 1];
      if (typeof last !== 'string') return null;
      const shorter = last.slice(0, -1);
      if (shorter) parts[parts.length - 1] = shorter;
      else parts.pop();
      i++;
    } else if (ch === '+') {
      i++;
    } else if ('[.|{^$'.includes(ch)) {
      return null;
    } else {
      pushLiteral(ch);
      i++;
    }
  }
  return parts;
}

function findGroupEnd(src: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < src.length; i++) {
    const ch = src[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  return -1;
}
