// Stage 1 of the template pipeline: split template source into text, variable, block and
// comment tokens exactly as Django's lexer does (tags never span lines; `{% verbatim %}` turns
// everything up to its end tag into text). The parser consumes these tokens.

/** The four kinds of token. */
export type TokenType = 'text' | 'var' | 'block' | 'comment';

/** One token of template source, with its place for error messages. */
export interface Token {
  type: TokenType;
  /** For tags, the stripped text between the delimiters; for text, the raw text. */
  contents: string;
  /** 1-based line where the token starts. */
  lineno: number;
  /** Offsets of the whole token (delimiters included) in the source. */
  start: number;
  end: number;
}

const TAG_RE = /\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}/g;

/**
 * Split `source` into tokens.
 *
 * @example
 * tokenize('Hi {{ name }}!').map((t) => t.type) // ['text', 'var', 'text']
 */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let verbatim: string | false = false;
  let lineno = 1;
  let last = 0;
  const pushText = (start: number, end: number): void => {
    if (end <= start) return;
    const text = source.slice(start, end);
    tokens.push({ type: 'text', contents: text, lineno, start, end });
    lineno += countNewlines(text);
  };
  TAG_RE.lastIndex = 0;
  for (let m = TAG_RE.exec(source); m !== null; m = TAG_RE.exec(source)) {
    const start = m.index;
    const raw = m[0];
    const end = start + raw.length;
    pushText(last, start);
    last = end;
    const open = raw.slice(0, 2);
    const content = raw.slice(2, -2).trim();
    if (open === '{%') {
      if (verbatim) {
        if (content !== verbatim) {
          tokens.push({ type: 'text', contents: raw, lineno, start, end });
          continue;
        }
        verbatim = false;
      } else if (content === 'verbatim' || content.startsWith('verbatim ')) {
        verbatim = `end${content}`;
      }
      tokens.push({ type: 'block', contents: content, lineno, start, end });
    } else if (verbatim) {
      tokens.push({ type: 'text', contents: raw, lineno, start, end });
    } else {
      tokens.push({ type: open === '{{' ? 'var' : 'comment', contents: content, lineno, start, end });
    }
  }
  pushText(last, source.length);
  return tokens;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

const SMART_SPLIT_RE = /(?:[^\s'"]*(?:(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')[^\s'"]*)+)|\S+/g;

/**
 * Split tag contents on whitespace, keeping quoted strings (and `_("...")`) whole, as Django's
 * `Token.split_contents()` does.
 *
 * @example
 * splitContents('include "a b.html" with x=1') // ['include', '"a b.html"', 'with', 'x=1']
 */
export function splitContents(contents: string): string[] {
  const bits = contents.match(SMART_SPLIT_RE) ?? [];
  const out: string[] = [];
  for (let i = 0; i < bits.length; i++) {
    let bit = bits[i]!;
    if (bit.startsWith('_("') || bit.startsWith("_('")) {
      const sentinel = bit[2] + ')';
      const parts = [bit];
      while (!bit.endsWith(sentinel) && i + 1 < bits.length) {
        bit = bits[++i]!;
        parts.push(bit);
      }
      bit = parts.join(' ');
    }
    out.push(bit);
  }
  return out;
}
