// URLPattern (a route to a view), URLResolver (a route to a list of patterns, from include()),
// and what resolving a path returns (ResolverMatch) or throws (Resolver404, with every pattern
// tried, for the DEBUG 404 page).
import { Http404, ImproperlyConfigured } from '../core/exceptions.ts';
import type { HttpRequest } from '../http/request.ts';
import type { HttpResponseBase } from '../http/response.ts';
import type { Pattern, PatternMatch } from './patterns.ts';

/**
 * A view: a function of the request and the params captured from the URL (plus any extra
 * `kwargs` given to path()).
 *
 * Differs from Django: params arrive as one typed object, not as keyword arguments; positional
 * groups of a regex without named groups are in `request.resolverMatch.args`.
 *
 * @example
 * const detail: View<{ id: number }> = async (request, { id }) => new HttpResponse(`poll ${id}`);
 */
export type View<P = any> = (request: HttpRequest, params: P) => HttpResponseBase | Promise<HttpResponseBase>;

/** Either kind of entry in a urlpatterns list. */
export type AnyPattern = URLPattern<string, string> | URLResolver<string, readonly AnyPattern[], string | undefined>;

const NO_NAMES: readonly string[] = Object.freeze([]);

/** Whether an object has no own enumerable keys (without building the list of them). */
function isEmpty(obj: Readonly<Record<string, unknown>>): boolean {
  for (const _ in obj) return false;
  return true;
}

/**
 * The result of resolving a path: the view, its params, and where it sits (names, namespaces).
 *
 * @example
 * const m = resolve('/polls/3/');
 * m.urlName   // 'detail'
 * m.viewName  // 'polls:detail'
 * m.kwargs    // { questionId: 3 }
 */
export class ResolverMatch {
  readonly func: View;
  readonly args: readonly unknown[];
  readonly kwargs: Readonly<Record<string, unknown>>;
  readonly urlName: string | null;
  readonly appNames: readonly string[];
  readonly namespaces: readonly string[];
  /** The route as written, joined across includes (`'polls/<int:id>/'`). */
  readonly route: string;
  /** The kwargs taken from the URL only (without path()'s extra kwargs). */
  readonly capturedKwargs: Readonly<Record<string, unknown>>;
  /** The extra kwargs given to path()/include(). */
  readonly extraKwargs: Readonly<Record<string, unknown>>;
  readonly tried: readonly (readonly AnyPattern[])[] | null;

  constructor(init: {
    func: View;
    args: readonly unknown[];
    kwargs: Record<string, unknown>;
    urlName: string | null;
    appNames?: readonly (string | undefined | null)[];
    namespaces?: readonly (string | undefined | null)[];
    route: string;
    capturedKwargs?: Record<string, unknown>;
    extraKwargs?: Record<string, unknown>;
    tried?: readonly (readonly AnyPattern[])[] | null;
  }) {
    this.func = init.func;
    this.args = init.args;
    this.kwargs = init.kwargs;
    this.urlName = init.urlName;
    this.appNames = init.appNames ? init.appNames.filter((x): x is string => !!x) : NO_NAMES;
    this.namespaces = init.namespaces ? init.namespaces.filter((x): x is string => !!x) : NO_NAMES;
    this.route = init.route;
    this.capturedKwargs = init.capturedKwargs ?? {};
    this.extraKwargs = init.extraKwargs ?? {};
    this.tried = init.tried ?? null;
  }

  /** The app names joined with `:`. */
  get appName(): string {
    return this.appNames.join(':');
  }

  /** The namespaces joined with `:`. */
  get namespace(): string {
    return this.namespaces.join(':');
  }

  /** `namespace:urlName`, or the view function's name when the pattern has no name. */
  get viewName(): string {
    const last = this.urlName ?? (this.func.name || '<anonymous view>');
    return [...this.namespaces, last].join(':');
  }

  toString(): string {
    return `ResolverMatch(func=${this.func.name || '<anonymous>'}, args=${JSON.stringify(this.args)}, kwargs=${JSON.stringify(this.kwargs)}, urlName=${this.urlName}, appNames=${JSON.stringify(this.appNames)}, namespaces=${JSON.stringify(this.namespaces)}, route='${this.route}')`;
  }
}

/**
 * Raised when no pattern matches a path; `tried` lists each chain of patterns attempted (outer
 * to inner), for the DEBUG 404 page.
 *
 * @example
 * try { resolve('/nope/') } catch (e) { if (e instanceof Resolver404) e.tried.map((chain) => chain.map(String).join(' ')) }
 */
export class Resolver404 extends Http404 {
  readonly tried: readonly (readonly AnyPattern[])[];
  readonly path: string;

  constructor(path: string, tried: readonly (readonly AnyPattern[])[] = []) {
    super(`No URL pattern matches '${path}' (${tried.length} tried)`, 'resolver404');
    this.path = path;
    this.tried = tried;
  }
}

/**
 * One route to one view (what path() and rePath() return for a view).
 *
 * @example
 * const p = path('<int:id>/', detail, { name: 'detail' });
 * p.resolve('3/')?.kwargs // { id: 3 }
 */
export class URLPattern<R extends string = string, N extends string = string> {
  readonly pattern: Pattern;
  readonly callback: View;
  readonly defaultArgs: Readonly<Record<string, unknown>>;
  readonly name: N | null;
  /** Phantom: the route literal, for typed reverse. */
  declare readonly routeType?: R;

  constructor(pattern: Pattern, callback: View, defaultArgs: Record<string, unknown> = {}, name: N | null = null) {
    if (typeof callback !== 'function') {
      throw new TypeError(`view must be a function (or include(...)) in path('${pattern.source}'), got ${typeof callback}`);
    }
    this.pattern = pattern;
    this.callback = callback;
    this.defaultArgs = defaultArgs;
    this.name = name;
  }

  /** Return the match for `path` (the part left by enclosing resolvers), or null. */
  resolve(path: string): ResolverMatch | null {
    const m = this.pattern.match(path);
    // As in Django, a path() endpoint is anchored by its own pattern, and a rePath() regex
    // without a final '$' is searched for (rePath('^docs') matches 'docs/old/').
    if (!m) return null;
    const hasDefaults = !isEmpty(this.defaultArgs);
    return new ResolverMatch({
      func: this.callback,
      args: m.args,
      kwargs: hasDefaults ? { ...m.kwargs, ...this.defaultArgs } : m.kwargs,
      urlName: this.name,
      route: this.pattern.source,
      capturedKwargs: m.kwargs,
      extraKwargs: this.defaultArgs,
    });
  }

  /** Django's `describe()`: the route and the name. */
  describe(): string {
    return `'${this.pattern.source}'` + (this.name ? ` [name='${this.name}']` : '');
  }

  toString(): string {
    return `<URLPattern ${this.describe()}>`;
  }
}

/** Where an include's patterns come from before they are loaded. */
export interface LazyInclude {
  readonly specifier: string;
}

/**
 * A route prefix leading to a list of patterns (what path(route, include(...)) returns).
 *
 * @example
 * path('polls/', include(pollsUrls)) // URLResolver with namespace 'polls'
 */
export class URLResolver<
  R extends string = string,
  C extends readonly AnyPattern[] = readonly AnyPattern[],
  NS extends string | undefined = string | undefined,
> {
  readonly pattern: Pattern;
  readonly appName: string | null;
  readonly namespace: NS | null;
  readonly defaultKwargs: Readonly<Record<string, unknown>>;
  #patterns: C | null;
  #lazy: LazyInclude | null;
  #module: Record<string, unknown> | null;
  /** Phantom: the route literal and children, for typed reverse. */
  declare readonly routeType?: R;

  constructor(
    pattern: Pattern,
    source: C | LazyInclude,
    options: { appName?: string | null; namespace?: NS | null; defaultKwargs?: Record<string, unknown>; module?: Record<string, unknown> | null } = {},
  ) {
    this.pattern = pattern;
    if (Array.isArray(source)) {
      this.#patterns = source as C;
      this.#lazy = null;
    } else {
      this.#patterns = null;
      this.#lazy = source as LazyInclude;
    }
    this.appName = options.appName ?? null;
    this.namespace = options.namespace ?? null;
    this.defaultKwargs = options.defaultKwargs ?? {};
    this.#module = options.module ?? null;
  }

  /** The included module (for a root urlconf: where handler404 etc. are read). */
  get module(): Record<string, unknown> | null {
    return this.#module;
  }

  /** The specifier of a string include that is not loaded yet, else null. */
  get pendingSpecifier(): string | null {
    return this.#patterns === null ? this.#lazy!.specifier : null;
  }

  /** Install the patterns of a string include once loaded (see `loadUrlconf`). */
  load(patterns: C, module: Record<string, unknown> | null, appName?: string | null): void {
    this.#patterns = patterns;
    this.#module = module;
    if (appName && !this.appName) (this as { appName: string | null }).appName = appName;
    if (this.appName && !this.namespace) (this as { namespace: unknown }).namespace = this.appName;
  }

  /** The child patterns; throws if this is a string include not loaded yet. */
  get urlPatterns(): C {
    if (this.#patterns === null) {
      throw new ImproperlyConfigured(
        `include('${this.#lazy!.specifier}') in path('${this.pattern.source}') was not loaded; call await loadUrlconf(root) at start-up (the project loader does)`,
      );
    }
    return this.#patterns;
  }

  /** Resolve `path`: return the match, or throw {@link Resolver404} listing what was tried. */
  resolve(path: string): ResolverMatch {
    const m = this.pattern.match(path);
    if (!m) throw new Resolver404(path, []);
    const r = this.resolveRest(m);
    if (r instanceof ResolverMatch) return r;
    throw new Resolver404(m.rest, r);
  }

  /**
   * Resolve below this resolver's own prefix (already matched as `m`). Returns the match or,
   * without throwing, the chains tried: a miss inside an include costs no exception.
   */
  resolveRest(m: PatternMatch): ResolverMatch | AnyPattern[][] {
    let tried: AnyPattern[][] | null = null;
    const patterns = this.urlPatterns;
    for (let i = 0; i < patterns.length; i++) {
      const p = patterns[i]!;
      let sub: ResolverMatch | null;
      if (p instanceof URLPattern) {
        sub = p.resolve(m.rest);
      } else {
        const child = p as URLResolver;
        const cm = child.pattern.match(m.rest);
        if (cm === null) {
          sub = null;
        } else {
          const r = child.resolveRest(cm);
          if (r instanceof ResolverMatch) sub = r;
          else {
            tried ??= triedBefore(patterns, i);
            if (r.length) for (const t of r) tried.push([p, ...t]);
            else tried.push([p]);
            continue;
          }
        }
      }
      if (sub === null) {
        if (tried) tried.push([p]);
        continue;
      }
      const outerKw = m.kwargs;
      const hasOuter = !isEmpty(outerKw) || !isEmpty(this.defaultKwargs);
      const childRoute = p instanceof URLResolver;
      // The common case (a view directly in the root list) needs no second match object.
      if (!hasOuter && !childRoute && this.appName === null && this.namespace === null && m.args.length === 0) {
        return sub;
      }
      const kwargs = hasOuter ? { ...outerKw, ...this.defaultKwargs, ...sub.kwargs } : sub.kwargs;
      const args = Object.keys(kwargs).length ? sub.args : [...m.args, ...sub.args];
      return new ResolverMatch({
        func: sub.func,
        args,
        kwargs,
        urlName: sub.urlName,
        appNames: [this.appName, ...sub.appNames],
        namespaces: [this.namespace, ...sub.namespaces],
        // A child resolver's own prefix is joined here; the root's '/' never is (as Django).
        route: childRoute ? joinRoute(p.pattern.source, sub.route) : sub.route,
        capturedKwargs: hasOuter ? { ...outerKw, ...sub.capturedKwargs } : sub.capturedKwargs,
        extraKwargs: hasOuter ? { ...this.defaultKwargs, ...sub.extraKwargs } : sub.extraKwargs,
      });
    }
    return tried ?? triedBefore(patterns, patterns.length);
  }

  /** Django's `describe()`. */
  describe(): string {
    return `'${this.pattern.source}'` + (this.namespace ? ` [namespace='${this.namespace}']` : '');
  }

  toString(): string {
    return `<URLResolver ${this.describe()}>`;
  }
}

function joinRoute(a: string, b: string): string {
  return a + (b.startsWith('^') ? b.slice(1) : b);
}

/** The chains tried before index `end` when each was a plain miss (built only on failure). */
function triedBefore(patterns: readonly AnyPattern[], end: number): AnyPattern[][] {
  const out: AnyPattern[][] = [];
  for (let i = 0; i < end; i++) out.push([patterns[i]!]);
  return out;
}
