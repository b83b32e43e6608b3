// Cookie parsing (the request's Cookie header) and serialization (a response's Set-Cookie
// lines), with every attribute browsers honour.

/** The attributes of a cookie set by `response.setCookie()`. */
export interface CookieOptions {
  /** Lifetime in seconds (also sets `expires`). Cannot be combined with a `Date` `expires`. */
  maxAge?: number | null;
  /** Expiry as a Date (converted to `Max-Age`, as Django does) or a preformatted HTTP date. */
  expires?: Date | string | null;
  /** Default `'/'`. */
  path?: string;
  domain?: string | null;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: 'Lax' | 'Strict' | 'None' | 'lax' | 'strict' | 'none' | null;
  /** CHIPS: a cookie partitioned by top-level site (needs `secure`). */
  partitioned?: boolean;
}

/** A cookie waiting to be sent: its value and the attributes it was set with. */
export interface Morsel {
  readonly name: string;
  readonly value: string;
  readonly maxAge: number | null;
  readonly expires: string | null;
  readonly path: string;
  readonly domain: string | null;
  readonly secure: boolean;
  readonly httpOnly: boolean;
  readonly sameSite: 'Lax' | 'Strict' | 'None' | null;
  readonly partitioned: boolean;
}

const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const COOKIE_OCTETS = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/;

/**
 * Format a time (ms since the epoch) as an HTTP date.
 *
 * @example
 * httpDate(0) // 'Thu, 01 Jan 1970 00:00:00 GMT'
 */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/**
 * Parse a `Cookie` header into a null-prototype object; later duplicates win, as in Django.
 * Values that are percent-encoded (as {@link serializeCookie} writes them) are decoded.
 *
 * @example
 * parseCookie('a=1; b="two"') // { a: '1', b: 'two' }
 */
export function parseCookie(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  if (!header) return out;
  for (const chunk of header.split(';')) {
    const eq = chunk.indexOf('=');
    let key: string;
    let val: string;
    if (eq >= 0) {
      key = chunk.slice(0, eq).trim();
      val = chunk.slice(eq + 1).trim();
    } else {
      // Django treats a bare token as a value with an empty name.
      key = '';
      val = chunk.trim();
    }
    if (!key && !val) continue;
    if (val.length >= 2 && val.startsWith('"') && val.endsWith('"')) val = val.slice(1, -1);
    if (val.indexOf('%') >= 0) {
      try {
        val = decodeURIComponent(val);
      } catch {
        // a literal '%' the sender did not encode: keep the raw text
      }
    }
    out[key] = val;
  }
  return out;
}

/**
 * Build a {@link Morsel} from a name, value and options, validating them like Django's `set_cookie`.
 *
 * @example
 * makeMorsel('theme', 'dark', { maxAge: 3600, sameSite: 'Lax' })
 */
export function makeMorsel(name: string, value: string, options: CookieOptions = {}): Morsel {
  if (!COOKIE_NAME.test(name)) {
    throw new TypeError(`Invalid cookie name '${name}': use letters, digits and !#$%&'*+-.^_\`|~`);
  }
  let maxAge = options.maxAge ?? null;
  let expires: string | null = null;
  if (options.expires instanceof Date) {
    if (maxAge !== null) throw new TypeError("'expires' and 'maxAge' can't be used together");
    const delta = options.expires.getTime() - Date.now() + 1000;
    maxAge = Math.max(0, Math.floor(delta / 1000));
  } else if (typeof options.expires === 'string') {
    expires = options.expires;
  }
  if (maxAge !== null) {
    maxAge = Math.trunc(maxAge);
    if (expires === null) expires = httpDate(Date.now() + maxAge * 1000);
  }
  let sameSite: Morsel['sameSite'] = null;
  if (options.sameSite) {
    const s = options.sameSite.toLowerCase();
    if (s === 'lax') sameSite = 'Lax';
    else if (s === 'strict') sameSite = 'Strict';
    else if (s === 'none') sameSite = 'None';
    else throw new TypeError(`sameSite must be 'Lax', 'None' or 'Strict', not '${options.sameSite}'`);
  }
  for (const [attr, v] of [['path', options.path], ['domain', options.domain], ['expires', expires]] as const) {
    if (v && /[;\r\n\0]|[^\x20-\x7e]/.test(v)) {
      throw new TypeError(`Invalid cookie ${attr} '${v}' for '${name}': it may not contain ';', control or non-ASCII characters`);
    }
  }
  return {
    name,
    value,
    maxAge,
    expires,
    path: options.path ?? '/',
    domain: options.domain ?? null,
    secure: options.secure ?? false,
    httpOnly: options.httpOnly ?? false,
    sameSite,
    partitioned: options.partitioned ?? false,
  };
}

/**
 * Return the `Set-Cookie` header value of a morsel. Values outside RFC 6265's cookie-octets
 * are percent-encoded.
 *
 * @example
 * serializeCookie(makeMorsel('a', 'b c', { httpOnly: true })) // 'a=b%20c; HttpOnly; Path=/'
 */
export function serializeCookie(m: Morsel): string {
  const value = COOKIE_OCTETS.test(m.value) ? m.value : encodeURIComponent(m.value);
  let s = `${m.name}=${value}`;
  if (m.domain) s += `; Domain=${m.domain}`;
  if (m.expires) s += `; expires=${m.expires}`;
  if (m.httpOnly) s += '; HttpOnly';
  if (m.maxAge !== null) s += `; Max-Age=${m.maxAge}`;
  if (m.path) s += `; Path=${m.path}`;
  if (m.sameSite) s += `; SameSite=${m.sameSite}`;
  if (m.secure) s += '; Secure';
  if (m.partitioned) s += '; Partitioned';
  return s;
}
