// Load the root URLconf named by ROOT_URLCONF as the handler's router.
// TEMPORARY until reinhardt/urls lands: only a router object passed in code is supported.
import { settings } from '../../conf/index.ts';
import { ImproperlyConfigured } from '../exceptions.ts';
import type { UrlRouter } from './base-handler.ts';

/**
 * Return the router for `ROOT_URLCONF`, or `null` when the project has no URLconf.
 *
 * @example
 * const router = await loadRootRouter(); // resolves './mysite/urls.ts'
 */
export async function loadRootRouter(): Promise<UrlRouter | null> {
  const root = settings.ROOT_URLCONF;
  if (root === null || root === undefined) return null;
  if (Array.isArray(root) && root.length === 0) return null;
  throw new ImproperlyConfigured('ROOT_URLCONF cannot be loaded yet: URL routing is not available in this build');
}

let active: UrlRouter | null = null;

/** Remember the router of the most recently built handler (what `isValidPath` consults). */
export function setActiveRouter(router: UrlRouter | null): void {
  active = router;
}

/**
 * Return whether `path` resolves to a view in the active root URLconf (Django's
 * `is_valid_path`); used by CommonMiddleware's APPEND_SLASH.
 *
 * @example
 * await isValidPath('/polls/') // true
 */
export async function isValidPath(path: string): Promise<{ func: unknown } | false> {
  if (active === null) return false;
  try {
    return await active.resolve(path);
  } catch {
    return false;
  }
}
