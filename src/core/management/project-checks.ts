// The checks `reinhardt check` runs on a loaded project besides the built-in settings checks:
// the root URLconf (urls.*) and every template the project's engine can find (templates.*).
// Layer 7: it reaches into urls, template and shortcuts.
import { checks, Tags, CheckMessage, error } from '../checks/index.ts';
import { settings } from '../../conf/settings.ts';
import { importFromProject } from '../../conf/import-from-project.ts';
import { checkUrlPatterns, loadUrlconf, type Urlconf } from '../../urls/index.ts';
import { checkTemplates } from '../../template/index.ts';
import { templateEngine } from '../../shortcuts/template-engine.ts';

/** Check the root URLconf: it loads, and its patterns follow the rules (urls.W002 ...). */
export async function urlChecks(): Promise<CheckMessage[]> {
  const root = settings.ROOT_URLCONF;
  if (root === null) return [];
  let urlconf: Urlconf;
  try {
    const loader = (spec: string) => importFromProject<Record<string, unknown>>(spec);
    urlconf = (typeof root === 'string' ? await loader(root) : root) as Urlconf;
    await loadUrlconf(urlconf, { loader });
  } catch (err) {
    return [error('urls.E008', `ROOT_URLCONF '${typeof root === 'string' ? root : '(patterns)'}' could not be loaded: ${(err as Error).message}`)];
  }
  return checkUrlPatterns(urlconf as never);
}

/** Parse every template of the project (DIRS and apps) and report syntax errors with file and line. */
export async function templateChecks(): Promise<CheckMessage[]> {
  if (settings.TEMPLATES.length === 0) return [];
  const engine = await templateEngine();
  return checkTemplates(engine).map((p) =>
    error(p.id, p.message, { obj: `${p.location ?? p.name}${p.line ? `:${p.line}` : ''}` }),
  );
}

let registered = false;

/** Register the project checks once. */
export function registerProjectChecks(): void {
  if (registered) return;
  registered = true;
  checks.register(urlChecks, [Tags.urls]);
  checks.register(templateChecks, [Tags.templates]);
}
