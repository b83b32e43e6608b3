// The system check framework: `reinhardt/core/checks`.
export { CheckMessage, CheckLevel, debug, info, warning, error, critical, type CheckLevelName } from './messages.ts';
export { CheckRegistry, checks, failsAt, Tags, type CheckContext, type CheckFunction } from './registry.ts';
export { deploymentChecks, settingsChecks, registerBuiltinChecks } from './security.ts';
