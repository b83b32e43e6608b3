// Discover custom tag libraries: each installed app's `templatetags/` folder holds modules
// exporting `register = new Library()`; `{% load poll_extras %}` loads
// `templatetags/poll-extras.ts` (or `poll_extras.ts`).
import { readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Library } from './library.ts';

// Structural check: a module compiled by the TS loader as CommonJS gets its own copy of the
// Library class, so `instanceof` would refuse a perfectly good library.
function isLibrary(v: unknown): v is Library {
  return v instanceof Library || (typeof v === 'object' && v !== null && (v as Library).tags instanceof Map && (v as Library).filters instanceof Map);
}

/**
 * Import every `templatetags/*.{ts,js,mjs}` module of `appDirs` and return the libraries by name
 * (the file name, with `-` also reachable as `_`).
 *
 * @example
 * const libraries = await loadTemplatetags(['/srv/site/polls']);
 * new Engine({ libraries });
 */
export async function loadTemplatetags(appDirs: string[]): Promise<Record<string, Library>> {
  const out: Record<string, Library> = {};
  for (const dir of appDirs) {
    const folder = join(dir, 'templatetags');
    let files: string[];
    try {
      files = readdirSync(folder);
    } catch {
      continue;
    }
    for (const file of files.sort()) {
      const ext = extname(file);
      if (!['.ts', '.js', '.mjs', '.mts'].includes(ext) || file.endsWith('.d.ts') || file.startsWith('index.')) continue;
      const mod = (await import(pathToFileURL(join(folder, file)).href)) as { register?: unknown; default?: unknown };
      const lib = mod.register ?? mod.default;
      if (!isLibrary(lib)) {
        throw new Error(`${join(folder, file)} must export 'register = new Library()' to be a template tag library`);
      }
      const name = basename(file, ext);
      out[name] = lib;
      out[name.replace(/-/g, '_')] = lib;
    }
  }
  return out;
}
