// The framework version shown on debug pages and in the development server's banner.
import { readFileSync } from 'node:fs';

/** Reinhardt's version from its package.json (`'unknown'` if it cannot be read). */
export const REINHARDT_VERSION: string = (() => {
  try {
    return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
})();
