// The app registry: `reinhardt/apps`.
export { AppConfig, MODULE_EXTENSIONS, isAppConfigClass, isAppConfigInstance } from './config.ts';
export { Apps, apps, setModelHooks, type ModelHooks } from './registry.ts';
