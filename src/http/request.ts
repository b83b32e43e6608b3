// HttpRequest: what a view receives. Built cheaply from node's IncomingMessage by the server
// (`HttpRequest.fromNode`); the query string, cookies and headers are parsed on first use and
// the body is read on demand (`await request.body()`, `.post()`, `.files()`, `.json()`).
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { DisallowedHost } from '../core/exceptions.ts';
import { BadSignature, getCookieSigner } from '../core/signing.ts';
import { parseCookie } from './cookie.ts';
import { HttpHeaders } from './headers.ts';
import { hostDomain, validateHost } from './host.ts';
import { httpSetting } from './http-settings.ts';
import { MultiValueDict } from './multi-value-dict.ts';
import { parseContentType } from './multipart.ts';
import { EMPTY_QUERY_DICT, QueryDict } from './query-dict.ts';
import { RequestBody, resolveLimit, type RequestLimits } from './request-body.ts';
import { decodePath } from './request-path.ts';
import type { UploadedFile } from './uploaded-file.ts';

export type { RequestLimits } from './request-body.ts';

/** Options of {@link HttpRequest.fromNode}. */
export interface FromNodeOptions extends RequestLimits {
  /** The scheme when no proxy header says otherwise (default: `https` on a TLS socket, else `http`). */
  scheme?: 'http' | 'https';
}

/** The parts of a URL match a request carries (filled by the handler from `urls.resolve`). */
export interface RequestResolverMatch {
  readonly urlName: string | null;
  readonly route: string;
  readonly args: readonly unknown[];
  readonly kwargs: Readonly<Record<string, unknown>>;
  readonly appNames: readonly string[];
  readonly namespaces: readonly string[];
  readonly viewName: string;
}


// Marks the construction fromNode finishes itself.
const FROM_NODE = {};

/**
 * An incoming HTTP request.
 *
 * The body is read lazily and only once: `await request.body()` (raw bytes, capped by
 * `DATA_UPLOAD_MAX_MEMORY_SIZE`), `await request.post()` / `await request.files()` (urlencoded
 * or multipart forms), `await request.json()` (JSON, a first-class path), `await request.data()`
 * (JSON or form, by content type). After any of them, or after `await request.loadBody()`, the
 * sync `request.POST` and `request.FILES` are available too.
 *
 * Differs from Django: no `META`; headers are `request.headers.get(...)`. The body readers are
 * async; reading `request.POST` before the body is loaded throws with a message saying so.
 *
 * @example
 * const request = HttpRequest.fromNode(req);
 * request.method            // 'POST'
 * request.GET.get('page')   // '2'
 * const form = await request.post();
 * form.get('title')
 */
export class HttpRequest {
  /** Upper-case method (`GET`, `POST`, ...). */
  method!: string;
  /** The decoded path, script prefix included (`/blog/café/`). */
  path!: string;
  /** The decoded path below the script prefix (what URL patterns match). */
  pathInfo!: string;
  /** The script prefix (`FORCE_SCRIPT_NAME` or `''`). */
  scriptName!: string;
  /** The undecoded query string (no `?`). */
  readonly queryString!: string;
  /** The node request (escape hatch; prefer the methods here). */
  readonly raw!: IncomingMessage | null;
  /** The URL match, set by the handler before the view runs. */
  resolverMatch: RequestResolverMatch | null = null;
  /** A urlconf that replaces ROOT_URLCONF for this request (set by middleware, as in Django). */
  urlconf?: unknown;
  /** The current user, set by the authentication middleware. */
  user?: unknown;
  /** The session, set by the session middleware. */
  session?: unknown;

  #rawHeaders!: IncomingMessage['headers'];
  #encrypted!: boolean;
  #limits!: RequestLimits;
  #headers: HttpHeaders | null = null;
  #GET: QueryDict | null = null;
  #COOKIES: Record<string, string> | null = null;
  #initialBody: Buffer | null = null;
  #body: RequestBody | null = null;
  #POST: QueryDict | null = null;
  #state: Record<string, unknown> | null = null;

  /**
   * Build a request by hand (tests, the test client). Servers use {@link HttpRequest.fromNode}.
   *
   * @example
   * new HttpRequest({ method: 'GET', url: '/polls/?page=2', headers: { host: 'example.com' } })
   */
  constructor(init: {
    method?: string;
    url?: string;
    headers?: IncomingMessage['headers'];
    body?: Buffer | string;
    raw?: IncomingMessage | null;
    secure?: boolean;
    limits?: RequestLimits;
  } = {}) {
    if (init === FROM_NODE) return;
    this.#setUp(
      (init.method ?? 'GET').toUpperCase(), init.url ?? '/', init.headers ?? {}, init.raw ?? null,
      init.secure ?? false, init.limits ?? {},
    );
    if (init.body !== undefined) {
      this.#initialBody = typeof init.body === 'string' ? Buffer.from(init.body) : init.body;
    }
  }

  // One place that fills the fields, in one order, for both ways of building a request.
  #setUp(method: string, url: string, headers: IncomingMessage['headers'], raw: IncomingMessage | null, secure: boolean, limits: RequestLimits): void {
    this.method = method;
    // Absolute-form targets (`GET http://host/path`, sent to proxies) keep only the path.
    if (url.charCodeAt(0) !== 47 && /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(url)) {
      const slash = url.indexOf('/', url.indexOf('//') + 2);
      url = slash < 0 ? '/' : url.slice(slash);
    }
    const q = url.indexOf('?');
    const rawPath = q >= 0 ? url.slice(0, q) : url;
    (this as { queryString: string }).queryString = q >= 0 ? url.slice(q + 1) : '';
    this.pathInfo = decodePath(rawPath || '/');
    const force = httpSetting('FORCE_SCRIPT_NAME') as string | null | undefined;
    this.scriptName = force ? force.replace(/\/$/, '') : '';
    this.path = this.scriptName ? this.scriptName + this.pathInfo : this.pathInfo;
    this.#rawHeaders = headers;
    (this as { raw: IncomingMessage | null }).raw = raw;
    this.#encrypted = secure;
    this.#limits = limits;
  }

  /**
   * Wrap node's request. Cheap: nothing is parsed until used, and the body is not read.
   *
   * @example
   * http.createServer(async (req, res) => {
   *   const request = HttpRequest.fromNode(req);
   *   writeToNode(await handler(request), res, request);
   * });
   */
  static fromNode(req: IncomingMessage, options: FromNodeOptions = {}): HttpRequest {
    const secure =
      options.scheme !== undefined
        ? options.scheme === 'https'
        : (req.socket as { encrypted?: boolean } | null)?.encrypted === true;
    const request = new HttpRequest(FROM_NODE);
    request.#setUp(req.method ?? 'GET', req.url ?? '/', req.headers, req, secure, options);
    return request;
  }

  /** Set by middleware that must skip CSRF checks for this request, and similar per-request flags. */
  get state(): Record<string, unknown> {
    return (this.#state ??= {});
  }

  /** The request headers, case-insensitive. */
  get headers(): HttpHeaders {
    return (this.#headers ??= new HttpHeaders(this.#rawHeaders));
  }

  /** The query string as an immutable {@link QueryDict}. */
  get GET(): QueryDict {
    if (this.#GET === null) {
      this.#GET = this.queryString
        ? QueryDict.parse(this.queryString, { maxNumFields: resolveLimit(this.#limits, 'maxNumFields') })
        : EMPTY_QUERY_DICT;
    }
    return this.#GET;
  }

  set GET(value: QueryDict) {
    this.#GET = value;
  }

  /** The cookies sent, as a null-prototype object. */
  get COOKIES(): Record<string, string> {
    return (this.#COOKIES ??= parseCookie(this.#rawHeaders.cookie));
  }

  /** The media type of the body, lower-cased, without parameters (`''` when absent). */
  get contentType(): string {
    return parseContentType(this.#rawHeaders['content-type']).type;
  }

  /** The parameters of the `Content-Type` header (e.g. `{ charset: 'utf-8' }`). */
  get contentParams(): Record<string, string> {
    return parseContentType(this.#rawHeaders['content-type']).params;
  }

  /** The charset of the body: the content type's charset, else `DEFAULT_CHARSET`. */
  get encoding(): string {
    return parseContentType(this.#rawHeaders['content-type']).charset ?? String(httpSetting('DEFAULT_CHARSET') ?? 'utf-8');
  }

  /** The body reader, created on first use (a GET that never reads its body skips it). */
  #reader(): RequestBody {
    return (this.#body ??= new RequestBody(this.raw, this.#rawHeaders, this.#limits, this.#initialBody));
  }

  /**
   * Return the raw body as a Buffer (read once, then cached).
   * Throws `RequestDataTooBig` past `DATA_UPLOAD_MAX_MEMORY_SIZE`.
   *
   * @example
   * const bytes = await request.body();
   */
  body(): Promise<Buffer> {
    return this.#reader().body();
  }

  /**
   * Return the body as a readable stream, for views that process uploads themselves. No limit
   * applies; afterwards the other body readers cannot be used.
   *
   * @example
   * await pipeline(request.stream(), createWriteStream(dest));
   */
  stream(): Readable {
    return this.#reader().stream();
  }

  /**
   * Return the form fields of a urlencoded or multipart body (empty for other content types,
   * JSON included, as in Django).
   *
   * @example
   * (await request.post()).get('choice')
   */
  post(): Promise<QueryDict> {
    return this.#reader().post();
  }

  /**
   * Return the uploaded files of a multipart body, by field name.
   *
   * @example
   * const upload = (await request.files()).get('document');
   */
  files(): Promise<MultiValueDict<UploadedFile>> {
    return this.#reader().files();
  }

  /**
   * Return the body parsed as JSON. Throws `BadRequest` (400) for an empty or malformed body.
   *
   * Differs from Django: Django has no JSON reader; this is the first-class JSON path.
   *
   * @example
   * const { title } = await request.json<{ title: string }>();
   */
  json<T = unknown>(): Promise<T> {
    return this.#reader().json<T>();
  }

  /**
   * Whether the client accepts `mediaType` according to its `Accept` header (a missing header
   * accepts everything; `q=0` ranges refuse).
   *
   * @example
   * request.accepts('application/json') // true for 'Accept: application/json, text/html;q=0.9'
   */
  accepts(mediaType: string): boolean {
    const header = this.#rawHeaders.accept;
    if (!header) return true;
    const [type, sub] = mediaType.toLowerCase().split('/');
    for (const range of header.split(',')) {
      const [media, ...params] = range.trim().toLowerCase().split(';');
      if (params.some((p) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(p))) continue;
      const [rt, rs] = (media ?? '').trim().split('/');
      if ((rt === '*' || rt === type) && (rs === '*' || rs === sub)) return true;
    }
    return false;
  }

  /** Whether the body is JSON (`application/json` or `application/*+json`). */
  isJson(): boolean {
    const t = this.contentType;
    return t === 'application/json' || (t.startsWith('application/') && t.endsWith('+json'));
  }

  /**
   * Return the body's data by content type: parsed JSON for JSON bodies, else the form fields
   * as a plain object of last values.
   *
   * @example
   * const data = await request.data(); // works for JSON and for HTML forms
   */
  async data(): Promise<unknown> {
    if (this.isJson()) return this.json();
    return (await this.post()).dict();
  }

  /**
   * Read and parse the body now so the sync `POST`, `FILES` and `bodyBytes` can be used.
   *
   * @example
   * await request.loadBody(); request.POST.get('q');
   */
  loadBody(): Promise<void> {
    return this.#reader().load();
  }

  /** The form fields, once the body is loaded (see {@link loadBody}). */
  get POST(): QueryDict {
    if (this.#POST !== null) return this.#POST;
    const loaded = this.#body?.postIfLoaded;
    if (loaded) return loaded;
    if (this.method === 'GET' || this.method === 'HEAD') return EMPTY_QUERY_DICT;
    throw new Error('request.POST was read before the body was loaded; use `await request.post()` or `await request.loadBody()` first');
  }

  set POST(value: QueryDict) {
    this.#POST = value;
  }

  /** The uploaded files, once the body is loaded (see {@link loadBody}). */
  get FILES(): MultiValueDict<UploadedFile> {
    const loaded = this.#body?.filesIfLoaded;
    if (loaded) return loaded;
    if (this.method === 'GET' || this.method === 'HEAD') return new MultiValueDict();
    throw new Error('request.FILES was read before the body was loaded; use `await request.files()` or `await request.loadBody()` first');
  }

  /** The raw body once read (see {@link body}); `null` before. */
  get bodyBytes(): Buffer | null {
    return this.#body?.bytes ?? this.#initialBody;
  }

  /** The scheme: `https` or `http`, honouring `SECURE_PROXY_SSL_HEADER`. */
  get scheme(): 'http' | 'https' {
    const proxy = httpSetting('SECURE_PROXY_SSL_HEADER') as readonly [string, string] | null | undefined;
    if (proxy) {
      const [header, secureValue] = proxy;
      const value = this.headers.get(metaToHeader(header));
      if (value !== undefined) {
        const first = value.split(',', 1)[0]!.trim();
        return first === secureValue ? 'https' : 'http';
      }
    }
    return this.#encrypted ? 'https' : 'http';
  }

  /** Whether the request came over HTTPS (directly or via a trusted proxy header). */
  isSecure(): boolean {
    return this.scheme === 'https';
  }

  #rawHost(): string {
    if (httpSetting('USE_X_FORWARDED_HOST')) {
      const fwd = this.headers.get('x-forwarded-host');
      if (fwd) return fwd;
    }
    const host = this.#rawHeaders.host;
    if (host) return host;
    const addr = this.raw?.socket?.localAddress;
    const port = this.raw?.socket?.localPort;
    const name = addr ? (addr.includes(':') ? `[${addr}]` : addr) : 'localhost';
    const defaultPort = this.isSecure() ? 443 : 80;
    return port && port !== defaultPort ? `${name}:${port}` : name;
  }

  /**
   * Return the host (with port if any) after checking it against `ALLOWED_HOSTS`; throw
   * `DisallowedHost` (400) when it is not allowed. With `DEBUG` and an empty `ALLOWED_HOSTS`,
   * `localhost`, its subdomains, `127.0.0.1` and `[::1]` are allowed.
   *
   * @example
   * request.getHost() // 'example.com:8000'
   */
  getHost(): string {
    const host = this.#rawHost();
    let allowed = (httpSetting('ALLOWED_HOSTS') ?? []) as readonly string[];
    if (allowed.length === 0 && httpSetting('DEBUG')) allowed = DEBUG_ALLOWED_HOSTS;
    const domain = hostDomain(host);
    if (domain && validateHost(domain, allowed)) return host;
    let msg = `Invalid HTTP_HOST header: '${host}'.`;
    msg += domain
      ? ` You may need to add '${domain}' to ALLOWED_HOSTS.`
      : ' The domain name provided is not valid according to RFC 1034/1035.';
    throw new DisallowedHost(msg);
  }

  /** Return the port the request came to (`X-Forwarded-Port` with `USE_X_FORWARDED_PORT`). */
  getPort(): string {
    if (httpSetting('USE_X_FORWARDED_PORT')) {
      const p = this.headers.get('x-forwarded-port');
      if (p) return p;
    }
    return String(this.raw?.socket?.localPort ?? (this.isSecure() ? 443 : 80));
  }

  /**
   * Return the path with the query string; `forceAppendSlash` adds a `/` to the path.
   *
   * @example
   * request.getFullPath() // '/music/bands/?print=true'
   */
  getFullPath(forceAppendSlash = false): string {
    return this.#fullPath(this.path, forceAppendSlash);
  }

  /** Like {@link getFullPath} but from `pathInfo` (no script prefix). */
  getFullPathInfo(forceAppendSlash = false): string {
    return this.#fullPath(this.pathInfo, forceAppendSlash);
  }

  #fullPath(path: string, slash: boolean): string {
    let p = encodeURI(path).replace(/%25([0-9A-Fa-f]{2})/g, '%$1');
    if (slash && !p.endsWith('/')) p += '/';
    return this.queryString ? `${p}?${this.queryString}` : p;
  }

  /**
   * Return an absolute URI for `location` (default: this request's full path), resolved
   * against this request's scheme and host (validated by {@link getHost}).
   *
   * @example
   * request.buildAbsoluteUri('/polls/3/') // 'https://example.com/polls/3/'
   */
  buildAbsoluteUri(location?: string): string {
    const base = `${this.scheme}://${this.getHost()}`;
    if (location === undefined) return base + this.getFullPath();
    if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(location)) return location;
    if (location.startsWith('/') && !location.startsWith('//')) return base + location;
    return new URL(location, base + encodeURI(this.path)).href;
  }

  /**
   * Return the value of a cookie set with `response.setSignedCookie`, or `fallback` when it is
   * missing, tampered with or older than `maxAge` seconds. Without a fallback those throw.
   *
   * @example
   * request.getSignedCookie('theme', { fallback: 'light', maxAge: 86400 })
   */
  getSignedCookie(
    key: string,
    options: { fallback?: string | null; salt?: string; maxAge?: number } = {},
  ): string | null {
    const hasFallback = 'fallback' in options;
    const value = this.COOKIES[key];
    if (value === undefined) {
      if (hasFallback) return options.fallback ?? null;
      throw new BadSignature(`Cookie '${key}' is missing`);
    }
    try {
      const opts = options.maxAge === undefined ? {} : { maxAge: options.maxAge };
      return getCookieSigner({ salt: key + (options.salt ?? '') }).unsign(value, opts);
    } catch (err) {
      if (err instanceof BadSignature && hasFallback) return options.fallback ?? null;
      throw err;
    }
  }

  /** Whether uploaded files were parsed (then {@link close} has work to do). */
  hasUploads(): boolean {
    return this.#body?.hasUploads() ?? false;
  }

  /** Delete temporary upload files. `writeToNode` calls it once the response is sent. */
  async close(): Promise<void> {
    await this.#body?.close();
  }

  toString(): string {
    return `<HttpRequest: ${this.method} '${this.getFullPath()}'>`;
  }
}

/** The hosts allowed with `DEBUG` and an empty `ALLOWED_HOSTS`. */
const DEBUG_ALLOWED_HOSTS: readonly string[] = ['.localhost', '127.0.0.1', '[::1]'];

/** Turn Django's META name (`HTTP_X_FORWARDED_PROTO`) or a header name into a header name. */
function metaToHeader(name: string): string {
  if (name.startsWith('HTTP_')) return name.slice(5).replace(/_/g, '-').toLowerCase();
  return name.toLowerCase();
}
