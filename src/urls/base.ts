// The root urlconf and the functions over it: resolve() (path -> view, per request), reverse()
// (name -> path), loading string includes at start-up, the error handlers (handler404 ...) and
// the script prefix. Reverse tables are built once per resolver and cached.
import { ImproperlyConfigured, ReinhardtError } from '../core/exceptions.ts';
import { httpSetting } from '../http/http-settings.ts';
import type { UrlconfModule } from './conf.ts';
import { RoutePattern, type ReversePart } from './patterns.ts';
import { Resolver404, ResolverMatch, URLPattern, URLResolver, type AnyPattern, type View } from './resolver.ts';
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

/** Anything that can serve as a urlconf: a module object or a plain list of patterns. */
export type Urlconf = UrlconfModule | Record<string, unknown> | readonly AnyPattern[];

/** Loads the module behind `include('./x/urls.ts')`. */
export type IncludeLoader = (specifier: string) => Promise<Record<string, unknown>>;

let rootResolver: URLResolver | null = null;
let includeLoader: IncludeLoader | null = null;
let scriptPrefix: string | null = null;
const resolverCache = new WeakMap<object, URLResolver>();

function patternsOf(urlconf: Urlconf): { patterns: readonly AnyPattern[]; module: Record<string, unknown> | null } {
  if (Array.isArray(urlconf)) return { patterns: urlconf as readonly AnyPattern[], module: null };
  const mod = urlconf as Record<string, unknown>;
  const list = mod['urlpatterns'] ?? mod['default'];
  if (!Array.isArray(list)) {
    throw new ImproperlyConfigured(
      'The root URLconf has no patterns: export `urlpatterns` (or a default array) from ROOT_URLCONF',
    );
  }
  return { patterns: list as readonly AnyPattern[], module: mod };
}

function makeRoot(urlconf: Urlconf): URLResolver {
  const { patterns, module } = patternsOf(urlconf);
  return new URLResolver(new RoutePattern('/', false), patterns, { module });
}

/**
 * Install the root urlconf (what ROOT_URLCONF points to) and return its resolver.
 *
 * @example
 * import * as urls from './mysite/urls.ts';
 * setUrlconf(urls);
 */
export function setUrlconf(urlconf: Urlconf): URLResolver {
  rootResolver = makeRoot(urlconf);
  return rootResolver;
}

/** Forget the root urlconf (tests). */
export function clearUrlconf(): void {
  rootResolver = null;
}

/**
 * Return the resolver of `urlconf` (cached per object), or of the root urlconf.
 *
 * @example
 * getResolver().resolve('/polls/3/')
 */
export function getResolver(urlconf?: Urlconf): URLResolver {
  if (urlconf !== undefined) {
    let r = resolverCache.get(urlconf as object);
    if (!r) {
      r = makeRoot(urlconf);
      resolverCache.set(urlconf as object, r);
    }
    return r;
  }
  if (!rootResolver) {
    throw new ImproperlyConfigured(
      'No root URLconf is installed: call setUrlconf(urls) or await loadUrlconf(urls) (the project loader does this from ROOT_URLCONF)',
    );
  }
  return rootResolver;
}

/**
 * Set how `include('<specifier>')` strings are loaded (the project loader installs one that
 * resolves specifiers against the project).
 *
 * @example
 * setIncludeLoader((spec) => import(new URL(spec, projectRootUrl).href));
 */
export function setIncludeLoader(loader: IncludeLoader | null): void {
  includeLoader = loader;
}

/**
 * Install `urlconf` as the root and load every string include in it (recursively) with the
 * include loader. Call once at start-up.
 *
 * @example
 * await loadUrlconf(await import('./mysite/urls.ts'), { loader: (s) => import(s) });
 */
export async function loadUrlconf(urlconf: Urlconf, options: { loader?: IncludeLoader } = {}): Promise<URLResolver> {
  const root = makeRoot(urlconf);
  await loadIncludes(root, options.loader ?? includeLoader);
  rootResolver = root;
  return root;
}

async function loadIncludes(resolver: URLResolver, loader: IncludeLoader | null): Promise<void> {
  const pending = resolver.pendingSpecifier;
  if (pending !== null) {
    if (!loader) {
      throw new ImproperlyConfigured(
        `include('${pending}') needs an include loader: call setIncludeLoader() or pass { loader } to loadUrlconf()`,
      );
    }
    const mod = await loader(pending);
    const { patterns } = patternsOf(mod);
    resolver.load(patterns, mod, typeof mod['appName'] === 'string' ? (mod['appName'] as string) : null);
    reverseTables.delete(resolver);
  }
  for (const p of resolver.urlPatterns) if (p instanceof URLResolver) await loadIncludes(p, loader);
}

/**
 * Resolve a request path (with its leading `/`) to a view. Throws {@link Resolver404}.
 *
 * @example
 * const match = resolve('/polls/3/');
 * await match.func(request, match.kwargs);
 */
export function resolve(path: string, urlconf?: Urlconf): ResolverMatch {
  return getResolver(urlconf).resolve(path);
}

/**
 * Return the match for `path`, or null when no pattern matches (CommonMiddleware's APPEND_SLASH
 * check uses it).
 *
 * @example
 * isValidPath('/polls') // null; isValidPath('/polls/') // ResolverMatch
 */
export function isValidPath(path: string, urlconf?: Urlconf): ResolverMatch | null {
  try {
    return resolve(path, urlconf);
  } catch (err) {
    if (err instanceof Resolver404) return null;
    throw err;
  }
}

/**
 * Whether a request for `pathInfo` should be redirected to `pathInfo + '/'`: APPEND_SLASH is on,
 * the path does not end in `/`, does not resolve, and does with the slash (and that view does not
 * opt out with `shouldAppendSlash = false`).
 *
 * @example
 * if (shouldRedirectWithSlash(request.pathInfo)) return new HttpResponsePermanentRedirect(request.getFullPath(true));
 */
export function shouldRedirectWithSlash(pathInfo: string, urlconf?: Urlconf): boolean {
  if (!httpSetting('APPEND_SLASH') || pathInfo.endsWith('/')) return false;
  if (isValidPath(pathInfo, urlconf)) return false;
  const match = isValidPath(pathInfo + '/', urlconf);
  return match !== null && (match.func as { shouldAppendSlash?: boolean }).shouldAppendSlash !== false;
}

/**
 * Return the custom error view exported by the root urlconf as `handler400`, `handler403`,
 * `handler404` or `handler500`, or null (then the handler uses the default views).
 *
 * @example
 * const view = resolveErrorHandler(404) ?? defaultPageNotFound;
 */
export function resolveErrorHandler(status: 400 | 403 | 404 | 500, urlconf?: Urlconf): View | null {
  const mod = getResolver(urlconf).module;
  const h = mod?.[`handler${status}`];
  if (h === undefined || h === null) return null;
  if (typeof h !== 'function') {
    throw new ImproperlyConfigured(`The custom handler${status} view in the root URLconf is not a function`);
  }
  return h as View;
}

/** Set the prefix reverse() puts before paths (Django's set_script_prefix). */
export function setScriptPrefix(prefix: string | null): void {
  scriptPrefix = prefix === null ? null : prefix.endsWith('/') ? prefix : prefix + '/';
}

/** The prefix reverse() uses: the one set, else `FORCE_SCRIPT_NAME`, else `/`. */
export function getScriptPrefix(): string {
  if (scriptPrefix !== null) return scriptPrefix;
  const forced = httpSetting('FORCE_SCRIPT_NAME');
  return forced ? (forced.endsWith('/') ? forced : forced + '/') : '/';
}

// ---- reverse tables ----

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
