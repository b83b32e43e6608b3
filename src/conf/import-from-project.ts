// Load modules named in settings (ROOT_URLCONF, MIDDLEWARE entries, apps) relative to the
// project. Layer 1.
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ImproperlyConfigured } from '../core/exceptions.ts';
import { settings } from './settings.ts';

/**
 * Split `'module:exportName'` into its parts (the export is optional).
 *
 * @example
 * splitSpecifier('reinhardt/middleware:SecurityMiddleware') // ['reinhardt/middleware', 'SecurityMiddleware']
 */
export function splitSpecifier(spec: string): [string, string | undefined] {
  const m = /^(.*):([A-Za-z_$][\w$]*)$/.exec(spec);
  return m ? [m[1]!, m[2]!] : [spec, undefined];
}

/**
 * Resolve a module specifier from a project folder to an importable URL: `./x.ts` and `../x`
 * are relative to `base`; absolute paths stay; anything else is a package resolved from `base`.
 */
export function resolveProjectModule(spec: string, base: string): string {
  if (spec.startsWith('./') || spec.startsWith('../') || isAbsolute(spec)) {
    return pathToFileURL(isAbsolute(spec) ? spec : resolve(base, spec)).href;
  }
  try {
    return pathToFileURL(createRequire(join(base, 'package.json')).resolve(spec)).href;
  } catch (err) {
    throw new ImproperlyConfigured(`Cannot find module '${spec}' from ${base}: ${(err as Error).message.split('\n')[0]}`);
  }
}

/**
 * Import a module named in settings, relative to `settings.BASE_DIR` (or `base`), and return
 * the named export after a colon, or the whole module.
 *
 * @example
 * const urls = await importFromProject('./mysite/urls.ts');
 * const mw = await importFromProject('reinhardt/middleware:SecurityMiddleware');
 */
export async function importFromProject<T = unknown>(spec: string, base: string = settings.BASE_DIR): Promise<T> {
  const [path, name] = splitSpecifier(spec);
  const url = resolveProjectModule(path, base);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String((err as Error).message).includes(url.replace('file://', ''))) {
      throw new ImproperlyConfigured(`Cannot import '${spec}': no such module (looked for ${url})`, { cause: err });
    }
    throw err;
  }
  if (name === undefined) return mod as T;
  if (!(name in mod)) {
    throw new ImproperlyConfigured(`Module '${path}' has no export '${name}' (exports: ${Object.keys(mod).join(', ') || 'none'})`);
  }
  return mod[name] as T;
}
