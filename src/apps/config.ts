// AppConfig: one installed app, its label and folder, and where its parts live. Layer 2.
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

/** The file endings tried, in order, when looking for an app's module by convention. */
export const MODULE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'] as const;

/**
 * One installed app. Subclass it in the app's `app.ts` (default export) to set a label, a
 * verbose name or a `ready()` hook.
 *
 * @example
 * export default class PollsConfig extends AppConfig {
 *   override label = 'polls';
 *   override verboseName = 'Opinion polls';
 *   override async ready() { await import('./signals.ts'); }
 * }
 */
export class AppConfig {
  /**
   * Brand checked instead of `instanceof`, so an app config made with another copy of the
   * package (a linked checkout, a bundled app) is still recognised.
   */
  static readonly isAppConfig = Symbol.for('reinhardt.AppConfig');

  /** The entry as written in `INSTALLED_APPS` (`'./polls'`, `'reinhardt/contrib/auth'`). */
  name: string;
  /** The app's absolute folder. */
  path: string;
  /** Short unique name used in model references (`'polls.Question'`) and migrations. */
  label: string;
  /** Human-readable name (admin). */
  verboseName: string;
  /** Primary key type of this app's models that declare none; `undefined` = `DEFAULT_AUTO_FIELD`. */
  defaultAutoField: string | undefined = undefined;
  /** The app's models by lower-cased name, filled when the registry loads `models.ts`. */
  readonly models = new Map<string, unknown>();
  /** The imported models module, once loaded. */
  modelsModule: Record<string, unknown> | undefined;

  constructor(name: string, path: string) {
    this.name = name;
    this.path = path;
    this.label = defaultLabel(name, path);
    this.verboseName = this.label.charAt(0).toUpperCase() + this.label.slice(1).replace(/_/g, ' ');
  }

  /** Called once every app's models are loaded. Override to connect signals and the like. */
  ready(): void | Promise<void> {}

  /**
   * Return the path of the app's module named `name` (`'models'`, `'urls'`, `'admin'`), trying
   * each known file ending, or undefined when the app has none.
   */
  modulePath(name: string): string | undefined {
    for (const ext of MODULE_EXTENSIONS) {
      const p = join(this.path, name + ext);
      if (existsSync(p)) return p;
    }
    return undefined;
  }

  /** Return the path of the app's folder named `name` (`'templates'`, `'static'`, `'migrations'`, `'commands'`, `'templatetags'`), if it exists. */
  folderPath(name: string): string | undefined {
    const p = join(this.path, name);
    return existsSync(p) && statSync(p).isDirectory() ? p : undefined;
  }
}

function defaultLabel(name: string, path: string): string {
  const last = name.startsWith('.') || name.startsWith('/') ? basename(path) : name.split('/').pop()!;
  return last.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Whether `value` is an AppConfig subclass (by brand, across package copies). */
export function isAppConfigClass(value: unknown): value is new (name: string, path: string) => AppConfig {
  return typeof value === 'function' && (value as { isAppConfig?: symbol }).isAppConfig === AppConfig.isAppConfig;
}

/** Whether `value` is an AppConfig instance (by brand, across package copies). */
export function isAppConfigInstance(value: unknown): value is AppConfig {
  return typeof value === 'object' && value !== null && isAppConfigClass(value.constructor);
}
