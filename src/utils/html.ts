// HTML escaping helpers shared by templates, forms, error pages and the admin.
// Layer 0: depends only on safestring.
import { SafeString, isSafe, markSafe } from './safestring.ts';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
};
const ESCAPE_RE = /[&<>"']/g;
const ESCAPE_TEST = /[&<>"']/;

/**
 * Escape `&`, `<`, `>`, `"` and `'` for use in HTML, exactly as Django does (`&#x27;` for the
 * single quote), and mark the result safe. Always escapes, even a string already marked safe.
 *
 * @example
 * String(escape(`<a href="x">'`)) // '&lt;a href=&quot;x&quot;&gt;&#x27;'
 */
export function escape(value: unknown): SafeString {
  return new SafeString(escapeText(String(value)));
}

/** Escape the text and return a plain string (the hot-path form used by compiled templates). */
export function escapeText(text: string): string {
  if (!ESCAPE_TEST.test(text)) return text;
  return text.replace(ESCAPE_RE, (c) => ESCAPES[c]!);
}

/**
 * Escape `value` unless it is already marked safe.
 *
 * @example
 * String(conditionalEscape(markSafe('<b>'))) // '<b>'
 */
export function conditionalEscape(value: unknown): SafeString {
  if (isSafe(value)) return value;
  return escape(value);
}

/**
 * Build safe HTML from a format string with `{}` (positional) or `{name}` placeholders whose
 * arguments are conditionally escaped.
 *
 * @example
 * String(formatHtml('<a href="{}">{}</a>', '/x?a=1&b=2', 'Tom & Jerry'))
 * // '<a href="/x?a=1&amp;b=2">Tom &amp; Jerry</a>'
 */
export function formatHtml(format: string, ...args: unknown[]): SafeString {
  let i = 0;
  const named = args.length === 1 && args[0] !== null && typeof args[0] === 'object' && !isSafe(args[0])
    ? (args[0] as Record<string, unknown>)
    : undefined;
  const out = format.replace(/\{(\w*)\}/g, (_m, key: string) => {
    if (key === '') return conditionalEscape(args[i++]).value;
    if (/^\d+$/.test(key)) return conditionalEscape(args[Number(key)]).value;
    if (named && key in named) return conditionalEscape(named[key]).value;
    throw new Error(`formatHtml: no argument for placeholder {${key}} in ${JSON.stringify(format)}`);
  });
  return markSafe(out);
}
