// `reinhardt check` support: parse every template an engine can find and report syntax
// errors, unknown tags and unknown filters with file and line, before a user hits the page.
import type { Engine } from './engine.ts';
import { TemplateError } from './errors.ts';

/** One problem found in a template. */
export interface TemplateProblem {
  /** Stable id in Django's check style. */
  id: 'templates.E001' | 'templates.E002';
  name: string;
  location: string | undefined;
  line: number | undefined;
  message: string;
}

/**
 * Parse every template reachable through `engine`'s loaders and list the problems.
 *
 * @example
 * for (const p of checkTemplates(engine)) console.log(`${p.location}:${p.line}: ${p.message}`);
 */
export function checkTemplates(engine: Engine, names?: string[]): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const name of names ?? engine.loader.listNames().sort()) {
    try {
      engine.getTemplate(name);
    } catch (err) {
      const e = err as Error & { templateDebug?: { line: number; name: string } };
      problems.push({
        id: err instanceof TemplateError ? 'templates.E001' : 'templates.E002',
        name,
        location: tryLocation(engine, name),
        line: e.templateDebug?.line,
        message: e.message,
      });
    }
  }
  return problems;
}

function tryLocation(engine: Engine, name: string): string | undefined {
  for (const src of engine.loader.sources(name)) return src.location;
  return undefined;
}
