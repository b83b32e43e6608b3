// Builtin filters that work on text: case, padding, truncation, escaping, HTML helpers,
// URLs, slugs, wrapping. Each keeps Django's safety rules (is_safe, needs_autoescape).
import { escape, conditionalEscape, escapeText } from '../../utils/html.ts';
import { SafeString, markSafe } from '../../utils/safestring.ts';
import {
  center,
  quote,
  slugify,
  stripTags,
  titleCase,
  truncateChars,
  truncateCharsHtml,
  truncateWords,
  truncateWordsHtml,
  wrap,
} from '../../utils/text.ts';
import { urlize } from '../../utils/urlize.ts';
import type { Library } from '../library.ts';
import { pyStr } from '../python-values.ts';
import { pyInt } from '../python-values.ts';

/** Django's @stringfilter: the text of a value (`str()`). */
export function str(v: unknown): string {
  return v instanceof SafeString ? v.value : pyStr(v);
}

const JS_ESCAPES: Record<string, string> = {
  '\\': '\\u005C',
  "'": '\\u0027',
  '"': '\\u0022',
  '>': '\\u003E',
  '<': '\\u003C',
  '&': '\\u0026',
  '=': '\\u003D',
  '-': '\\u002D',
  ';': '\\u003B',
  '`': '\\u0060',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** Escape text for use inside a JavaScript string (Django's escapejs). */
export function escapeJs(s: string): string {
  let out = '';
  for (const ch of s) {
    const e = JS_ESCAPES[ch];
    if (e) out += e;
    else if (ch.charCodeAt(0) < 32) out += '\\u' + ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    else out += ch;
  }
  return out;
}

function normalizeNewlines(s: string): string {
  return s.replace(/\r\n|\r/g, '\n');
}

const PHONE: Record<string, string> = {};
'abc def ghi jkl mno pqrs tuv wxyz'.split(' ').forEach((letters, i) => {
  for (const l of letters) PHONE[l] = String(i + 2);
});

/** Register the text filters on `lib`. */
export function registerTextFilters(lib: Library): void {
  lib.filter('addslashes', (v) => str(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/'/g, "\\'"), { isSafe: true, arg: 'none' });
  lib.filter('capfirst', (v) => {
    const s = str(v);
    return s ? s[0]!.toUpperCase() + s.slice(1) : s;
  }, { isSafe: true, arg: 'none' });
  lib.filter('escapejs', (v) => escapeJs(str(v)), { arg: 'none' });
  lib.filter('iriencode', (v) => quote(str(v), "/#%[]=:;$&()+,!?*@'~"), { isSafe: true, arg: 'none' });
  lib.filter('linenumbers', (v, _a, autoescape: boolean) => {
    const s = str(v);
    const lines = s.split('\n');
    const width = String(lines.length).length;
    const raw = !autoescape || v instanceof SafeString;
    return markSafe(lines.map((l, i) => `${String(i + 1).padStart(width, '0')}. ${raw ? l : escapeText(l)}`).join('\n'));
  }, { isSafe: true, needsAutoescape: true, arg: 'none' });
  lib.filter('lower', (v) => str(v).toLowerCase(), { isSafe: true, arg: 'none' });
  lib.filter('upper', (v) => str(v).toUpperCase(), { arg: 'none' });
  lib.filter('make_list', (v) => [...str(v)], { arg: 'none' });
  lib.filter('slugify', (v) => slugify(str(v)), { isSafe: true, arg: 'none' });
  lib.filter('title', (v) => titleCase(str(v)), { isSafe: true, arg: 'none' });
  lib.filter('truncatechars', (v, arg) => {
    const n = pyInt(arg);
    return n === null ? str(v) : truncateChars(str(v), n);
  }, { isSafe: true, arg: 'required' });
  lib.filter('truncatechars_html', (v, arg) => {
    const n = pyInt(arg);
    return n === null ? str(v) : truncateCharsHtml(str(v), n);
  }, { isSafe: true, arg: 'required' });
  lib.filter('truncatewords', (v, arg) => {
    const n = pyInt(arg);
    return n === null ? str(v) : truncateWords(str(v), n);
  }, { isSafe: true, arg: 'required' });
  lib.filter('truncatewords_html', (v, arg) => {
    const n = pyInt(arg);
    return n === null ? str(v) : truncateWordsHtml(str(v), n);
  }, { isSafe: true, arg: 'required' });
  lib.filter('urlencode', (v, safe) => (safe === undefined ? quote(str(v)) : quote(str(v), str(safe))), { arg: 'optional' });
  lib.filter('urlize', (v, _a, autoescape: boolean) =>
    markSafe(urlize(str(v), { nofollow: true, autoescape, safeInput: v instanceof SafeString })), { isSafe: true, needsAutoescape: true, arg: 'none' });
  lib.filter('urlizetrunc', (v, limit, autoescape: boolean) =>
    markSafe(urlize(str(v), { trimUrlLimit: pyInt(limit), nofollow: true, autoescape, safeInput: v instanceof SafeString })), { isSafe: true, needsAutoescape: true, arg: 'required' });
  lib.filter('wordcount', (v) => str(v).split(/\s+/).filter(Boolean).length, { arg: 'none' });
  lib.filter('wordwrap', (v, arg) => {
    const n = pyInt(arg);
    if (n === null) throw new TypeError(`invalid literal for int(): ${pyStr(arg)}`);
    return wrap(str(v), n);
  }, { isSafe: true, arg: 'required' });
  lib.filter('ljust', (v, arg) => str(v).padEnd(pyInt(arg) ?? 0), { isSafe: true, arg: 'required' });
  lib.filter('rjust', (v, arg) => str(v).padStart(pyInt(arg) ?? 0), { isSafe: true, arg: 'required' });
  lib.filter('center', (v, arg) => center(str(v), pyInt(arg) ?? 0), { isSafe: true, arg: 'required' });
  lib.filter('cut', (v, arg) => {
    const a = str(arg);
    const out = str(v).split(a).join('');
    return v instanceof SafeString && a !== ';' ? markSafe(out) : out;
  }, { arg: 'required' });
  lib.filter('escape', (v) => conditionalEscape(v), { isSafe: true, arg: 'none' });
  lib.filter('force_escape', (v) => escape(str(v)), { isSafe: true, arg: 'none' });
  lib.filter('linebreaks', (v, _a, autoescape: boolean) => {
    const esc = autoescape && !(v instanceof SafeString);
    const paras = normalizeNewlines(str(v)).split(/\n{2,}/);
    return markSafe(paras.map((p) => `<p>${(esc ? escapeText(p) : p).replace(/\n/g, '<br>')}</p>`).join('\n\n'));
  }, { isSafe: true, needsAutoescape: true, arg: 'none' });
  lib.filter('linebreaksbr', (v, _a, autoescape: boolean) => {
    const esc = autoescape && !(v instanceof SafeString);
    let s = normalizeNewlines(str(v));
    if (esc) s = escapeText(s);
    return markSafe(s.replace(/\n/g, '<br>'));
  }, { isSafe: true, needsAutoescape: true, arg: 'none' });
  lib.filter('safe', (v) => (v instanceof SafeString ? v : markSafe(str(v))), { isSafe: true, arg: 'none' });
  lib.filter('striptags', (v) => stripTags(str(v)), { isSafe: true, arg: 'none' });
  lib.filter('phone2numeric', (v) => [...str(v).toLowerCase()].map((c) => PHONE[c] ?? c).join(''), { isSafe: true, arg: 'none' });
}
