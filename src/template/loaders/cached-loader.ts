// Wraps other loaders and keeps every compiled template (and every miss), so a name is looked
// up and parsed once. With `checkChanges` (DEBUG) an entry is recompiled when its file changes.
import type { Engine } from '../engine.ts';
import { TemplateDoesNotExist } from '../errors.ts';
import type { FoundTemplate, TemplateSource } from './loader.ts';
import { Loader } from './loader.ts';

interface Entry {
  found?: FoundTemplate;
  missing?: TemplateDoesNotExist;
  loader?: Loader;
  at: number;
}

/**
 * Cache compiled templates from `loaders`.
 *
 * @example
 * new CachedLoader([new FilesystemLoader(dirs)], { checkChanges: settings.DEBUG })
 */
export class CachedLoader extends Loader {
  readonly loaders: Loader[];
  readonly checkChanges: boolean;
  readonly #cache = new Map<string, Entry>();

  constructor(loaders: Loader[], options: { checkChanges?: boolean } = {}) {
    super();
    this.loaders = loaders;
    this.checkChanges = options.checkChanges ?? false;
  }

  *sources(name: string): Iterable<TemplateSource> {
    for (const l of this.loaders) yield* l.sources(name);
  }

  contents(source: TemplateSource): string | undefined {
    for (const l of this.loaders) {
      const c = l.contents(source);
      if (c !== undefined) return c;
    }
    return undefined;
  }

  override listNames(): string[] {
    return [...new Set(this.loaders.flatMap((l) => l.listNames()))];
  }

  /** Forget every cached template. */
  reset(): void {
    this.#cache.clear();
  }

  override find(name: string, engine: Engine, skip: string[] = []): FoundTemplate {
    const key = skip.length ? `${name}\0${skip.join('\0')}` : name;
    const hit = this.#cache.get(key);
    if (hit) {
      if (!this.checkChanges) {
        if (hit.found) return hit.found;
        throw hit.missing!;
      }
      if (hit.found && !hit.loader!.changedSince({ name, location: hit.found.location }, hit.at)) return hit.found;
      if (hit.missing) this.#cache.delete(key);
    }
    const at = Date.now();
    const misses: TemplateDoesNotExist[] = [];
    for (const loader of this.loaders) {
      try {
        const found = loader.find(name, engine, skip);
        this.#cache.set(key, { found, loader, at });
        return found;
      } catch (err) {
        if (!(err instanceof TemplateDoesNotExist)) throw err;
        misses.push(err);
      }
    }
    const missing = new TemplateDoesNotExist(name, [], misses);
    if (!this.checkChanges) this.#cache.set(key, { missing, at });
    throw missing;
  }
}
