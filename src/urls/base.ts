// The root urlconf and the functions over it: resolve() (path -> view, per request), loading
// string includes at start-up, the error handlers (handler404 ...) and the script prefix.
// reverse() lives in reverse.ts.
import { ImproperlyConfigured } from '../core/exceptions.ts';
import { httpSetting } from '../http/http-settings.ts';
import type { UrlconfModule } from './conf.ts';
import { RoutePattern } from './patterns.ts';
import { Resolver404, ResolverMatch, URLResolver, type AnyPattern, type View } from './resolver.ts';

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

