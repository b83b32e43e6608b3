// The technical 500 page shown when DEBUG is on and a view (or middleware) throws: the error
// and its causes, each stack frame with its source lines, the request, and the settings with
// secrets hidden. A plain-text variant serves clients that do not accept HTML.
import { cleanseMap, cleanseSetting, getSafeSettings } from './safe-settings.ts';
import { parseStack } from './stack-frames.ts';
import type { StackFrame } from './stack-frames.ts';
import { DEBUG_FOOTER, debugDocument, esc, keyValueTable, showValue } from './debug-layout.ts';
import type { RequestSummary } from './request-summary.ts';
import { REINHARDT_VERSION } from './version.ts';
import type { TemplateDebugInfo } from '../../template/index.ts';

/** What the technical 500 page reports. */
export interface Technical500Info {
  error: unknown;
  request?: RequestSummary;
  /** The settings object; shown with secrets hidden. */
  settings?: object;
}

function errorName(err: unknown): string {
  if (err instanceof Error) return err.constructor?.name && err.constructor.name !== 'Error' ? err.constructor.name : err.name;
  return typeof err;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : showValue(err);
}

/** The chain `err`, `err.cause`, `err.cause.cause`, ... (at most 10 deep). */
function causeChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = err; e !== undefined && e !== null && chain.length < 10 && !chain.includes(e); e = (e as { cause?: unknown }).cause) {
    chain.push(e);
    if (!(e instanceof Error)) break;
  }
  return chain;
}

function frameHtml(frame: StackFrame): string {
  const where = `${esc(frame.file)}, line ${frame.line}, in <b>${esc(frame.fn)}</b>`;
  if (frame.context.length === 0) return `<details class="frame${frame.library ? ' lib' : ''}"><summary>${where}</summary></details>`;
  const lines = frame.context
    .map((text, i) => {
      const n = frame.contextStart + i;
      return `<span${n === frame.line ? ' class="hit"' : ''}><i>${n}</i>${esc(text) || ' '}</span>`;
    })
    .join('');
  return `<details class="frame${frame.library ? ' lib' : ''}"${frame.library ? '' : ' open'}><summary>${where}</summary><pre>${lines}</pre></details>`;
}

/** The template excerpt of the first error in the chain that carries one. */
function templateDebugOf(chain: unknown[]): TemplateDebugInfo | undefined {
  for (const err of chain) {
    const info = (err as { templateDebug?: TemplateDebugInfo } | null)?.templateDebug;
    if (info && Array.isArray(info.lines)) return info;
  }
  return undefined;
}

function templateHtml(info: TemplateDebugInfo): string {
  const rows = info.lines
    .map((l) => l.num === info.line
      ? `<span class="hit"><i>${l.num}</i>${esc(info.before)}<b>${esc(info.during)}</b>${esc(info.after)}</span>`
      : `<span><i>${l.num}</i>${esc(l.text) || ' '}</span>`)
    .join('');
  return `<h2>Error during template rendering</h2><p>In template <code>${esc(info.name)}</code>, error at line ${info.line}</p>` +
    `<p class="msg">${esc(info.message)}</p><div class="frame"><pre>${rows}</pre></div>`;
}

function location(frames: StackFrame[]): string {
  const frame = frames.find((f) => !f.library) ?? frames[0];
  return frame ? `${frame.file}, line ${frame.line}, in ${frame.fn}` : 'unknown';
}

/**
 * Render the technical 500 page as a complete HTML document.
 *
 * Differs from Django: no local variables per frame (V8 does not expose them); causes
 * (`error.cause`) are shown like Python's chained exceptions.
 *
 * @example
 * technical500Html({ error: new TypeError('x is undefined'), request, settings })
 * // '<!DOCTYPE html>...<h1>TypeError <small>at /polls/</small></h1>...'
 */
export function technical500Html(info: Technical500Info): string {
  const { error, request } = info;
  const chain = causeChain(error);
  const frames = parseStack(error);
  const summary: [string, unknown][] = [];
  if (request) summary.push(['Request Method', request.method], ['Request URL', request.url]);
  summary.push(
    ['Reinhardt Version', REINHARDT_VERSION],
    ['Exception Type', errorName(error)],
    ['Exception Value', errorMessage(error)],
    ['Exception Location', location(frames)],
  );
  if (request?.view) summary.push(['Raised during', request.view]);
  summary.push(['Node.js Version', process.version], ['Server time', new Date().toISOString()]);

  let traceback = '';
  for (let i = chain.length - 1; i >= 0; i--) {
    const err = chain[i];
    const errFrames = i === 0 ? frames : parseStack(err);
    traceback += `<h3>${esc(errorName(err))}: ${esc(errorMessage(err))}</h3>`;
    traceback += errFrames.length ? errFrames.map(frameHtml).join('') : '<p class="empty">No stack trace.</p>';
    if (i > 0) traceback += `<p class="empty">The above error was the cause of the following error:</p>`;
  }

  const header = `<header class="warn"><h1>${esc(errorName(error))}${request ? ` <small>at ${esc(request.path)}</small>` : ''}</h1>` +
    `<pre class="msg">${esc(errorMessage(error))}</pre><table>` +
    summary.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(showValue(v))}</td></tr>`).join('') + `</table></header>`;

  let requestHtml = '<h2>Request information</h2>';
  if (request) {
    requestHtml +=
      `<h3>USER</h3>${request.user ? `<p><code>${esc(request.user)}</code></p>` : '<p class="empty">[unable to retrieve the current user]</p>'}` +
      `<h3>GET</h3>${keyValueTable(cleanseRows(request.query), 'No GET data.')}` +
      `<h3>POST</h3>${keyValueTable(cleanseRows(request.form), 'No POST data.')}` +
      `<h3>FILES</h3>${keyValueTable(request.files ?? [], 'No FILES data.')}` +
      `<h3>COOKIES</h3>${keyValueTable(hideAll(request.cookies), 'No cookie data.')}` +
      `<h3>Headers</h3>${keyValueTable(Object.entries(cleanseMap(request.headers ?? {})), 'No headers.')}`;
  } else {
    requestHtml += '<p class="empty">Request data not supplied.</p>';
  }
  const settingsHtml = info.settings ? `<h2>Settings</h2>${keyValueTable(getSafeSettings(info.settings))}` : '';

  const template = templateDebugOf(chain);
  return debugDocument(`${errorName(error)} at ${request?.path ?? ''}`,
    `${header}<main>${template ? templateHtml(template) : ''}<h2>Stack trace <small>(innermost call first)</small></h2>${traceback}${requestHtml}${settingsHtml}${DEBUG_FOOTER}</main>`);
}

function cleanseRows(rows: Iterable<[string, unknown]> | undefined): [string, unknown][] {
  return [...(rows ?? [])].map(([k, v]) => [k, cleanseSetting(k, v)]);
}

function hideAll(rows: Iterable<[string, unknown]> | undefined): [string, unknown][] {
  // Cookie values are credentials (session ids, CSRF tokens): show only the names.
  return [...(rows ?? [])].map(([k]) => [k, '********************']);
}

/**
 * Render the technical 500 report as plain text (for clients that do not accept HTML, such as
 * `fetch` from scripts and API clients).
 *
 * @example
 * technical500Text({ error: new Error('boom') }) // 'Error: boom\n\nStack trace (innermost call first):\n  ...'
 */
export function technical500Text(info: Technical500Info): string {
  const { error, request } = info;
  const lines: string[] = [`${errorName(error)}${request ? ` at ${request.path}` : ''}`, errorMessage(error), ''];
  if (request) lines.push(`Request Method: ${request.method}`, `Request URL: ${request.url}`);
  lines.push(`Reinhardt Version: ${REINHARDT_VERSION}`, `Node.js Version: ${process.version}`, '');
  const template = templateDebugOf(causeChain(error));
  if (template) {
    lines.push(`Template error: in template ${template.name}, error at line ${template.line}: ${template.message}`);
    for (const l of template.lines) if (Math.abs(l.num - template.line) <= 2) lines.push(`  ${l.num === template.line ? '>' : ' '} ${l.num} ${l.text}`);
    lines.push('');
  }
  for (const err of causeChain(error).reverse()) {
    lines.push(`${errorName(err)}: ${errorMessage(err)}`, 'Stack trace (innermost call first):');
    for (const f of parseStack(err)) {
      lines.push(`  ${f.file}, line ${f.line}, in ${f.fn}`);
      const text = f.context[f.line - f.contextStart];
      if (text !== undefined && !f.library) lines.push(`    ${text.trim()}`);
    }
    lines.push('');
  }
  if (info.settings) {
    lines.push('Settings:');
    for (const [k, v] of getSafeSettings(info.settings)) lines.push(`  ${k} = ${showValue(v).replace(/\n/g, ' ')}`);
    lines.push('');
  }
  lines.push("You're seeing this error because you have DEBUG: true in your settings.");
  return `${lines.join('\n')}\n`;
}
