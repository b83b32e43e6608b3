// A loader over directories of template files (Django's `DIRS`); app directories reuse it.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { TemplateSource } from './loader.ts';
import { Loader } from './loader.ts';

/**
 * Load templates from files under each of `dirs`, in order. Names never escape a directory.
 *
 * @example
 * new FilesystemLoader(['/srv/site/templates']).find('polls/index.html', engine)
 */
export class FilesystemLoader extends Loader {
  readonly dirs: string[];

  constructor(dirs: string[]) {
    super();
    this.dirs = dirs.map((d) => resolve(d));
  }

  *sources(name: string): Iterable<TemplateSource> {
    for (const dir of this.dirs) {
      const path = resolve(dir, name);
      if (path !== dir && !path.startsWith(dir + sep)) continue;
      yield { name, location: path };
    }
  }

  contents(source: TemplateSource): string | undefined {
    try {
      return readFileSync(source.location, 'utf8');
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return undefined;
      throw err;
    }
  }

  override changedSince(source: TemplateSource, since: number): boolean {
    try {
      return statSync(source.location).mtimeMs > since;
    } catch {
      return true;
    }
  }

  override listNames(): string[] {
    const names = new Set<string>();
    const walk = (root: string, dir: string): void => {
      let entries: string[];
      try {
        entries = readdirSync(dir);
      } catch {
        return;
      }
      for (const e of entries) {
        const p = join(dir, e);
        let st;
        try {
          st = statSync(p);
        } catch {
          continue;
        }
        if (st.isDirectory()) walk(root, p);
        else if (/\.(html|txt|xml|md|email|js|css|svg)$/.test(e)) names.add(relative(root, p).split(sep).join('/'));
      }
    };
    for (const d of this.dirs) walk(d, d);
    return [...names];
  }
}

/**
 * Load templates from each installed app's `templates/` folder (Django's `APP_DIRS`).
 *
 * @example
 * new AppDirectoriesLoader(['/srv/site/polls', '/srv/site/blog'])
 */
export class AppDirectoriesLoader extends FilesystemLoader {
  constructor(appDirs: string[]) {
    super(appDirs.map((d) => join(d, 'templates')));
  }
}
