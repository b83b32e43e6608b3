// Text helpers behind the template filters, with Django's exact behaviour: truncation (plain and
// HTML-aware), word wrapping, slugs, tag stripping, title case, URL quoting. Layer 0.
import { escapeText } from './html.ts';

/** Characters Unicode classes as combining marks (skipped when counting characters). */
const COMBINING_RE = /\p{M}/u;

function addTruncationText(text: string, truncate: string): string {
  if (text.endsWith(truncate)) return text;
  return text + truncate;
}

function truncateCharsLength(length: number, truncate: string): number {
  let len = length;
  for (const ch of truncate) {
    if (!COMBINING_RE.test(ch)) {
      len -= 1;
      if (len === 0) break;
    }
  }
  return len;
}

/**
 * Truncate to `length` characters including the ellipsis, as Django's Truncator.chars.
 *
 * @example
 * truncateChars('Joel is a slug', 9) // 'Joel is …'
 */
export function truncateChars(text: string, length: number, truncate = '…'): string {
  if (length <= 0) return '';
  text = text.normalize('NFC');
  const truncateLen = truncateCharsLength(length, truncate);
  let sLen = 0;
  let endIndex: number | null = null;
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    if (COMBINING_RE.test(chars[i]!)) continue;
    sLen += 1;
    if (endIndex === null && sLen > truncateLen) endIndex = i;
    if (sLen > length) return addTruncationText(chars.slice(0, endIndex ?? 0).join(''), truncate);
  }
  return text;
}

/**
 * Keep the first `length` words (whitespace normalised), as Django's Truncator.words.
 *
 * @example
 * truncateWords('A sentence with words', 2) // 'A sentence …'
 */
export function truncateWords(text: string, length: number, truncate = ' …'): string {
  if (length <= 0) return '';
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length > length) return addTruncationText(words.slice(0, length).join(' '), truncate);
  return words.join(' ');
}

/** HTML elements that never have an end tag. */
export const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

/** One piece of HTML as Python's HTMLParser reports it. */
export type HtmlPiece =
  | { kind: 'data'; text: string }
  | { kind: 'start'; tag: string; raw: string; selfClosing: boolean }
  | { kind: 'end'; tag: string; raw: string }
  | { kind: 'other'; raw: string };

const HTML_TOKEN_RE = /<!--[\s\S]*?-->|<![^>]*>|<\?[^>]*>|<\/([a-zA-Z][^\s>\/]*)[^>]*>|<([a-zA-Z][^\s>\/]*)((?:"[^"]*"|'[^']*'|[^'">])*?)(\/?)>/g;

/** Split HTML into data, start tags, end tags and other markup (comments, declarations). */
export function tokenizeHtml(html: string): HtmlPiece[] {
  const out: HtmlPiece[] = [];
  let last = 0;
  HTML_TOKEN_RE.lastIndex = 0;
  for (let m = HTML_TOKEN_RE.exec(html); m; m = HTML_TOKEN_RE.exec(html)) {
    if (m.index > last) out.push({ kind: 'data', text: html.slice(last, m.index) });
    if (m[1] !== undefined) out.push({ kind: 'end', tag: m[1].toLowerCase(), raw: m[0] });
    else if (m[2] !== undefined) out.push({ kind: 'start', tag: m[2].toLowerCase(), raw: m[0], selfClosing: m[4] === '/' });
    else out.push({ kind: 'other', raw: m[0] });
    last = m.index + m[0].length;
  }
  if (last < html.length) out.push({ kind: 'data', text: html.slice(last) });
  return out;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decode HTML character references (`&amp;`, `&#39;`, `&#x27;`). */
export function unescapeHtml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);?/g, (m, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    const e = ENTITIES[ref];
    return e === undefined ? m : e;
  });
}

function truncateHtml(html: string, remaining: number, replacement: string, process: (data: string, remaining: number, state: { output: string; processed: number; rawLength: number }) => { len: number; output: string; complete?: boolean }): string {
  const tags: string[] = [];
  const state = { output: '', processed: 0, rawLength: html.length };
  for (const piece of tokenizeHtml(html)) {
    if (piece.kind === 'start') {
      state.output += piece.raw;
      if (!VOID_ELEMENTS.has(piece.tag)) {
        if (piece.selfClosing) state.output += `</${piece.tag}>`;
        else tags.unshift(piece.tag);
      }
    } else if (piece.kind === 'end') {
      if (!VOID_ELEMENTS.has(piece.tag)) {
        state.output += `</${piece.tag}>`;
        const i = tags.indexOf(piece.tag);
        if (i !== -1) tags.splice(i, 1);
      }
    } else if (piece.kind === 'data') {
      const data = unescapeHtml(piece.text);
      const r = process(data, remaining, state);
      if (r.complete) return state.output + tags.map((t) => `</${t}>`).join('');
      if (remaining < r.len) {
        state.output += addTruncationText(r.output, replacement);
        return state.output + tags.map((t) => `</${t}>`).join('');
      }
      remaining -= r.len;
      state.output += r.output;
    }
  }
  return state.output;
}

/**
 * Truncate HTML to `length` visible characters, closing open tags (Django's
 * truncatechars_html).
 *
 * @example
 * truncateCharsHtml('<p>Joel <b>is</b> a slug</p>', 9) // '<p>Joel <b>is</b> …</p>'
 */
export function truncateCharsHtml(html: string, length: number, replacement = '…'): string {
  if (length <= 0) return '';
  html = html.normalize('NFC');
  return truncateHtml(html, truncateCharsLength(length, replacement), replacement, (data, remaining, state) => {
    state.processed += data.length;
    if (state.processed === length && state.output.length + data.length === state.rawLength) {
      state.output += data;
      return { len: 0, output: '', complete: true };
    }
    return { len: data.length, output: escapeText(data.slice(0, remaining)) };
  });
}

/**
 * Truncate HTML to `length` words, closing open tags (Django's truncatewords_html).
 *
 * @example
 * truncateWordsHtml('<p>one <a>two three</a> four</p>', 3) // '<p>one <a>two three</a> …</p>'
 */
export function truncateWordsHtml(html: string, length: number, replacement = ' …'): string {
  if (length <= 0) return '';
  return truncateHtml(html, length, replacement, (data, remaining) => {
    const words = data.split(/(?<=\S)\s+(?=\S)/);
    return { len: words.length, output: escapeText(words.slice(0, remaining).join(' ')) };
  });
}

/**
 * Remove HTML tags and comments, keeping text (entities untouched), as Django's strip_tags.
 *
 * @example
 * stripTags('<p>Hi <b>you</b></p>') // 'Hi you'
 */
export function stripTags(value: string): string {
  for (let depth = 0; value.includes('<') && value.includes('>') && depth < 50; depth++) {
    const next = tokenizeHtml(value)
      .map((p) => (p.kind === 'data' ? p.text : ''))
      .join('');
    if (countChar(next, '<') === countChar(value, '<')) break;
    value = next;
  }
  return value;
}

function countChar(s: string, c: string): number {
  let n = 0;
  for (const ch of s) if (ch === c) n++;
  return n;
}

/**
 * Wrap text at `width` columns, keeping existing line breaks and long words (Django's wrap).
 *
 * @example
 * wrap('this is a long line', 10) // 'this is a\nlong line'
 */
export function wrap(text: string, width: number): string {
  const result: string[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length && lines[lines.length - 1] === '' && /(\r\n|\r|\n)$/.test(text)) lines.pop();
  for (const line of lines) {
    const wrapped = wrapLine(line.replace(/\t/g, '        '), width);
    if (!wrapped.length) result.push(line);
    else result.push(...wrapped);
  }
  if (text.endsWith('\n')) result.push('');
  return result.join('\n');
}

function wrapLine(line: string, width: number): string[] {
  const chunks = line.split(/(\s+)/).filter(Boolean).reverse();
  const lines: string[] = [];
  while (chunks.length) {
    const cur: string[] = [];
    let curLen = 0;
    if (chunks[chunks.length - 1]!.trim() === '' && lines.length) chunks.pop();
    while (chunks.length) {
      const l = chunks[chunks.length - 1]!.length;
      if (curLen + l <= width) {
        cur.push(chunks.pop()!);
        curLen += l;
      } else break;
    }
    if (chunks.length && chunks[chunks.length - 1]!.length > width && !cur.length) cur.push(chunks.pop()!);
    if (cur.length && cur[cur.length - 1]!.trim() === '') cur.pop();
    if (cur.length) lines.push(cur.join(''));
  }
  return lines;
}

/**
 * Make a URL slug: ASCII, lowercase, hyphens for spaces (Django's slugify).
 *
 * @example
 * slugify(' Hello, World! ') // 'hello-world'
 */
export function slugify(value: string, allowUnicode = false): string {
  value = allowUnicode ? value.normalize('NFKC') : value.normalize('NFKD').replace(/[^\x00-\x7f]/g, '');
  value = value.toLowerCase().replace(/[^\p{L}\p{N}_\s-]/gu, '');
  return value.replace(/[-\s]+/g, '-').replace(/^[-_]+|[-_]+$/g, '');
}

/**
 * Title-case like Python's str.title, then fix apostrophes and ordinals as Django's title does.
 *
 * @example
 * titleCase("they're 1st") // "They're 1st"
 */
export function titleCase(value: string): string {
  let out = '';
  let prevCased = false;
  for (const c of value) {
    const cased = c.toLowerCase() !== c.toUpperCase();
    out += cased ? (prevCased ? c.toLowerCase() : c.toUpperCase()) : c;
    prevCased = cased;
  }
  out = out.replace(/([a-z])'([A-Z])/g, (m) => m.toLowerCase());
  return out.replace(/\d([A-Z])/g, (m) => m.toLowerCase());
}

const ALWAYS_SAFE = /[A-Za-z0-9_.\-~]/;

/**
 * Percent-encode like Python's urllib.parse.quote (UTF-8, `safe` characters kept).
 *
 * @example
 * quote('/a b/é') // '/a%20b/%C3%A9'
 */
export function quote(value: string, safe = '/'): string {
  let out = '';
  for (const ch of value) {
    if (ALWAYS_SAFE.test(ch) || safe.includes(ch)) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** Percent-decode, leaving invalid sequences as they are (Python's unquote). */
export function unquote(value: string): string {
  return value.replace(/(%[0-9a-fA-F]{2})+/g, (m) => {
    try {
      return decodeURIComponent(m);
    } catch {
      return m;
    }
  });
}

/** Python's `str.center(width)`. */
export function center(s: string, width: number): string {
  const len = [...s].length;
  const marg = width - len;
  if (marg <= 0) return s;
  const left = Math.floor(marg / 2) + (marg & width & 1);
  return ' '.repeat(left) + s + ' '.repeat(marg - left);
}

/** Replace spaces with non-breaking spaces so a phrase stays on one line. */
export function avoidWrapping(s: string): string {
  return s.replace(/ /g, '\u00a0');
}
