// reverse(): from a pattern name (or view) and params back to a path. Each resolver's reverse
// table (names -> possible routes, namespaces, app instances) is built once and cached.
import { ReinhardtError } from '../core/exceptions.ts';
import { getResolver, getScriptPrefix, type Urlconf } from './base.ts';
import type { ReversePart } from './patterns.ts';
import { URLPattern, URLResolver, type AnyPattern, type View } from './resolver.ts';
import type { ReverseMap, UrlName, UrlParams } from './reverse-types.ts';

/**
 * Raised when reverse() finds no pattern for a name and arguments; the message lists the
 * patterns tried.
 *
 * @example
 * reverse('polls:detail', { kwargs: { id: 'x' } })
 * // NoReverseMatch: Reverse for 'detail' with keyword arguments '{"id":"x"}' not found. 1 pattern(s) tried: ['polls/<int:id>/']
 */
export class NoReverseMatch extends ReinhardtError {
  constructor(message: string) {
    super(message, 'no_reverse_match');
    this.name = 'NoReverseMatch';
  }
}


interface Possibility {
  readonly parts: readonly ReversePart[];
  readonly sources: readonly string[];
  readonly routes: readonly string[];
  readonly defaults: Readonly<Record<string, unknown>>;
  readonly params: readonly (string | number)[];
  readonly hasRegex: boolean;
  verifier?: RegExp;
}

interface NamespaceEntry {
  readonly parts: readonly ReversePart[];
  readonly sources: readonly string[];
  readonly routes: readonly string[];
  readonly hasRegex: boolean;
  readonly resolver: URLResolver;
}

interface ReverseTable {
  readonly names: Map<unknown, Possibility[]>;
  readonly namespaces: Map<string, NamespaceEntry>;
  readonly apps: Map<string, string[]>;
}

const reverseTables = new WeakMap<URLResolver, ReverseTable>();

function paramsOf(parts: readonly ReversePart[]): (string | number)[] {
  const out: (string | number)[] = [];
  for (const p of parts) if (typeof p !== 'string') out.push(p.param);
  return out;
}

function tableOf(resolver: URLResolver): ReverseTable {
  let t = reverseTables.get(resolver);
  if (t) return t;
  t = { names: new Map(), namespaces: new Map(), apps: new Map() };
  const patterns = resolver.urlPatterns;
  // Later patterns first: Django's reverse() prefers the last pattern with a name.
  for (let i = patterns.length - 1; i >= 0; i--) {
    const p = patterns[i]!;
    if (p instanceof URLPattern) {
      const parts = p.pattern.reverseParts;
      if (parts === null) continue;
      const poss: Possibility = {
        parts,
        sources: [p.pattern.regexSource],
        routes: [p.pattern.source],
        defaults: p.defaultArgs,
        params: paramsOf(parts),
        hasRegex: p.pattern.isRegex,
      };
      if (p.name) push(t.names, p.name, poss);
      push(t.names, p.callback, poss);
      continue;
    }
    const r = p as URLResolver;
    const rParts = r.pattern.reverseParts;
    if (rParts === null) continue;
    if (r.namespace) {
      if (r.appName) push(t.apps, r.appName, r.namespace);
      t.namespaces.set(r.namespace, {
        parts: rParts,
        sources: [r.pattern.regexSource],
        routes: [r.pattern.source],
        hasRegex: r.pattern.isRegex,
        resolver: r,
      });
      continue;
    }
    const sub = tableOf(r);
    for (const [key, list] of sub.names) {
      for (const s of list) {
        const parts = [...rParts, ...s.parts];
        push(t.names, key, {
          parts,
          sources: [r.pattern.regexSource, ...s.sources],
          routes: [r.pattern.source, ...s.routes],
          defaults: { ...r.defaultKwargs, ...s.defaults },
          params: paramsOf(parts),
          hasRegex: r.pattern.isRegex || s.hasRegex,
        });
      }
    }
    for (const [ns, e] of sub.namespaces) {
      if (!t.namespaces.has(ns)) {
        t.namespaces.set(ns, {
          parts: [...rParts, ...e.parts],
          sources: [r.pattern.regexSource, ...e.sources],
          routes: [r.pattern.source, ...e.routes],
          hasRegex: r.pattern.isRegex || e.hasRegex,
          resolver: e.resolver,
        });
      }
    }
    for (const [app, list] of sub.apps) for (const ns of list) push(t.apps, app, ns);
  }
  // Restore declaration order within each app's instance list (first declared is the default).
  for (const list of t.apps.values()) list.reverse();
  reverseTables.set(resolver, t);
  return t;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Options of {@link reverse}. */
export interface ReverseOptions<P = Record<string, unknown>> {
  /** Positional params, in pattern order (cannot be combined with kwargs). */
  args?: readonly unknown[];
  /** Params by name. */
  kwargs?: P;
  /** The current instance namespace path (e.g. `request.resolverMatch.namespace`). */
  currentApp?: string | null;
  /** Appended as a query string (repeated keys for arrays). */
  query?: Record<string, string | number | readonly (string | number)[]> | URLSearchParams | { urlencode(): string };
  /** Appended after `#`. */
  fragment?: string;
  /** Reverse against this urlconf instead of the root. */
  urlconf?: Urlconf;
}

const SAFE_URL_CHARS = /[!$&'()*+,;=/~:@]/;
const paramRegexCache = new Map<string, RegExp>();

function quoteUrl(s: string): string {
  let out = '';
  for (const ch of s) {
    if (/[A-Za-z0-9\-._]/.test(ch) || SAFE_URL_CHARS.test(ch)) out += ch;
    else out += encodeURIComponent(ch);
  }
  return out;
}

function paramRegex(regex: string): RegExp {
  let r = paramRegexCache.get(regex);
  if (!r) {
    r = new RegExp(`^(?:${regex})$`);
    paramRegexCache.set(regex, r);
  }
  return r;
}

function tryPossibility(p: Possibility, values: Map<string | number, unknown>): string | null {
  let candidate = '';
  for (const part of p.parts) {
    if (typeof part === 'string') {
      candidate += part;
      continue;
    }
    const value = values.get(part.param);
    let text: string;
    try {
      text = part.converter ? part.converter.toUrl(value) : String(value);
    } catch {
      return null;
    }
    if (!paramRegex(part.regex).test(text)) return null;
    candidate += text;
  }
  if (p.hasRegex) {
    p.verifier ??= new RegExp('^' + p.sources.join('') + '$');
    if (!p.verifier.test(candidate)) return null;
  }
  return candidate;
}

function queryString(q: NonNullable<ReverseOptions['query']>): string {
  if (q instanceof URLSearchParams) return q.toString();
  if (typeof (q as { urlencode?: unknown }).urlencode === 'function') return (q as { urlencode(): string }).urlencode();
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(q as Record<string, unknown>)) {
    if (Array.isArray(v)) for (const item of v) sp.append(k, String(item));
    else sp.append(k, String(v));
  }
  return sp.toString();
}

/**
 * Return the path of a named pattern (`'polls:detail'`) or of a view function, with params
 * filled in and the script prefix in front. Throws {@link NoReverseMatch} listing the patterns
 * tried. Typed when the root urlpatterns are registered (see `UrlRegister`).
 *
 * @example
 * reverse('polls:detail', { kwargs: { questionId: 3 } })   // '/polls/3/'
 * reverse('archive', { args: [2024], query: { page: 2 } })  // '/articles/2024/?page=2'
 */
export function reverse<const N extends UrlName>(viewname: N | View, options: ReverseOptions<UrlParams<N>> = {}): string {
  const { args, currentApp } = options;
  const kwargs = options.kwargs as Record<string, unknown> | undefined;
  if (args && args.length && kwargs && Object.keys(kwargs).length) {
    throw new TypeError("Don't mix args and kwargs in a call to reverse()");
  }
  let resolver = getResolver(options.urlconf);
  let view: unknown = viewname;
  let prefixParts: ReversePart[] = [];
  let prefixSources: string[] = [];
  let prefixRoutes: string[] = [];
  let prefixRegex = false;
  if (typeof viewname === 'string') {
    const path = viewname.split(':');
    view = path.pop()!;
    let currentPath: string[] | null = currentApp ? currentApp.split(':').reverse() : null;
    const resolved: string[] = [];
    for (let ns of path) {
      const currentNs = currentPath && currentPath.length ? currentPath.pop()! : null;
      const table = tableOf(resolver);
      const appList = table.apps.get(ns);
      if (appList) {
        if (currentNs && appList.includes(currentNs)) ns = currentNs;
        else if (!appList.includes(ns)) ns = appList[0]!;
      }
      if (ns !== currentNs) currentPath = null;
      const entry = table.namespaces.get(ns);
      if (!entry) {
        throw new NoReverseMatch(
          resolved.length
            ? `'${ns}' is not a registered namespace inside '${resolved.join(':')}'`
            : `'${ns}' is not a registered namespace`,
        );
      }
      resolved.push(ns);
      prefixParts = [...prefixParts, ...entry.parts];
      prefixSources = [...prefixSources, ...entry.sources];
      prefixRoutes = [...prefixRoutes, ...entry.routes];
      prefixRegex ||= entry.hasRegex;
      resolver = entry.resolver;
    }
  }
  const possibilities = tableOf(resolver).names.get(view) ?? [];
  for (const base of possibilities) {
    const p: Possibility = prefixParts.length
      ? {
          parts: [...prefixParts, ...base.parts],
          sources: [...prefixSources, ...base.sources],
          routes: [...prefixRoutes, ...base.routes],
          defaults: base.defaults,
          params: paramsOf([...prefixParts, ...base.parts]),
          hasRegex: prefixRegex || base.hasRegex,
        }
      : base;
    const values = new Map<string | number, unknown>();
    if (args && args.length) {
      if (args.length !== p.params.length) continue;
      p.params.forEach((name, i) => values.set(name, args[i]));
    } else {
      const given = kwargs ?? {};
      const names = p.params.filter((x): x is string => typeof x === 'string');
      if (names.length !== p.params.length) {
        if (Object.keys(given).length) continue; // positional-only regex groups need args
      }
      const keys = new Set(Object.keys(given));
      let ok = true;
      for (const n of names) if (!keys.has(n)) ok = false;
      for (const k of keys) if (!names.includes(k) && !(k in p.defaults)) ok = false;
      for (const [k, v] of Object.entries(p.defaults)) {
        if (!names.includes(k) && k in given && String(given[k]) !== String(v)) ok = false;
      }
      if (!ok) continue;
      for (const n of names) values.set(n, given[n]);
    }
    const candidate = tryPossibility(p, values);
    if (candidate === null) continue;
    let url = quoteUrl(candidate);
    if (url.startsWith('/')) url = '%2F' + url.slice(1);
    url = getScriptPrefix() + url;
    if (options.query) {
      const qs = queryString(options.query);
      if (qs) url += '?' + qs;
    }
    if (options.fragment !== undefined) url += '#' + quoteUrl(options.fragment);
    return url;
  }
  const shown = typeof view === 'string' ? view : (view as { name?: string }).name || '<view function>';
  if (possibilities.length === 0) {
    throw new NoReverseMatch(
      `Reverse for '${shown}' not found. '${shown}' is not a valid view function or pattern name.`,
    );
  }
  const argMsg = args && args.length
    ? `arguments '${JSON.stringify(args)}'`
    : kwargs && Object.keys(kwargs).length
      ? `keyword arguments '${JSON.stringify(kwargs)}'`
      : 'no arguments';
  const tried = possibilities.map((p) => `'${[...prefixRoutes, ...p.routes].join('')}'`);
  throw new NoReverseMatch(
    `Reverse for '${shown}' with ${argMsg} not found. ${possibilities.length} pattern(s) tried: [${tried.join(', ')}]`,
  );
}

/** A reverse() typed by a name -> params map. */
export type TypedReverse<M> = <const N extends keyof M & string>(
  viewname: N,
  options?: ReverseOptions<M[N]>,
) => string;

/**
 * Return reverse() typed by the names and params of `patterns` (pass the root urlpatterns).
 * The call still resolves against the installed root urlconf.
 *
 * @example
 * export const url = typedReverse(urlpatterns);
 * url('polls:detail', { kwargs: { questionId: 3 } }); // '/polls/3/'
 * url('polls:detial');                                 // compile error
 */
export function typedReverse<const P extends readonly AnyPattern[]>(_patterns: P): TypedReverse<ReverseMap<P>> {
  return reverse as unknown as TypedReverse<ReverseMap<P>>;
}
