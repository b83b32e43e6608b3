// Finding commands: the built-in ones (loaded lazily by name) and those apps contribute in
// `<app>/commands/<name>.ts`. Layer 7 (it may import any command module).
import { readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { apps } from '../../apps/registry.ts';
import { isCommand, type Command } from './base.ts';
import { ImproperlyConfigured } from '../exceptions.ts';

/** Built-in commands: name -> lazy loader. */
export const builtinCommands: Record<string, () => Promise<Command>> = {
  check: async () => (await import('./commands/check.ts')).default as unknown as Command,
  help: async () => (await import('./commands/help.ts')).default as unknown as Command,
  runserver: async () => (await import('./commands/runserver.ts')).default as unknown as Command,
  serve: async () => (await import('./commands/serve.ts')).default as unknown as Command,
  shell: async () => (await import('./commands/shell.ts')).default as unknown as Command,
  startapp: async () => (await import('./commands/startapp.ts')).default as unknown as Command,
  startproject: async () => (await import('./commands/startproject.ts')).default as unknown as Command,
  version: async () => (await import('./commands/version.ts')).default as unknown as Command,
  // The migration commands live with the migration system (src/db/migrations/commands).
  ...Object.fromEntries(
    ['makemigrations', 'migrate', 'showmigrations', 'sqlmigrate', 'squashmigrations', 'inspectdb'].map((name) => [
      name,
      async () => (await import('../../db/migrations/commands/cli.ts')).migrationCommands[name]!(),
    ]),
  ),
};

/** A command an installed app contributes. */
export interface AppCommand {
  app: string;
  path: string;
}

/** Every command contributed by installed apps, by name (the registry must be populated). */
export function appCommands(): Map<string, AppCommand> {
  const out = new Map<string, AppCommand>();
  if (!apps.isReady) return out;
  for (const config of apps.getAppConfigs()) {
    const dir = config.folderPath('commands');
    if (!dir) continue;
    for (const file of readdirSync(dir).sort()) {
      const ext = extname(file);
      if (!['.ts', '.mts', '.js', '.mjs'].includes(ext) || file.endsWith('.d.ts') || file.startsWith('_') || file.includes('.test.')) continue;
      const name = basename(file, ext);
      if (!out.has(name)) out.set(name, { app: config.label, path: join(dir, file) });
    }
  }
  return out;
}

/** Load an app command module and check that its default export is a command. */
export async function loadAppCommand(entry: AppCommand): Promise<Command> {
  const mod = (await import(pathToFileURL(entry.path).href)) as { default?: unknown };
  if (!isCommand(mod.default)) {
    throw new ImproperlyConfigured(`${entry.path} must export default defineCommand({...})`);
  }
  return mod.default;
}
