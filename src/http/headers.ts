// Case-insensitive header containers: HttpHeaders (a read-only view over node's request
// headers) and ResponseHeaders (a response's headers, keeping the case they were set with).
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Raised when a response header name or value would break the header block (CR, LF, NUL).
 *
 * @example
 * response.headers.set('X-A', 'a\r\nSet-Cookie: x') // throws BadHeaderError
 */
export class BadHeaderError extends Error {
  readonly code = 'bad_header';
  override name = 'BadHeaderError';
}

/**
 * A read-only, case-insensitive view of a request's headers.
 *
 * Differs from Django: there is no `META`; read headers here (`request.headers.get('x-api-key')`).
 * Repeated headers are joined with `, ` as node does (cookies with `; `).
 *
 * @example
 * request.headers.get('Content-Type') // 'application/json'
 */
export class HttpHeaders implements Iterable<[string, string]> {
  readonly #raw: IncomingHttpHeaders;

  constructor(raw: IncomingHttpHeaders) {
    this.#raw = raw;
  }

  /** Return the header's value, or `undefined`. */
  get(name: string): string | undefined {
    const v = this.#raw[name] ?? this.#raw[name.toLowerCase()];
    if (v === undefined) return undefined;
    return Array.isArray(v) ? v.join(', ') : v;
  }

  /** Whether the header is present. */
  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Lower-cased header names. */
  keys(): string[] {
    return Object.keys(this.#raw);
  }

  /** `[lowerCaseName, value]` pairs. */
  *entries(): IterableIterator<[string, string]> {
    for (const k of Object.keys(this.#raw)) yield [k, this.get(k)!];
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  /** A plain object of lower-cased names to values. */
  toJSON(): Record<string, string> {
    return Object.fromEntries(this.entries());
  }
}

const BAD_HEADER = /[\r\n\0]/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// eslint-disable-next-line no-control-regex
const NON_LATIN1 = /[^\x00-\xff]/;
// Any character a value cannot carry as it is (CR, LF, NUL, beyond Latin-1): one test in the
// common case, the two above only when it matches.
// eslint-disable-next-line no-control-regex
const NOT_PLAIN = /[\r\n\0\u0100-\uffff]/;

// Header names already checked, mapped to their lower-case key. Names come from code, so there
// are few; the bound keeps names taken from input from growing it.
const checkedNames = new Map<string, string>();
const CHECKED_NAMES_MAX = 500;

/** Return the lower-case key of `name`, throwing `BadHeaderError` when it is not a valid name. */
function checkedKey(name: string): string {
  let key = checkedNames.get(name);
  if (key !== undefined) return key;
  if (BAD_HEADER.test(name)) throw new BadHeaderError(`Header '${name}' contains a newline or NUL; refusing to set it`);
  if (!TOKEN.test(name)) {
    throw new BadHeaderError(`Invalid header name '${name}': use letters, digits and !#$%&'*+-.^_\`|~`);
  }
  key = name.toLowerCase();
  if (checkedNames.size < CHECKED_NAMES_MAX) checkedNames.set(name, key);
  return key;
}

/** The lower-case key of `name` (for lookups: no validation needed). */
function keyOf(name: string): string {
  return checkedNames.get(name) ?? name.toLowerCase();
}

/**
 * The live `[name, value, ...]` list behind a ResponseHeaders, handed to node's `writeHead`
 * without a copy. Internal to the HTTP layer: never mutate it.
 */
export let liveHeaderList: (headers: ResponseHeaders) => readonly string[];
/** Append a header known to be valid and absent (lower-case `key`). Internal. */
export let appendTrustedHeader: (headers: ResponseHeaders, key: string, name: string, value: string) => void;

/** A header checked once, for middleware that adds the same header to every response. */
export interface PreparedHeader {
  readonly key: string;
  readonly name: string;
  readonly value: string;
}

/**
 * Check a header name and value once (throwing `BadHeaderError` as `set` would) for use with
 * {@link setDefaultPrepared} on every response.
 *
 * @example
 * const nosniff = prepareHeader('X-Content-Type-Options', 'nosniff');
 */
export function prepareHeader(name: string, value: string | number): PreparedHeader {
  return Object.freeze({ key: checkedKey(name), name, value: checkedValue(name, value) });
}

/** `setDefault` with a prepared header; returns whether it was added. Internal. */
export let setDefaultPrepared: (headers: ResponseHeaders, prepared: PreparedHeader) => boolean;

/**
 * A response's headers: case-insensitive, each name once, kept in the case it was set with.
 * `Set-Cookie` is not stored here; cookies live in `response.cookies`.
 *
 * @example
 * const h = new ResponseHeaders({ 'Content-Type': 'text/plain' });
 * h.get('content-type') // 'text/plain'
 */
export class ResponseHeaders implements Iterable<[string, string]> {
  // A response carries a handful of headers, so they are kept in two flat arrays searched
  // linearly: lower-case keys, and the names (as set) and values alternating, the form node's
  // `writeHead` takes. Cheaper per response than a Map of pairs.
  readonly #keys: string[] = [];
  readonly #list: string[] = [];

  constructor(init?: Record<string, string | number> | Iterable<readonly [string, string | number]>) {
    if (!init) return;
    const pairs = Symbol.iterator in Object(init)
      ? (init as Iterable<readonly [string, string | number]>)
      : Object.entries(init as Record<string, string | number>);
    for (const [k, v] of pairs) this.set(k, v);
  }

  /**
   * Set a header, replacing any value it had (under any case). A value with characters beyond
   * Latin-1 is MIME-encoded (`=?utf-8?b?...?=`), as Django does, since HTTP cannot carry it raw.
   */
  set(name: string, value: string | number): void {
    const key = checkedKey(name);
    const v = checkedValue(name, value);
    const i = this.#keys.indexOf(key);
    if (i < 0) {
      this.#keys.push(key);
      this.#list.push(name, v);
    } else {
      this.#list[2 * i] = name;
      this.#list[2 * i + 1] = v;
    }
  }

  /** Set a header only when it is not set yet. */
  setDefault(name: string, value: string | number): void {
    const key = checkedKey(name);
    if (this.#keys.indexOf(key) >= 0) return;
    this.#keys.push(key);
    this.#list.push(name, checkedValue(name, value));
  }

  /** Return the header's value, or `undefined`. */
  get(name: string): string | undefined {
    const i = this.#keys.indexOf(keyOf(name));
    return i < 0 ? undefined : this.#list[2 * i + 1];
  }

  /** Whether the header is set. */
  has(name: string): boolean {
    return this.#keys.indexOf(keyOf(name)) >= 0;
  }

  /** Remove a header; return whether it was set. */
  delete(name: string): boolean {
    const i = this.#keys.indexOf(keyOf(name));
    if (i < 0) return false;
    this.#keys.splice(i, 1);
    this.#list.splice(2 * i, 2);
    return true;
  }

  /** The number of headers. */
  get size(): number {
    return this.#keys.length;
  }

  /** `[name, value]` pairs, names in the case they were set with. */
  *entries(): IterableIterator<[string, string]> {
    const list = this.#list;
    for (let i = 0; i < list.length; i += 2) yield [list[i]!, list[i + 1]!];
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  /**
   * Names (as set) and values alternating in one new array, the form node's `writeHead` takes.
   *
   * @example
   * res.writeHead(200, response.headers.flat())
   */
  flat(): string[] {
    return this.#list.slice();
  }

  /** A plain object of names (as set) to values. */
  toJSON(): Record<string, string> {
    return Object.fromEntries(this.entries());
  }

  static {
    liveHeaderList = (headers) => headers.#list;
    appendTrustedHeader = (headers, key, name, value) => {
      headers.#keys.push(key);
      headers.#list.push(name, value);
    };
    setDefaultPrepared = (headers, prepared) => {
      if (headers.#keys.indexOf(prepared.key) >= 0) return false;
      headers.#keys.push(prepared.key);
      headers.#list.push(prepared.name, prepared.value);
      return true;
    };
  }
}

/** Return `value` as a string fit for a header: MIME-encoded beyond Latin-1; CR, LF and NUL refused. */
function checkedValue(name: string, value: string | number): string {
  const v = typeof value === 'number' ? String(value) : value;
  if (!NOT_PLAIN.test(v)) return v;
  if (BAD_HEADER.test(v)) throw new BadHeaderError(`Header '${name}' contains a newline or NUL; refusing to set it`);
  return NON_LATIN1.test(v) ? `=?utf-8?b?${Buffer.from(v).toString('base64')}?=` : v;
}
