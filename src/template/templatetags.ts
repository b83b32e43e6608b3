// Discover custom tag libraries: each installed app's `templatetags/` folder holds modules
// exporting `register = new Library()`; `{% load poll_extras %}` loads
// `templatetags/poll-extras.ts` (or `poll_extras.ts`).
import { readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Library } from './library.ts';

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
      if (!(lib instanceof Library)) {
        throw new Error(`${join(folder, file)} must export 'register = new Library()' to be a template tag library`);
      }
      const name = basename(file, ext);
      out[name] = lib;
      out[name.replace(/-/g, '_')] = lib;
    }
  }
  return out;
}
