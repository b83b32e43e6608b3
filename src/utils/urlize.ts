// Turn URLs and e-mail addresses in plain text into links, exactly as Django's urlize does
// (including its punctuation trimming). Layer 0.
import { escapeText } from './html.ts';
import { quote, unescapeHtml, unquote } from './text.ts';

const MAX_URL_LENGTH = 2048;
const TRAILING = '.,:;!';
const TRAILING_NO_SEMI = '.,:!';
const WRAPPING: [string, string][] = [
  ['(', ')'],
  ['[', ']'],
];
const SIMPLE_URL_RE = /^https?:\/\/\[?[\p{L}\p{N}_]/iu;
const SIMPLE_URL_2_RE = /^www\.|^(?!http)[\p{L}\p{N}_][^@]+\.(com|edu|gov|int|mil|net|org)($|\/.*)$/iu;
const WORD_SPLIT_RE = /([\s<>"']+)/;

function rstrip(s: string, chars: string): string {
  let end = s.length;
  while (end > 0 && chars.includes(s[end - 1]!)) end--;
  return s.slice(0, end);
}

function count(s: string, c: string): number {
  let n = 0;
  for (const ch of s) if (ch === c) n++;
  return n;
}

function trimPunctuation(word: string): [string, string, string] {
  let middle = word.replace(/^[([]+/, '');
  const lead = word.slice(0, word.length - middle.length);
  let trail = '';
  let trimmed = true;
  const counts = new Map<string, number>();
  const initial = middle;
  const cnt = (c: string): number => {
    if (!counts.has(c)) counts.set(c, count(initial, c));
    return counts.get(c)!;
  };
  while (trimmed && middle) {
    trimmed = false;
    for (const [opening, closing] of WRAPPING) {
      if (cnt(opening) < cnt(closing)) {
        const r = rstrip(middle, closing);
        if (r !== middle) {
          const strip = cnt(closing) - cnt(opening);
          trail = middle.slice(-strip);
          middle = middle.slice(0, -strip);
          trimmed = true;
          counts.set(closing, cnt(closing) - strip);
        }
      }
    }
    const amp = middle.lastIndexOf('&');
    const r = rstrip(middle, amp === -1 ? TRAILING_NO_SEMI : TRAILING);
    if (r !== middle) {
      trail = middle.slice(r.length) + trail;
      middle = r;
      trimmed = true;
    }
    if (middle.endsWith(';')) {
      const potential = amp === -1 ? middle.slice(-1) : middle.slice(amp);
      const escaped = unescapeHtml(potential);
      if (escaped === potential || escaped.endsWith(';')) {
        const rs = rstrip(middle, TRAILING);
        const trailStart = rs.length;
        const semis = middle.length - rstrip(middle, ';').length;
        if (amp > -1 && semis > 1) {
          const recent = middle.slice(trailStart).indexOf(';');
          const idx = recent + trailStart + 1;
          trail = middle.slice(idx) + trail;
          middle = rs + middle.slice(trailStart, idx);
        } else {
          trail = middle.slice(trailStart) + trail;
          middle = rs;
        }
        trimmed = true;
      }
    }
  }
  return [lead, middle, trail];
}

function isEmailSimple(value: string): boolean {
  if (!value.includes('@') || value.startsWith('@') || value.endsWith('@')) return false;
  const parts = value.split('@');
  if (parts.length !== 2) return false;
  const p2 = parts[1]!;
  if (p2.length > 63) return false;
  return p2.includes('.') && !p2.startsWith('.');
}

const URL_SAFE = "!$&'()*+,;=:/?#[]@~";

function unquoteQuote(segment: string): string {
  return quote(unquote(segment), URL_SAFE);
}

function pyUrlencodePair(s: string): string {
  return quote(s, '').replace(/%20/g, '+');
}

/** Quote a URL that may be partly quoted already (Django's smart_urlquote). */
export function smartUrlquote(url: string): string {
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/s.exec(url);
  if (!m) return unquoteQuote(url);
  const [, scheme, netloc, path, query, fragment] = m;
  let host = netloc ?? '';
  try {
    if (host && /[^\x00-\x7f]/.test(host)) host = new URL(`http://${host}`).host;
  } catch {
    return unquoteQuote(url);
  }
  let q = query;
  if (q) {
    q = q
      .split(/[&;]/)
      .filter((p) => p !== '')
      .map((p) => {
        const i = p.indexOf('=');
        const k = i === -1 ? p : p.slice(0, i);
        const v = i === -1 ? '' : p.slice(i + 1);
        return `${pyUrlencodePair(unquote(k.replace(/\+/g, ' ')))}=${pyUrlencodePair(unquote(v.replace(/\+/g, ' ')))}`;
      })
      .join('&');
  }
  let out = scheme ? `${scheme}:` : '';
  if (netloc !== undefined) out += `//${host}`;
  out += unquoteQuote(path ?? '');
  if (q) out += `?${q}`;
  if (fragment) out += `#${unquoteQuote(fragment)}`;
  return out;
}

function trimUrl(x: string, limit: number | null): string {
  if (limit === null || [...x].length <= limit) return x;
  return `${[...x].slice(0, Math.max(0, limit - 1)).join('')}…`;
}

function handleWord(word: string, safeInput: boolean, limit: number | null, nofollow: boolean, autoescape: boolean): string {
  if (word.includes('.') || word.includes('@') || word.includes(':')) {
    let [lead, middle, trail] = trimPunctuation(word);
    let url: string | null = null;
    let nofollowAttr = nofollow ? ' rel="nofollow"' : '';
    if (middle.length <= MAX_URL_LENGTH && SIMPLE_URL_RE.test(middle)) {
      url = smartUrlquote(unescapeHtml(middle));
    } else if (middle.length <= MAX_URL_LENGTH && SIMPLE_URL_2_RE.test(middle)) {
      url = smartUrlquote(`http://${unescapeHtml(middle)}`);
    } else if (!middle.includes(':') && isEmailSimple(middle)) {
      const at = middle.lastIndexOf('@');
      let domain = middle.slice(at + 1);
      try {
        if (/[^\x00-\x7f]/.test(domain)) domain = new URL(`http://${domain}`).hostname;
      } catch {
        return word;
      }
      url = `mailto:${quote(middle.slice(0, at), '')}@${quote(domain, '')}`;
      nofollowAttr = '';
    }
    if (url) {
      let trimmed = trimUrl(middle, limit);
      if (autoescape && !safeInput) {
        lead = escapeText(lead);
        trail = escapeText(trail);
        trimmed = escapeText(trimmed);
      }
      return `${lead}<a href="${escapeText(url)}"${nofollowAttr}>${trimmed}</a>${trail}`;
    }
  }
  if (safeInput) return word;
  if (autoescape) return escapeText(word);
  return word;
}

/**
 * Convert URLs and e-mail addresses in `text` to links.
 *
 * @example
 * urlize('see www.example.com.', { nofollow: true })
 * // 'see <a href="http://www.example.com" rel="nofollow">www.example.com</a>.'
 */
export function urlize(
  text: string,
  options: { trimUrlLimit?: number | null; nofollow?: boolean; autoescape?: boolean; safeInput?: boolean } = {},
): string {
  const cache = new Map<string, string>();
  return text
    .split(WORD_SPLIT_RE)
    .map((w) => {
      let r = cache.get(w);
      if (r === undefined) {
        r = handleWord(w, options.safeInput ?? false, options.trimUrlLimit ?? null, options.nofollow ?? false, options.autoescape ?? false);
        cache.set(w, r);
      }
      return r;
    })
    .join('');
}
