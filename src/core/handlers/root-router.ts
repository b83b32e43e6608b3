// The handler's view of URL routing: load ROOT_URLCONF through reinhardt/urls (string includes
// resolved against the project) and adapt its resolver to the small UrlRouter interface the
// handler and CommonMiddleware use.
import { importFromProject, settings } from '../../conf/index.ts';
import { loadUrlconf, URLResolver, type ResolverMatch } from '../../urls/index.ts';
import type { Urlconf } from '../../urls/index.ts';
import type { ResolvedRoute, UrlRouter } from './base-handler.ts';
import type { ErrorView } from './default-error-views.ts';

/**
 * Adapt a URL resolver to the handler's router interface.
 *
 * @example
 * const router = routerFromResolver(await loadUrlconf(urls), './mysite/urls.ts');
 */
export function routerFromResolver(resolver: URLResolver, name?: string): UrlRouter {
  const mod = resolver.module;
  const routes = new Map<string, ResolvedRoute>();
  const handler = (status: number): ErrorView | undefined => {
    const view = mod?.[`handler${status}`];
    return typeof view === 'function' ? (view as ErrorView) : undefined;
  };
  return {
    empty: resolver.urlPatterns.length === 0,
    name,
    handlers: { handler400: handler(400), handler403: handler(403), handler404: handler(404), handler500: handler(500) },
    resolve(path: string) {
      const known = routes.get(path);
      if (known !== undefined) return known;
      const match = resolver.resolve(path);
      const route = { func: match.func, args: match.args, kwargs: match.kwargs, match };
      if (routes.size < ROUTE_CACHE_MAX && isParameterless(match)) {
        // Shared by every request to this path from now on, so nobody may change it.
        Object.freeze(match);
        routes.set(path, Object.freeze(route));
      }
      return route;
    },
  };
}

/**
 * Paths of routes that take no arguments, resolved once per router: matching only reads the
 * path, so the same path always finds the same view. Routes with arguments are resolved every
 * time (their values are per request), and the bound keeps a pattern without groups that
 * matches many paths (`rePath('^docs')`) from growing it without end.
 */
const ROUTE_CACHE_MAX = 1000;

/** True when a match carries nothing per request: no positional or named arguments at all. */
function isParameterless(match: ResolverMatch): boolean {
  if (match.args.length !== 0) return false;
  for (const _ in match.kwargs) return false;
  return true;
}

/**
 * Return the router for `ROOT_URLCONF` (a module specifier resolved against `BASE_DIR`, or the
 * patterns themselves), or `null` when the project has none. Installs it as the root URLconf
 * so `reverse()` and `resolve()` use it too.
 *
 * @example
 * const router = await loadRootRouter(); // loads './mysite/urls.ts'
 */
export async function loadRootRouter(): Promise<UrlRouter | null> {
  const root = settings.ROOT_URLCONF;
  if (root === null || root === undefined) return null;
  const loader = (spec: string): Promise<Record<string, unknown>> => importFromProject<Record<string, unknown>>(spec);
  const urlconf = (typeof root === 'string' ? await loader(root) : root) as Urlconf;
  const resolver = await loadUrlconf(urlconf, { loader });
  return routerFromResolver(resolver, typeof root === 'string' ? root : 'ROOT_URLCONF');
}

let active: UrlRouter | null = null;

/** Remember the router of the most recently built handler (what `isValidPath` consults). */
export function setActiveRouter(router: UrlRouter | null): void {
  active = router;
}

/**
 * Return the match when `path` resolves to a view in the active root URLconf, else `false`
 * (Django's `is_valid_path`); used by CommonMiddleware's APPEND_SLASH.
 *
 * @example
 * await isValidPath('/polls/') // { func: ... }
 */
export async function isValidPath(path: string): Promise<{ func: unknown } | false> {
  if (active === null) return false;
  try {
    return await active.resolve(path);
  } catch {
    return false;
  }
}
