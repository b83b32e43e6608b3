// The `reinhardt` entry point: re-exports the most used public API.
export { SafeString, markSafe, isSafe } from './utils/safestring.ts';
export { escape, conditionalEscape, formatHtml } from './utils/html.ts';
