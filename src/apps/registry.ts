// The app registry: loads INSTALLED_APPS, their app configs and models, then runs `ready()`.
// Layer 2. The ORM (layer 3) plugs in through `setModelHooks` so this layer never imports it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppConfig, isAppConfigClass, isAppConfigInstance } from './config.ts';
import { AppRegistryNotReady, ImproperlyConfigured } from '../core/exceptions.ts';
import { resolveProjectModule } from '../conf/import-from-project.ts';
import { didYouMean } from '../utils/suggest.ts';

/** How the ORM recognises and registers the models an app exports. */
export interface ModelHooks {
  isModel(value: unknown): boolean;
  register(app: AppConfig, exportName: string, model: unknown): void;
  /** Called once all apps' models are registered (resolve lazy relations here). */
  modelsReady?(registry: Apps): void;
  /** The model's name, used as the registry key (lower-cased). */
  modelName?(model: unknown): string;
}

let modelHooks: ModelHooks | undefined;

/** Install the ORM's model hooks (called by `reinhardt/db` when it is first imported). */
export function setModelHooks(hooks: ModelHooks): void {
  modelHooks = hooks;
}

/**
 * The registry of installed apps. `apps` is the process-wide instance the CLI populates.
 *
 * @example
 * await apps.populate(['./polls', 'reinhardt/contrib/auth'], '/srv/mysite');
 * apps.getAppConfig('polls').path // '/srv/mysite/polls'
 */
export class Apps {
  #configs = new Map<string, AppConfig>();
  #ready = false;
  #populating: Promise<void> | undefined;

  /** Whether `populate` has finished. */
  get isReady(): boolean {
    return this.#ready;
  }

  /**
   * Load every app: its `app.ts` config (if any), then every app's `models.ts`, then each
   * `ready()`. Calling it again with the registry ready is a no-op.
   */
  populate(installedApps: readonly string[], baseDir: string): Promise<void> {
    if (this.#ready) return Promise.resolve();
    this.#populating ??= this.#populate(installedApps, baseDir).catch((err: unknown) => {
      this.#populating = undefined;
      this.#configs.clear();
      throw err;
    });
    return this.#populating;
  }

  async #populate(installedApps: readonly string[], baseDir: string): Promise<void> {
    const seenNames = new Set<string>();
    for (const entry of installedApps) {
      if (seenNames.has(entry)) {
        throw new ImproperlyConfigured(`INSTALLED_APPS lists '${entry}' twice`);
      }
      seenNames.add(entry);
      const config = await loadAppConfig(entry, baseDir);
      const clash = this.#configs.get(config.label);
      if (clash) {
        throw new ImproperlyConfigured(
          `Application labels aren't unique: '${config.label}' is used by '${clash.name}' and '${entry}'; ` +
            `set a distinct label in one app's app.ts`,
        );
      }
      this.#configs.set(config.label, config);
    }
    for (const config of this.#configs.values()) {
      const modelsPath = config.modulePath('models');
      if (!modelsPath) continue;
      const mod = (await import(pathToFileURL(modelsPath).href)) as Record<string, unknown>;
      config.modelsModule = mod;
      for (const [name, value] of Object.entries(mod)) {
        if (modelHooks?.isModel(value)) {
          const key = (modelHooks.modelName?.(value) ?? name).toLowerCase();
          config.models.set(key, value);
          modelHooks.register(config, name, value);
        }
      }
    }
    this.#ready = true;
    modelHooks?.modelsReady?.(this);
    for (const config of this.#configs.values()) await config.ready();
  }

  /** Every app config, in `INSTALLED_APPS` order. */
  getAppConfigs(): AppConfig[] {
    return [...this.#configs.values()];
  }

  /** The app config with this label; an error suggests the closest label. */
  getAppConfig(label: string): AppConfig {
    const config = this.#configs.get(label);
    if (config) return config;
    if (!this.#ready && !this.#populating) throw new AppRegistryNotReady(`Apps aren't loaded yet (asked for '${label}')`);
    throw new ImproperlyConfigured(`No installed app with label '${label}'${didYouMean(label, this.#configs.keys())}`);
  }

  /** Whether an app with this label (or `INSTALLED_APPS` entry) is installed. */
  isInstalled(labelOrName: string): boolean {
    return this.#configs.has(labelOrName) || [...this.#configs.values()].some((c) => c.name === labelOrName);
  }

  /**
   * The model registered as `'app_label.ModelName'` (case-insensitive model name), or
   * `getModel(appLabel, modelName)`.
   */
  getModel(appLabelOrRef: string, modelName?: string): unknown {
    this.checkModelsReady();
    let label = appLabelOrRef;
    let name = modelName;
    if (name === undefined) {
      const parts = appLabelOrRef.split('.');
      if (parts.length !== 2) throw new ImproperlyConfigured(`Model reference '${appLabelOrRef}' must look like 'app_label.ModelName'`);
      [label, name] = parts as [string, string];
    }
    const config = this.getAppConfig(label);
    const model = config.models.get(name.toLowerCase());
    if (model === undefined) {
      throw new ImproperlyConfigured(`App '${label}' has no model '${name}'${didYouMean(name, config.models.keys())}`);
    }
    return model;
  }

  /** Every registered model, app by app. */
  getModels(): unknown[] {
    this.checkModelsReady();
    return this.getAppConfigs().flatMap((c) => [...c.models.values()]);
  }

  /** Throw `AppRegistryNotReady` unless models are loaded. */
  checkModelsReady(): void {
    if (!this.#ready) throw new AppRegistryNotReady("Models aren't loaded yet: call setup() (the CLI does) before using the app registry");
  }

  /** Forget every app (tests only). */
  reset(): void {
    this.#configs.clear();
    this.#ready = false;
    this.#populating = undefined;
  }
}

/** The process-wide app registry. */
export const apps = new Apps();

async function loadAppConfig(entry: string, baseDir: string): Promise<AppConfig> {
  const local = entry.startsWith('./') || entry.startsWith('../') || isAbsolute(entry);
  let folder: string;
  if (local) {
    folder = isAbsolute(entry) ? entry : resolve(baseDir, entry);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) {
      const parent = dirname(folder);
      const siblings = existsSync(parent) ? readdirSync(parent).filter((n) => statSync(resolve(parent, n)).isDirectory()) : [];
      const base = folder.slice(parent.length + 1);
      const hint = didYouMean(base, siblings);
      throw new ImproperlyConfigured(`INSTALLED_APPS entry '${entry}' not found: no folder ${folder}${hint}`);
    }
  } else {
    let url: string;
    try {
      url = resolveProjectModule(entry, baseDir);
    } catch {
      throw new ImproperlyConfigured(
        `INSTALLED_APPS entry '${entry}' not found: it is not a local folder (start it with './') and no installed package has that name`,
      );
    }
    folder = dirname(new URL(url).pathname);
  }
  const probe = new AppConfig(entry, folder);
  const appModule = probe.modulePath('app');
  if (!appModule) return probe;
  const mod = (await import(pathToFileURL(appModule).href)) as { default?: unknown };
  const exported = mod.default;
  if (exported === undefined) return probe;
  if (isAppConfigInstance(exported)) {
    exported.name = entry;
    exported.path = folder;
    return exported;
  }
  if (isAppConfigClass(exported)) {
    return new exported(entry, folder);
  }
  throw new ImproperlyConfigured(`${appModule}: the default export must be an AppConfig subclass or instance`);
}
