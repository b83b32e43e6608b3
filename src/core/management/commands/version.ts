// `reinhardt version`: print the framework's version.
import { readFileSync } from 'node:fs';
import { defineCommand } from '../base.ts';

/** The installed Reinhardt version, read from its package.json. */
export function frameworkVersion(): string {
  for (const rel of ['../../../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'reinhardt' && pkg.version) return pkg.version;
    } catch {
      // try the next candidate: src/ and dist/ sit at different depths
    }
  }
  return 'unknown';
}

export default defineCommand({
  help: "Print Reinhardt's version.",
  requiresSetup: false,
  handle({ stdout }) {
    stdout.write(`${frameworkVersion()}\n`);
  },
});
