// Settings: `reinhardt/conf`.
export { settings, configure, isConfigured, defineSettings, overrideSettings, registerSettings, knownSettings, settingsFromEnv, projectPath, type UserSettings } from './settings.ts';
export { globalSettings, type Settings, type DatabaseSettings, type TemplateSettings, type DatabaseRouter, type MiddlewareEntry } from './global-settings.ts';
export { parseDotenv, loadDotenv, parseDatabaseUrl } from './env.ts';
export { importFromProject, resolveProjectModule, splitSpecifier } from './import-from-project.ts';
export * as types from './setting-types.ts';
