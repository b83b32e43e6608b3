// The active settings: `defineSettings` validates a project's values over the defaults,
// `configure` installs them, `settings` reads them, `overrideSettings` swaps them in tests.
// Layer 1.
import { isAbsolute, resolve } from 'node:path';
import { globalSettings, type Settings } from './global-settings.ts';
import { settingTypes, type SettingType } from './setting-types.ts';
import { parseDatabaseUrl } from './env.ts';
import { ImproperlyConfigured } from '../core/exceptions.ts';
import { settingChanged } from '../core/signals.ts';
import { didYouMean } from '../utils/suggest.ts';

/** What a project writes: any subset of the settings. */
export type UserSettings = Partial<Settings>;

interface Definition {
  default: unknown;
  type: SettingType;
}

const definitions = new Map<string, Definition>();
for (const [name, type] of Object.entries(settingTypes)) {
  definitions.set(name, { default: (globalSettings as unknown as Record<string, unknown>)[name], type });
}

/**
 * Declare settings of an app or a project, with defaults and runtime types, so that
 * `defineSettings` accepts and validates them. Pair it with declaration merging for types.
 *
 * @example
 * declare module 'reinhardt/conf' { interface Settings { PAYMENTS_PROVIDER: string } }
 * registerSettings({ PAYMENTS_PROVIDER: { default: 'stripe', type: types.str } });
 */
export function registerSettings(defs: Record<string, { default: unknown; type: SettingType }>): void {
  for (const [name, def] of Object.entries(defs)) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(name)) {
      throw new ImproperlyConfigured(`Setting names are UPPER_SNAKE_CASE; '${name}' is not`);
    }
    const existing = definitions.get(name);
    if (existing && existing.type !== def.type) {
      throw new ImproperlyConfigured(`Setting '${name}' is already registered with another type`);
    }
    definitions.set(name, def);
  }
}

/** Names of every known setting. */
export function knownSettings(): string[] {
  return [...definitions.keys()];
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string '${value.length > 40 ? value.slice(0, 40) + '...' : value}'`;
  return `${typeof value} ${typeof value === 'object' ? '' : String(value)}`.trim();
}

function callerFile(): string | undefined {
  const stack = new Error().stack?.split('\n') ?? [];
  for (const line of stack.slice(1)) {
    const m = /\(?((?:file:\/\/)?\/[^():]+):\d+:\d+\)?$/.exec(line.trim());
    if (m && !m[1]!.includes('/src/conf/') && !m[1]!.includes('/dist/conf/')) return m[1]!.replace(/^file:\/\//, '');
  }
  return undefined;
}

/**
 * Read `REINHARDT_<NAME>` environment overrides for every known setting, and `DATABASE_URL`
 * for `DATABASES.default`.
 */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, def] of definitions) {
    const raw = env[`REINHARDT_${name}`];
    if (raw === undefined) continue;
    try {
      out[name] = def.type.fromEnv(raw);
    } catch (err) {
      throw new ImproperlyConfigured(`Environment variable REINHARDT_${name}: ${(err as Error).message}`);
    }
  }
  if (env.DATABASE_URL) {
    out.DATABASES = { default: parseDatabaseUrl(env.DATABASE_URL) };
  }
  return out;
}

/**
 * Validate a project's settings and return the complete, frozen settings object: the
 * defaults, then the given values, then environment overrides (`REINHARDT_DEBUG`,
 * `REINHARDT_SECRET_KEY`, `DATABASE_URL`, ...; pass `{ env: false }` to ignore them).
 *
 * Unknown names and wrongly typed values are errors that name the setting (and the closest
 * known name). Relative paths in `BASE_DIR` resolve against the working directory.
 *
 * @example
 * export default defineSettings({ DEBUG: true, INSTALLED_APPS: ['./polls'] });
 */
export function defineSettings(values: UserSettings, options: { env?: boolean | NodeJS.ProcessEnv } = {}): Readonly<Settings> {
  const where = callerFile();
  const place = where ? ` in ${where}` : '';
  const merged: Record<string, unknown> = {};
  for (const [name, def] of definitions) merged[name] = structuredCloneSafe(def.default);
  const overlay = options.env === false ? {} : settingsFromEnv(options.env === true || options.env === undefined ? process.env : options.env);
  for (const [source, obj] of [['', values as Record<string, unknown>], [' (from the environment)', overlay]] as const) {
    for (const [name, value] of Object.entries(obj)) {
      const def = definitions.get(name);
      if (!def) {
        throw new ImproperlyConfigured(
          `Unknown setting '${name}'${place}${didYouMean(name, definitions.keys())} ` +
            `(declare your own settings with registerSettings() before defineSettings)`,
        );
      }
      if (value === undefined) continue;
      if (!def.type.check(value)) {
        throw new ImproperlyConfigured(`Setting '${name}'${source}${place} must be ${def.type.name}, got ${describe(value)}`);
      }
      merged[name] = value;
    }
  }
  merged.BASE_DIR = resolve(String(merged.BASE_DIR));
  validateDatabases(merged.DATABASES as Settings['DATABASES'], place);
  return Object.freeze(merged) as unknown as Readonly<Settings>;
}

function structuredCloneSafe(v: unknown): unknown {
  if (Array.isArray(v)) return [...v];
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return { ...v };
  return v;
}

function validateDatabases(dbs: Settings['DATABASES'], place: string): void {
  for (const [alias, db] of Object.entries(dbs)) {
    if (typeof db !== 'object' || db === null) {
      throw new ImproperlyConfigured(`DATABASES['${alias}']${place} must be an object with ENGINE and NAME`);
    }
    if (typeof db.ENGINE !== 'string' || db.ENGINE === '') {
      throw new ImproperlyConfigured(`DATABASES['${alias}'].ENGINE${place} is missing; use 'sqlite', 'postgresql' or 'mysql'`);
    }
    if (typeof db.NAME !== 'string') {
      throw new ImproperlyConfigured(`DATABASES['${alias}'].NAME${place} must be a string`);
    }
    const known = ['ENGINE', 'NAME', 'USER', 'PASSWORD', 'HOST', 'PORT', 'OPTIONS', 'POOL', 'ATOMIC_REQUESTS', 'TIME_ZONE', 'TEST'];
    for (const key of Object.keys(db)) {
      if (!known.includes(key)) {
        throw new ImproperlyConfigured(`Unknown key '${key}' in DATABASES['${alias}']${place}${didYouMean(key, known)}`);
      }
    }
  }
}

let active: Readonly<Settings> | undefined;

/**
 * Install settings as the active ones: a complete object from `defineSettings`, or a partial
 * one that is validated over the defaults (convenient in scripts and tests).
 */
export function configure(values: UserSettings | Readonly<Settings>, options: { env?: boolean } = {}): Readonly<Settings> {
  active = Object.isFrozen(values) && 'BASE_DIR' in values ? (values as Readonly<Settings>) : defineSettings(values, { env: options.env ?? false });
  return active;
}

/** Whether settings have been configured in this process. */
export function isConfigured(): boolean {
  return active !== undefined;
}

/**
 * The active settings object, or the defaults when none are configured (for code that must
 * work in plain scripts and tests too; read per request, so no proxy in between).
 *
 * @example
 * settingsOrDefaults().DEFAULT_CHARSET // 'utf-8'
 */
export function settingsOrDefaults(): Readonly<Settings> {
  return active ?? globalSettings;
}

/**
 * The active settings. Reading one before `configure()` (which the CLI calls for you) is an
 * `ImproperlyConfigured` error.
 *
 * @example
 * import { settings } from 'reinhardt/conf';
 * if (settings.DEBUG) console.log('debug mode');
 */
export const settings: Readonly<Settings> = new Proxy({} as Readonly<Settings>, {
  get(_t, name) {
    if (active === undefined) {
      if (typeof name === 'symbol' || name === 'then') return undefined;
      throw new ImproperlyConfigured(
        `Setting '${name}' was read before settings were configured: run through the 'reinhardt' CLI, ` +
          `set REINHARDT_SETTINGS, or call configure() first`,
      );
    }
    return (active as unknown as Record<string | symbol, unknown>)[name];
  },
  has: (_t, name) => active !== undefined && name in active,
  ownKeys: () => (active ? Reflect.ownKeys(active) : []),
  getOwnPropertyDescriptor: (_t, name) => (active ? { ...Object.getOwnPropertyDescriptor(active, name)!, configurable: true } : undefined),
  set(_t, name) {
    throw new ImproperlyConfigured(`Settings are read-only; use overrideSettings() to change '${String(name)}' in tests`);
  },
});

/**
 * Run `fn` with some settings replaced, then restore them (also when `fn` throws). Sends
 * `settingChanged` for each setting on entry and exit so caches can reset.
 *
 * Differs from Django: a function wrapper, not a decorator; settings are swapped globally, so
 * do not run overriding tests concurrently in one process.
 *
 * @example
 * await overrideSettings({ DEBUG: true }, async () => { ... });
 */
export async function overrideSettings<T>(values: UserSettings, fn: () => T | Promise<T>): Promise<T> {
  const before = active ?? defineSettings({}, { env: false });
  const next: Record<string, unknown> = { ...before };
  for (const [name, value] of Object.entries(values)) {
    const def = definitions.get(name);
    if (!def) throw new ImproperlyConfigured(`Unknown setting '${name}' in overrideSettings${didYouMean(name, definitions.keys())}`);
    if (!def.type.check(value)) throw new ImproperlyConfigured(`Setting '${name}' in overrideSettings must be ${def.type.name}, got ${describe(value)}`);
    next[name] = value;
  }
  const previous = active;
  active = Object.freeze(next) as unknown as Readonly<Settings>;
  for (const [name, value] of Object.entries(values)) await settingChanged.send(undefined, { setting: name, value, enter: true });
  try {
    return await fn();
  } finally {
    active = previous;
    for (const name of Object.keys(values)) {
      await settingChanged.send(undefined, { setting: name, value: (before as unknown as Record<string, unknown>)[name], enter: false });
    }
  }
}

/** Resolve a settings path (a file or folder setting) against `BASE_DIR`. */
export function projectPath(path: string): string {
  return isAbsolute(path) ? path : resolve(settings.BASE_DIR, path);
}
