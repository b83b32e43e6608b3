// A loader over an in-memory `{ name: source }` map: tests, the oracle, snippets.
import type { TemplateSource } from './loader.ts';
import { Loader } from './loader.ts';

/**
 * Load templates from a plain object of sources.
 *
 * @example
 * new Engine({ loaders: [new LocmemLoader({ 'a.html': 'Hi {{ x }}' })] })
 */
export class LocmemLoader extends Loader {
  readonly templates: Map<string, string>;

  constructor(templates: Record<string, string> | Map<string, string>) {
    super();
    this.templates = templates instanceof Map ? templates : new Map(Object.entries(templates));
  }

  *sources(name: string): Iterable<TemplateSource> {
    yield { name, location: name };
  }

  contents(source: TemplateSource): string | undefined {
    return this.templates.get(source.name);
  }

  override listNames(): string[] {
    return [...this.templates.keys()];
  }
}
