// path(), rePath() and include(): how a urlconf is declared. Patterns are compiled here,
// once, when the module declaring them is loaded.
import { ImproperlyConfigured } from '../core/exceptions.ts';
import { RegexPattern, RoutePattern } from './patterns.ts';
import { URLPattern, URLResolver, type AnyPattern, type View } from './resolver.ts';
import type { RouteParams } from './route-params.ts';

/** The shape of an included urls module: `export const appName = 'polls'; export const urlpatterns = [...]`. */
export interface UrlconfModule {
  readonly urlpatterns?: readonly AnyPattern[];
  readonly default?: readonly AnyPattern[];
  readonly appName?: string;
  readonly handler400?: View;
  readonly handler403?: View;
  readonly handler404?: View;
  readonly handler500?: View;
}

/** What include() returns; path() turns it into a {@link URLResolver}. */
export interface IncludeSpec<C extends readonly AnyPattern[] = readonly AnyPattern[], NS extends string | undefined = string | undefined> {
  readonly kind: 'include';
  readonly patterns: C | null;
  readonly specifier: string | null;
  readonly module: Record<string, unknown> | null;
  readonly appName: string | null;
  readonly namespace: NS | null;
}

/** Options of path() and rePath(). */
export interface PathOptions<N extends string = string> {
  /** The name used by reverse() and `{% url %}`. */
  name?: N;
  /** Extra params passed to the view (Django's `kwargs`). */
  kwargs?: Record<string, unknown>;
}

/** Options of include(). */
export interface IncludeOptions<NS extends string = string> {
  /** The instance namespace (default: the app name). */
  namespace?: NS;
  /** The application namespace (default: the module's `appName`). */
  appName?: string;
}

function isIncludeSpec(x: unknown): x is IncludeSpec {
  return typeof x === 'object' && x !== null && (x as IncludeSpec).kind === 'include';
}

type IncludedModule = { readonly urlpatterns: readonly AnyPattern[]; readonly appName?: string };
type ModuleNs<M> = M extends { readonly appName: infer A extends string } ? A : undefined;

/**
 * Include another list of patterns under a prefix. Accepts the patterns, an imported urls
 * module (its `appName` becomes the namespace), Django's `[patterns, appName]` pair, or a module
 * specifier string loaded at start-up by the project loader.
 *
 * @example
 * import * as pollsUrls from '../polls/urls.ts';
 * path('polls/', include(pollsUrls))                       // namespace 'polls'
 * path('api/', include(apiPatterns, { namespace: 'api', appName: 'api' }))
 * path('blog/', include('./blog/urls.ts'))
 */
export function include<const C extends readonly AnyPattern[], const NS extends string | undefined = undefined>(
  patterns: C,
  options?: IncludeOptions<NS & string>,
): IncludeSpec<C, NS>;
export function include<const M extends IncludedModule, const NS extends string | undefined = ModuleNs<M>>(
  module: M,
  options?: IncludeOptions<NS & string>,
): IncludeSpec<M['urlpatterns'], NS>;
export function include<const M extends { readonly default: readonly AnyPattern[]; readonly appName?: string }, const NS extends string | undefined = ModuleNs<M>>(
  module: M,
  options?: IncludeOptions<NS & string>,
): IncludeSpec<M['default'], NS>;
export function include<const C extends readonly AnyPattern[], const A extends string, const NS extends string = A>(
  pair: readonly [C, A] | readonly [C, A, NS],
  options?: IncludeOptions<NS>,
): IncludeSpec<C, NS>;
export function include(specifier: string, options?: IncludeOptions): IncludeSpec<readonly AnyPattern[], string | undefined>;
export function include(arg: unknown, options: IncludeOptions = {}): IncludeSpec {
  let patterns: readonly AnyPattern[] | null = null;
  let specifier: string | null = null;
  let module: Record<string, unknown> | null = null;
  let appName: string | null = options.appName ?? null;
  let namespace: string | null = options.namespace ?? null;
  if (typeof arg === 'string') {
    specifier = arg;
  } else if (Array.isArray(arg) && arg.length >= 2 && arg.length <= 3 && Array.isArray(arg[0]) && typeof arg[1] === 'string') {
    patterns = arg[0] as AnyPattern[];
    appName ??= arg[1] as string;
    if (arg.length === 3) namespace ??= arg[2] as string;
  } else if (Array.isArray(arg)) {
    patterns = arg as AnyPattern[];
  } else if (typeof arg === 'object' && arg !== null) {
    module = arg as Record<string, unknown>;
    const list = module['urlpatterns'] ?? module['default'];
    if (!Array.isArray(list)) {
      throw new ImproperlyConfigured(
        'The module passed to include() has no urlpatterns; export `urlpatterns` (or a default array) from it',
      );
    }
    patterns = list as AnyPattern[];
    if (typeof module['appName'] === 'string') appName ??= module['appName'] as string;
  } else {
    throw new ImproperlyConfigured(`include() takes patterns, a urls module or a module path, got ${typeof arg}`);
  }
  if (namespace && !appName && specifier === null) {
    throw new ImproperlyConfigured(
      'Specifying a namespace in include() without providing an appName is not supported. Export `appName` from the included module, or pass { appName } or [patterns, appName] instead.',
    );
  }
  namespace ??= appName;
  if (patterns) checkPatternList(patterns);
  return { kind: 'include', patterns, specifier, module, appName, namespace };
}

function checkPatternList(list: readonly unknown[]): void {
  for (const p of list) {
    if (!(p instanceof URLPattern) && !(p instanceof URLResolver)) {
      throw new ImproperlyConfigured(
        `urlpatterns must contain only path()/rePath() entries; found ${p === null ? 'null' : typeof p}: ${String(p)}`,
      );
    }
  }
}

function makeEntry(pattern: RoutePattern | RegexPattern, target: unknown, options: PathOptions & { endpoint?: boolean } = {}): AnyPattern {
  if (isIncludeSpec(target)) {
    if (options.name) {
      throw new ImproperlyConfigured(`path('${pattern.source}', include(...)) cannot take a name; name the included patterns`);
    }
    const resolver = new URLResolver(
      pattern,
      target.patterns ?? { specifier: target.specifier! },
      { appName: target.appName, namespace: target.namespace, defaultKwargs: options.kwargs ?? {}, module: target.module },
    );
    return resolver as AnyPattern;
  }
  if (Array.isArray(target)) {
    return makeEntry(pattern, include(target as AnyPattern[]), options);
  }
  if (typeof target === 'function') {
    return new URLPattern(pattern, target as View, options.kwargs ?? {}, options.name ?? null) as AnyPattern;
  }
  throw new TypeError(`view must be a function or include(...) in path('${pattern.source}'), got ${typeof target}`);
}

/**
 * Map a route to a view, or (with include()) to more patterns. `<converter:name>` captures a
 * param; the view receives them typed (`int` is a number).
 *
 * @example
 * path('articles/<int:year>/', (request, { year }) => new HttpResponse(`year ${year + 1}`), { name: 'year-archive' })
 * path('polls/', include(pollsUrls))
 */
export function path<const R extends string, const N extends string = never>(
  route: R,
  view: View<RouteParams<R>>,
  options?: PathOptions<N>,
): URLPattern<R, N>;
export function path<const R extends string, const C extends readonly AnyPattern[], const NS extends string | undefined>(
  route: R,
  included: IncludeSpec<C, NS>,
  options?: Omit<PathOptions, 'name'>,
): URLResolver<R, C, NS>;
export function path<const R extends string>(
  route: R,
  patterns: readonly AnyPattern[],
  options?: Omit<PathOptions, 'name'>,
): URLResolver<R>;
export function path(route: string, target: unknown, options: PathOptions = {}): AnyPattern {
  if (typeof route !== 'string') throw new TypeError(`path() route must be a string, got ${typeof route}`);
  const endpoint = typeof target === 'function';
  return makeEntry(new RoutePattern(route, endpoint), target, options);
}

/**
 * Map a regular expression to a view or an include. Python's `(?P<name>...)` syntax is
 * accepted. Params are strings (named groups); with only unnamed groups they are in
 * `request.resolverMatch.args`.
 *
 * @example
 * rePath(/^archive\/(?<year>[0-9]{4})\/$/, yearArchive, { name: 'archive' })
 * rePath('^(?P<slug>[-\\w]+)/$', detail)
 */
export function rePath<const N extends string = never>(
  regex: string | RegExp,
  view: View<Record<string, string>>,
  options?: PathOptions<N>,
): URLPattern<string, N>;
export function rePath<const C extends readonly AnyPattern[], const NS extends string | undefined>(
  regex: string | RegExp,
  included: IncludeSpec<C, NS>,
  options?: Omit<PathOptions, 'name'>,
): URLResolver<string, C, NS>;
export function rePath(regex: string | RegExp, target: unknown, options: PathOptions = {}): AnyPattern {
  const endpoint = typeof target === 'function';
  return makeEntry(new RegexPattern(regex, endpoint), target, options);
}
