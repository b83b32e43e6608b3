// Lets migration files import `reinhardt/db/migrations` even when the project does not resolve
// the package (a scratch folder, a test fixture): a module resolve hook that falls back to the
// copy of Reinhardt that is running, so files and framework share one module instance.

import { register } from 'node:module';

let registered = false;

/**
 * Register (once) a resolve hook that maps `reinhardt/db/migrations` to this running copy
 * when Node cannot resolve it from the importing file.
 */
export function ensureSelfResolution(): void {
  if (registered) return;
  registered = true;
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const map = { 'reinhardt/db/migrations': new URL(`./index${ext}`, import.meta.url).href };
  const code = `const map = ${JSON.stringify(map)};
export async function resolve(specifier, context, next) {
  try { return await next(specifier, context); }
  catch (error) { if (Object.hasOwn(map, specifier)) return next(map[specifier], context); throw error; }
}`;
  register(`data:text/javascript,${encodeURIComponent(code)}`);
}
