// Project start-up: find the settings module, load `.env`, configure settings and populate
// the app registry. The CLI calls `setup()` before any command; scripts and tests may too.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { configure, defineSettings, isConfigured, settings } from '../conf/settings.ts';
import { loadDotenv } from '../conf/env.ts';
import type { Settings } from '../conf/global-settings.ts';
import { apps } from '../apps/registry.ts';
import { ImproperlyConfigured } from './exceptions.ts';

/** What `setup()` found and loaded. */
export interface Project {
  /** The project's root: the folder of its package.json (or the working directory). */
  root: string;
  /** Absolute path of the settings module, when one was loaded. */
  settingsPath: string | undefined;
  settings: Readonly<Settings>;
}

/** Return the nearest folder at or above `from` that holds a package.json, or undefined. */
export function findPackageRoot(from: string): string | undefined {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/**
 * Find the settings module: the `settings` option, else `REINHARDT_SETTINGS`, else the
 * `"reinhardt": { "settings": ... }` entry of the nearest package.json. Returns an absolute path.
 */
export function findSettingsModule(options: { settings?: string; cwd?: string } = {}): { path: string | undefined; root: string } {
  const cwd = resolve(options.cwd ?? process.cwd());
  const explicit = options.settings ?? process.env.REINHARDT_SETTINGS;
  const pkgRoot = findPackageRoot(cwd);
  if (explicit) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path)) throw new ImproperlyConfigured(`Settings module ${path} does not exist`);
    return { path, root: findPackageRoot(dirname(path)) ?? cwd };
  }
  if (pkgRoot) {
    const pkg = JSON.parse(readFileSync(join(pkgRoot, 'package.json'), 'utf8')) as { reinhardt?: { settings?: string } };
    const declared = pkg.reinhardt?.settings;
    if (declared) {
      const path = resolve(pkgRoot, declared);
      if (!existsSync(path)) throw new ImproperlyConfigured(`${join(pkgRoot, 'package.json')} names settings ${declared}, which does not exist`);
      return { path, root: pkgRoot };
    }
  }
  return { path: undefined, root: pkgRoot ?? cwd };
}

/**
 * Load the project: `.env`, then the settings module (its default export, from
 * `defineSettings`), then every installed app. Safe to call more than once.
 *
 * @example
 * await setup({ settings: './mysite/settings.ts' });
 */
export async function setup(options: { settings?: string; cwd?: string; requireSettings?: boolean } = {}): Promise<Project> {
  const { path, root } = findSettingsModule(options);
  if (isConfigured() && apps.isReady) return { root, settingsPath: path, settings };
  loadDotenv(join(root, '.env'));
  if (path) {
    const mod = (await import(pathToFileURL(path).href)) as { default?: unknown };
    const value = mod.default;
    if (value === undefined || typeof value !== 'object' || value === null) {
      throw new ImproperlyConfigured(`${path} must export default defineSettings({...})`);
    }
    configure(Object.isFrozen(value) ? (value as Readonly<Settings>) : defineSettings(value as Partial<Settings>));
  } else if (options.requireSettings) {
    throw new ImproperlyConfigured(
      'No settings module: pass --settings, set REINHARDT_SETTINGS, or add "reinhardt": { "settings": "./mysite/settings.ts" } to package.json',
    );
  } else if (!isConfigured()) {
    configure(defineSettings({ BASE_DIR: root }));
  }
  await apps.populate(settings.INSTALLED_APPS, settings.BASE_DIR);
  return { root, settingsPath: path, settings };
}
