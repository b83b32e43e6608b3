// The loader family: find a template's source by name. Every loader lists the places a name
// could live (`sources`) and reads one (`contents`); the base class turns that into a compiled
// Template or a TemplateDoesNotExist listing every place tried. Loaders are synchronous: the
// cached loader makes repeat lookups free, so rendering never waits on the file system twice.
import type { Engine } from '../engine.ts';
import { TemplateDoesNotExist } from '../errors.ts';
import { Template } from '../template.ts';

/** One place a template could be: a file path, a memory key. */
export interface TemplateSource {
  /** The template name asked for. */
  name: string;
  /** Where the loader looks (a path or `memory:name`); used to skip parents in extends. */
  location: string;
}

/** What a successful lookup returns. */
export interface FoundTemplate {
  template: Template;
  location: string;
}

/**
 * Base class of template loaders.
 *
 * @example
 * class DbLoader extends Loader {
 *   *sources(name) { yield { name, location: `db:${name}` }; }
 *   contents(src) { return rows.get(src.name); } // undefined when missing
 * }
 */
export abstract class Loader {
  /** List the places `name` could be found, most preferred first. */
  abstract sources(name: string): Iterable<TemplateSource>;

  /** Read one place; undefined when nothing is there. */
  abstract contents(source: TemplateSource): string | undefined;

  /** Return true if the source changed since `since` (ms timestamp); used in DEBUG. */
  changedSince(_source: TemplateSource, _since: number): boolean {
    return false;
  }

  /** List every template name this loader can see (for checks); empty when unknown. */
  listNames(): string[] {
    return [];
  }

  /** Find and compile `name`, skipping locations in `skip` (extends recursion). */
  find(name: string, engine: Engine, skip: string[] = []): FoundTemplate {
    const tried: { origin: string; reason: string }[] = [];
    for (const src of this.sources(name)) {
      if (skip.includes(src.location)) {
        tried.push({ origin: src.location, reason: 'Skipped to avoid recursion' });
        continue;
      }
      const text = this.contents(src);
      if (text === undefined) {
        tried.push({ origin: src.location, reason: 'Source does not exist' });
        continue;
      }
      return { template: new Template(text, { engine, name, location: src.location }), location: src.location };
    }
    throw new TemplateDoesNotExist(name, tried);
  }
}
