// HttpResponseBase and HttpResponse: status, case-insensitive headers, cookies and content.
// Redirects and error-status responses live in response-subclasses.ts; streaming and file
// responses in their own files. `writeToNode` sends any of them.
import { STATUS_CODES } from 'node:http';
import { httpSetting } from './http-settings.ts';
import { getCookieSigner } from '../core/signing.ts';
import { SafeString } from '../utils/safestring.ts';
import { makeMorsel, type CookieOptions, type Morsel } from './cookie.ts';
import { prepareHeader, ResponseHeaders, setDefaultPrepared, type PreparedHeader } from './headers.ts';

/** What a response constructor accepts besides its content. */
export interface ResponseInit {
  /** Status code (default 200). */
  status?: number;
  /** A custom reason phrase (default: the standard one for the status). */
  reason?: string;
  /** `Content-Type` (default `text/html; charset=<DEFAULT_CHARSET>`). */
  contentType?: string;
  /** Charset used to encode string content (default from the content type, else `DEFAULT_CHARSET`). */
  charset?: string;
  /** Extra headers. */
  headers?: Record<string, string | number> | Iterable<readonly [string, string | number]>;
}

/** The content a {@link HttpResponse} accepts. */
export type ResponseContent =
  | string
  | SafeString
  | Buffer
  | Uint8Array
  | number
  | null
  | undefined
  | Iterable<string | Buffer | Uint8Array>;

/**
 * The body of an HttpResponse as the string it was set from, or null when it is held as bytes.
 * The server sends that string (encoded with {@link bodyEncodingOf}) without building a Buffer.
 * Internal to the HTTP layer.
 */
/** The cookies a response sets, or null when it sets none (without making the Map). Internal. */
export let cookiesSetOn: (response: HttpResponseBase) => Map<string, Morsel> | null;
export let bodyTextOf: (response: HttpResponse) => string | null;
/** The encoding the string from {@link bodyTextOf} is sent with. Internal. */
export let bodyEncodingOf: (response: HttpResponse) => BufferEncoding;
const EMPTY_CHUNKS: Buffer[] = [];

const CHARSET_RE = /;\s*charset=["']?([^"';\s]+)/i;

// The charset named by each Content-Type seen (null: none named). Responses repeat a handful
// of content types, so each is parsed once; the bound keeps odd ones from growing it.
const namedCharsets = new Map<string, string | null>();
const NAMED_CHARSETS_MAX = 200;

// Content-Type headers checked once per distinct value: responses repeat a handful of types.
const contentTypeHeaders = new Map<string, PreparedHeader>();

/** A response's Content-Type, checked (BadHeaderError as `headers.set` would) on first use. */
function contentTypeHeader(value: string): PreparedHeader {
  let header = contentTypeHeaders.get(value);
  if (header === undefined) {
    header = prepareHeader('Content-Type', value);
    if (contentTypeHeaders.size < NAMED_CHARSETS_MAX) contentTypeHeaders.set(value, header);
  }
  return header;
}

/** Return the charset a Content-Type value names, or null. */
function charsetNamedBy(contentType: string): string | null {
  let charset = namedCharsets.get(contentType);
  if (charset === undefined) {
    charset = CHARSET_RE.exec(contentType)?.[1] ?? null;
    if (namedCharsets.size < NAMED_CHARSETS_MAX) namedCharsets.set(contentType, charset);
  }
  return charset;
}

/**
 * Shared base of every response: status, reason, headers and cookies.
 *
 * @example
 * response.status = 201; response.headers.set('Location', '/polls/3/');
 */
export abstract class HttpResponseBase {
  /** The status code. */
  status: number;
  /** Response headers (Set-Cookie excluded: see {@link cookies}). */
  readonly headers: ResponseHeaders;
  #cookies: Map<string, Morsel> | null = null;
  /** Whether the content is an (async) iterable written chunk by chunk. */
  abstract readonly streaming: boolean;
  readonly #reason: string | undefined;
  #charset: string | undefined;

  constructor(init: ResponseInit = {}) {
    this.status = init.status ?? 200;
    if (!Number.isInteger(this.status) || this.status < 100 || this.status > 599) {
      throw new RangeError(`HTTP status code must be an integer from 100 to 599, not ${init.status}`);
    }
    this.#reason = init.reason;
    this.#charset = init.charset;
    this.headers = new ResponseHeaders(init.headers);
    if (init.contentType !== undefined) {
      if (init.headers && this.headers.has('Content-Type')) {
        throw new TypeError("'headers' must not contain 'Content-Type' when the 'contentType' option is given");
      }
      setDefaultPrepared(this.headers, contentTypeHeader(init.contentType));
    }
    else if (!this.headers.has('Content-Type')) {
      setDefaultPrepared(this.headers, contentTypeHeader(`text/html; charset=${this.charset}`));
    }
  }

  /** Cookies to send, by name. */
  get cookies(): Map<string, Morsel> {
    return (this.#cookies ??= new Map());
  }

  static {
    cookiesSetOn = (response) => (response.#cookies !== null && response.#cookies.size > 0 ? response.#cookies : null);
  }

  /** The reason phrase (`'Not Found'`). */
  get reasonPhrase(): string {
    return this.#reason ?? STATUS_CODES[this.status] ?? 'Unknown Status Code';
  }

  /** The charset string content is encoded with. */
  get charset(): string {
    if (this.#charset) return this.#charset;
    const ct = this.headers?.get('Content-Type');
    return (ct ? charsetNamedBy(ct) : null) ?? String(httpSetting('DEFAULT_CHARSET') ?? 'utf-8');
  }

  set charset(value: string) {
    this.#charset = value;
  }

  /**
   * Set a cookie with any of its attributes.
   *
   * @example
   * response.setCookie('theme', 'dark', { maxAge: 86400 * 365, sameSite: 'Lax', httpOnly: true })
   */
  setCookie(name: string, value = '', options: CookieOptions = {}): void {
    this.cookies.set(name, makeMorsel(name, value, options));
  }

  /**
   * Set a cookie whose value is signed with `SECRET_KEY` (read it with `request.getSignedCookie`).
   *
   * @example
   * response.setSignedCookie('cart', '3,7', { salt: 'shop', httpOnly: true })
   */
  setSignedCookie(name: string, value: string, options: CookieOptions & { salt?: string } = {}): void {
    const { salt, ...rest } = options;
    const signed = getCookieSigner({ salt: name + (salt ?? '') }).sign(value);
    this.setCookie(name, signed, rest);
  }

  /**
   * Tell the browser to drop a cookie (empty value, expired). `__Secure-`/`__Host-` cookies and
   * `SameSite=None` are sent `Secure`, as browsers require.
   *
   * @example
   * response.deleteCookie('theme')
   */
  deleteCookie(
    name: string,
    options: { path?: string; domain?: string | null; sameSite?: CookieOptions['sameSite'] } = {},
  ): void {
    const secure =
      name.startsWith('__Secure-') ||
      name.startsWith('__Host-') ||
      (options.sameSite ?? '').toLowerCase() === 'none';
    this.setCookie(name, '', {
      maxAge: 0,
      path: options.path ?? '/',
      domain: options.domain ?? null,
      secure,
      expires: 'Thu, 01 Jan 1970 00:00:00 GMT',
      sameSite: options.sameSite ?? null,
    });
  }
}

/**
 * A response with its whole content in memory.
 *
 * @example
 * new HttpResponse('<h1>Hello</h1>')
 * new HttpResponse('created', { status: 201, contentType: 'text/plain' })
 */
export class HttpResponse extends HttpResponseBase {
  readonly streaming = false;
  #chunks: Buffer[];
  // Content set from a string is kept as that string (with the encoding chosen then) until the
  // bytes are asked for: the server sends it as it is, which spares a Buffer per response.
  #text: string | null = null;
  #textEncoding: BufferEncoding = 'utf8';

  constructor(content?: ResponseContent, init: ResponseInit = {}) {
    super(init);
    this.#chunks = [];
    this.content = content;
  }

  /** The body as one Buffer. */
  get content(): Buffer {
    if (this.#text !== null) this.#encodeText();
    if (this.#chunks.length !== 1) this.#chunks = [Buffer.concat(this.#chunks)];
    return this.#chunks[0]!;
  }

  /** Replace the body; strings are encoded with {@link charset}, iterables are joined. */
  set content(value: ResponseContent) {
    this.#text = null;
    if (typeof value === 'string') this.#setText(value);
    else if (value === null || value === undefined) this.#chunks = [];
    else if (value instanceof SafeString || typeof value === 'number') this.#setText(String(value));
    else if (Buffer.isBuffer(value)) this.#chunks = [value];
    else if (value instanceof Uint8Array) this.#chunks = [Buffer.from(value.buffer, value.byteOffset, value.byteLength)];
    else {
      this.#chunks = [];
      for (const piece of value) this.write(piece);
    }
  }

  /** The body decoded with {@link charset}. */
  get text(): string {
    return this.content.toString(nodeEncoding(this.charset));
  }

  /** Append to the body (Django's file-like `response.write`). */
  write(piece: string | Buffer | Uint8Array): void {
    if (this.#text !== null) this.#encodeText();
    if (typeof piece === 'string') this.#chunks.push(this.#encode(piece));
    else this.#chunks.push(Buffer.isBuffer(piece) ? piece : Buffer.from(piece));
  }

  static {
    bodyTextOf = (response) => response.#text;
    bodyEncodingOf = (response) => response.#textEncoding;
  }

  #setText(s: string): void {
    this.#chunks = EMPTY_CHUNKS;
    this.#text = s;
    this.#textEncoding = nodeEncoding(this.charset);
  }

  #encodeText(): void {
    this.#chunks = [Buffer.from(this.#text!, this.#textEncoding)];
    this.#text = null;
  }

  #encode(s: string): Buffer {
    return Buffer.from(s, nodeEncoding(this.charset));
  }

  override toString(): string {
    return `<${this.constructor.name} status_code=${this.status}, "${this.headers.get('Content-Type') ?? ''}">`;
  }
}

/** Map a charset name to node's Buffer encoding (UTF-8 for anything node does not know). */
export function nodeEncoding(charset: string): BufferEncoding {
  if (charset === 'utf-8') return 'utf8';
  const c = charset.toLowerCase();
  if (c === 'utf-8' || c === 'utf8') return 'utf8';
  if (c === 'iso-8859-1' || c === 'latin1' || c === 'latin-1') return 'latin1';
  if (c === 'ascii' || c === 'us-ascii') return 'ascii';
  if (c === 'utf-16le' || c === 'utf16le') return 'utf16le';
  return 'utf8';
}
