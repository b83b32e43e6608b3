// The technical 404 page shown when DEBUG is on: the URL patterns the resolver tried, in
// order, or the message of the Http404 a view raised.
import { DEBUG_FOOTER, debugDocument, esc } from './debug-layout.ts';
import type { RequestSummary } from './request-summary.ts';

/** What the technical 404 page reports. */
export interface Technical404Info {
  request: RequestSummary;
  /** The message of the Http404 (or Resolver404). */
  reason: string;
  /** Patterns tried, one entry per attempt; each entry is the chain of nested patterns. */
  tried?: readonly unknown[];
  /** Name of the root URLconf, e.g. `./mysite/urls.ts`. */
  urlconf?: string;
  /** The view that raised Http404, when a view did (not the resolver). */
  raisedBy?: string;
}

/**
 * Describe one tried pattern (a string, or an object with `pattern` and `name`) as text.
 *
 * @example
 * describePattern({ pattern: 'polls/<int:id>/', name: 'detail' }) // "polls/<int:id>/ [name='detail']"
 */
export function describePattern(entry: unknown): string {
  if (Array.isArray(entry)) return entry.map(describePattern).filter(Boolean).join(' ');
  if (entry === null || entry === undefined) return '';
  if (typeof entry !== 'object') return String(entry);
  const obj = entry as { pattern?: unknown; name?: unknown };
  const pattern = obj.pattern !== undefined ? describePattern(obj.pattern) : String(entry);
  return typeof obj.name === 'string' && obj.name ? `${pattern} [name='${obj.name}']` : pattern;
}

/**
 * Render the technical 404 page as a complete HTML document.
 *
 * @example
 * technical404Html({ request, reason: 'No Question matches the given query.', tried: [['polls/'], ['admin/']] })
 * // '<!DOCTYPE html>...<h1>Page not found <small>(404)</small></h1>...<li>polls/</li>...'
 */
export function technical404Html(info: Technical404Info): string {
  const { request, tried = [] } = info;
  const rows: [string, string][] = [['Request Method', request.method], ['Request URL', request.url]];
  if (info.raisedBy) rows.push(['Raised by', info.raisedBy]);
  const header = `<header class="nf"><h1>Page not found <small>(404)</small></h1>` +
    (info.reason && !(tried.length && !info.raisedBy) ? `<pre class="msg">${esc(info.reason)}</pre>` : '') +
    `<table>${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table></header>`;
  let main = '';
  if (tried.length) {
    main += `<p>Using the URLconf defined in <code>${esc(info.urlconf ?? 'ROOT_URLCONF')}</code>, Reinhardt tried these URL patterns, in this order:</p>`;
    main += `<ol class="tried">${tried.map((t) => `<li>${esc(describePattern(t))}</li>`).join('')}</ol>`;
    main += info.raisedBy
      ? `<p>The current path, <code>${esc(request.path.replace(/^\//, ''))}</code>, matched the last one.</p>`
      : `<p>The current path, <code>${esc(request.path.replace(/^\//, ''))}</code>, didn't match any of these.</p>`;
  } else if (!info.raisedBy) {
    main += `<p>${esc(info.reason)}</p>`;
  }
  return debugDocument('Page not found at ' + request.path, `${header}<main>${main}${DEBUG_FOOTER}</main>`);
}

/**
 * Render the technical 404 report as plain text for clients that do not accept HTML.
 *
 * @example
 * technical404Text({ request, reason: 'Not found', tried: [['polls/']] })
 */
export function technical404Text(info: Technical404Info): string {
  const lines = [`Page not found (404)`, `Request Method: ${info.request.method}`, `Request URL: ${info.request.url}`];
  if (info.raisedBy) lines.push(`Raised by: ${info.raisedBy}`);
  lines.push('', info.reason);
  if (info.tried?.length) {
    lines.push('', `Using the URLconf defined in ${info.urlconf ?? 'ROOT_URLCONF'}, Reinhardt tried these URL patterns, in this order:`);
    info.tried.forEach((t, i) => lines.push(`  ${i + 1}. ${describePattern(t)}`));
  }
  lines.push('', "You're seeing this error because you have DEBUG: true in your settings.");
  return `${lines.join('\n')}\n`;
}
