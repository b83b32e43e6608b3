// Adapter between the Django template oracle's runner (../shared/oracle/templates/run-node.mjs)
// and Reinhardt's public template API. Run it with `node --import tsx` (the API is TypeScript).
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { Engine, PyFloat, PyTuple, markSafe } from '../../src/template/index.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** The oracle folder: `<repo root>/../shared/oracle/templates`. */
export const ORACLE_DIR = join(here, '..', '..', '..', 'shared', 'oracle', 'templates');
const { decodeMarkers } = await import(pathToFileURL(join(ORACLE_DIR, 'run-node.mjs')).href);

export async function render(templates, entry, context, options) {
  const engine = new Engine({
    templates,
    autoescape: options.autoescape !== false,
    stringIfInvalid: options.string_if_invalid ?? '',
    debug: Boolean(options.debug),
    libraries: options.libraries,
  });
  const ctx = decodeMarkers(context, {
    safe: (s) => markSafe(s),
    tuple: (xs) => PyTuple.fromItems(xs),
    float: (s) => new PyFloat(Number(s)),
  });
  return engine.renderToString(entry, ctx);
}
