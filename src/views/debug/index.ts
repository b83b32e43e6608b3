// Debug pages: technical 500 and 404 pages, the welcome page, and secret masking.
export { technical500Html, technical500Text } from './technical-500.ts';
export type { Technical500Info } from './technical-500.ts';
export { technical404Html, technical404Text, describePattern } from './technical-404.ts';
export type { Technical404Info } from './technical-404.ts';
export { welcomePageHtml } from './welcome-page.ts';
export type { WelcomeInfo } from './welcome-page.ts';
export { HIDDEN_SETTINGS, CLEANSED_SUBSTITUTE, cleanseSetting, cleanseMap, getSafeSettings } from './safe-settings.ts';
export { parseStack } from './stack-frames.ts';
export type { StackFrame } from './stack-frames.ts';
export type { RequestSummary } from './request-summary.ts';
export { REINHARDT_VERSION } from './version.ts';
