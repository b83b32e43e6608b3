// QueryDict: the multi-value dictionary of a query string or urlencoded form body
// (request.GET, request.POST). Immutable as parsed; `copy()` gives a mutable one.
import { BadRequest, TooManyFieldsSent } from '../core/exceptions.ts';
import { MultiValueDict } from './multi-value-dict.ts';

/** Options of {@link QueryDict.parse}. */
export interface QueryDictParseOptions {
  /** Return a mutable QueryDict (default false). */
  mutable?: boolean;
  /** Raise {@link TooManyFieldsSent} past this many fields (default: no limit). */
  maxNumFields?: number | null;
}

/**
 * Decode one `application/x-www-form-urlencoded` component: `+` is a space, `%XX` a UTF-8 byte.
 * Throw {@link BadRequest} on malformed escapes.
 *
 * @example
 * decodeFormComponent('a+b%C3%A9') // 'a bé'
 */
export function decodeFormComponent(s: string): string {
  if (s.indexOf('+') >= 0) s = s.replace(/\+/g, ' ');
  if (s.indexOf('%') < 0) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    throw new BadRequest(
      `Malformed percent-encoding in query or form data: '${s.length > 80 ? s.slice(0, 80) + '...' : s}'`,
    );
  }
}

/**
 * Percent-encode a form component (spaces become `+`), leaving the characters in `safe` as they are.
 *
 * @example
 * encodeFormComponent('a b/c', '/') // 'a+b/c'
 */
export function encodeFormComponent(s: string, safe = ''): string {
  let out = encodeURIComponent(s).replace(/%20/g, '+').replace(/[!'()*]/g, (c) =>
    '%' + c.charCodeAt(0).toString(16).toUpperCase(),
  );
  if (safe) {
    for (const ch of safe) {
      const enc = encodeURIComponent(ch);
      if (enc !== ch) out = out.split(enc).join(ch);
    }
  }
  return out;
}

/**
 * A {@link MultiValueDict} of strings parsed from a query string, immutable unless made mutable.
 *
 * Differs from Django: a malformed `%` escape is a {@link BadRequest} (400), not silently kept.
 *
 * @example
 * const q = QueryDict.parse('a=1&a=2&b=');
 * q.get('a')        // '2'
 * q.getlist('a')    // ['1', '2']
 * q.urlencode()     // 'a=1&a=2&b='
 * const m = q.copy(); m.set('c', '3');
 */
export class QueryDict extends MultiValueDict<string> {
  #mutable = false;

  /** An empty QueryDict (immutable unless `mutable`). */
  constructor(pairs?: Iterable<readonly [string, string]>, options: { mutable?: boolean } = {}) {
    super(pairs);
    this.#mutable = options.mutable ?? false;
  }

  /** Parse a query string (without the leading `?`). */
  static parse(query: string, options: QueryDictParseOptions = {}): QueryDict {
    const q = new QueryDict(undefined, { mutable: true });
    if (query) {
      const max = options.maxNumFields ?? null;
      if (max !== null) {
        let count = 1;
        for (let i = query.indexOf('&'); i >= 0; i = query.indexOf('&', i + 1)) count++;
        if (count > max) {
          throw new TooManyFieldsSent(
            `The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS (${max})`,
          );
        }
      }
      let start = 0;
      while (start <= query.length) {
        let end = query.indexOf('&', start);
        if (end < 0) end = query.length;
        if (end > start) {
          const eq = query.indexOf('=', start);
          let key: string;
          let value: string;
          if (eq >= 0 && eq < end) {
            key = decodeFormComponent(query.slice(start, eq));
            value = decodeFormComponent(query.slice(eq + 1, end));
          } else {
            key = decodeFormComponent(query.slice(start, end));
            value = '';
          }
          q.appendlist(key, value);
        }
        start = end + 1;
      }
    }
    q.#mutable = options.mutable ?? false;
    return q;
  }

  /** Build a QueryDict from `key` to each of `values` (Django's `fromkeys`). */
  static fromKeys(keys: Iterable<string>, value = '', options: { mutable?: boolean } = {}): QueryDict {
    const q = new QueryDict(undefined, { mutable: true });
    for (const k of keys) q.appendlist(k, value);
    q.#mutable = options.mutable ?? false;
    return q;
  }

  /** Whether this QueryDict may change. */
  get mutable(): boolean {
    return this.#mutable;
  }

  protected override assertMutable(): void {
    if (!this.#mutable) {
      throw new TypeError('This QueryDict instance is immutable; call .copy() to get a mutable one');
    }
  }

  /** Return a mutable deep copy. */
  copy(): QueryDict {
    return new QueryDict(this.entries(), { mutable: true });
  }

  /**
   * Return the query string, with repeated keys repeated; characters in `safe` are not encoded.
   *
   * @example
   * QueryDict.parse('next=/a/b').urlencode('/') // 'next=/a/b'
   */
  urlencode(safe = ''): string {
    const parts: string[] = [];
    for (const [k, v] of this.entries()) {
      parts.push(`${encodeFormComponent(k, safe)}=${encodeFormComponent(v, safe)}`);
    }
    return parts.join('&');
  }

  override toString(): string {
    return this.urlencode();
  }
}

/** The shared empty immutable QueryDict (for requests without a query string or form body). */
export const EMPTY_QUERY_DICT: QueryDict = new QueryDict();
