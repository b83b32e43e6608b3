// How a server process gets its request listener: it imports an "app module" whose default
// export builds one. The default app module loads the user's project (settings, apps, root
// URLconf) and returns the middleware handler; tests and embedders can point at their own.
import type { RequestListener } from 'node:http';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What an app module's factory receives. */
export interface AppLoadOptions {
  /** Path of the project's settings module, as given on the command line. */
  settingsPath?: string;
  /** Project root directory (defaults to the current directory). */
  projectRoot?: string;
  /** True under `runserver` (the development server). */
  dev: boolean;
}

/** A loaded application: the node listener plus what the server needs to know about it. */
export interface LoadedApp {
  listener: RequestListener;
  /** The project's `DEBUG`; makes the server explain malformed requests. */
  debug?: boolean;
  /** Shown in the start-up banner, e.g. the settings module path. */
  settingsName?: string;
  /** Called once when the server stops (close database pools and the like). */
  close?: () => void | Promise<void>;
}

/** The default export of an app module. */
export type AppFactory = (options: AppLoadOptions) => RequestListener | LoadedApp | Promise<RequestListener | LoadedApp>;

/**
 * Return the URL of a module next to the calling file, with the extension the caller runs
 * under (`.ts` from source through tsx, `.js` from `dist/`).
 *
 * @example
 * siblingModule(import.meta.url, '../handlers/project-app') // file:///.../project-app.ts
 */
export function siblingModule(base: string, name: string): string {
  const ext = base.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`${name}${ext}`, base).href;
}

/** The app module that loads a Reinhardt project through `setup()`. */
export const PROJECT_APP_MODULE = siblingModule(import.meta.url, '../handlers/project-app');

/**
 * Import an app module and build its listener.
 *
 * @example
 * const app = await loadApp(PROJECT_APP_MODULE, { settingsPath: './mysite/settings.ts', dev: false });
 */
export async function loadApp(spec: string, options: AppLoadOptions): Promise<LoadedApp> {
  const url = /^[a-z][a-z0-9+.-]*:/i.test(spec) && !/^[a-z]:[\\/]/i.test(spec)
    ? spec
    : pathToFileURL(isAbsolute(spec) ? spec : resolve(options.projectRoot ?? process.cwd(), spec)).href;
  const mod = (await import(url)) as { default?: unknown };
  if (typeof mod.default !== 'function') {
    throw Object.assign(
      new TypeError(`App module ${spec} must default-export a function returning a request listener`),
      { code: 'ERR_REINHARDT_APP_MODULE' },
    );
  }
  const built = await (mod.default as AppFactory)(options);
  return typeof built === 'function' ? { listener: built } : built;
}

/**
 * Return `execArgv` for a child node process that can import `.ts` files: the current flags
 * plus tsx's loader unless it is already registered.
 */
export function childExecArgv(): string[] {
  const argv = process.execArgv.filter((a) => !a.startsWith('--inspect') && !a.startsWith('--test'));
  const hasTsx = argv.some((a, i) => (a === '--import' || a === '--loader') && /tsx/.test(argv[i + 1] ?? ''))
    || argv.some((a) => /^--(import|loader)=.*tsx/.test(a));
  if (!hasTsx) argv.push('--import', import.meta.resolve('tsx'));
  return argv;
}
