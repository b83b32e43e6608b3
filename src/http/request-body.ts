// The body of one request, read on demand and only once: raw bytes, urlencoded or multipart
// form, JSON. HttpRequest creates it on the first body access, so a GET that never touches
// its body allocates none of this.
import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { BadRequest } from '../core/exceptions.ts';
import { readBody } from './body-reader.ts';
import { httpSetting } from './http-settings.ts';
import { MultiValueDict } from './multi-value-dict.ts';
import { parseContentType, parseMultipart, type MultipartLimits } from './multipart.ts';
import { EMPTY_QUERY_DICT, QueryDict } from './query-dict.ts';
import type { UploadedFile } from './uploaded-file.ts';

/**
 * Per-request overrides of the body limits; each defaults to the setting named beside it.
 * `null` disables a limit.
 */
export interface RequestLimits {
  /** `DATA_UPLOAD_MAX_MEMORY_SIZE`: bytes of non-file body. */
  maxBodySize?: number | null;
  /** `DATA_UPLOAD_MAX_NUMBER_FIELDS`. */
  maxNumFields?: number | null;
  /** `DATA_UPLOAD_MAX_NUMBER_FILES`. */
  maxNumFiles?: number | null;
  /** `FILE_UPLOAD_MAX_MEMORY_SIZE`: larger uploads go to a temporary file. */
  fileMemoryLimit?: number;
  /** `FILE_UPLOAD_TEMP_DIR`. */
  tempDir?: string | null;
}

const LIMIT_SETTINGS = {
  maxBodySize: 'DATA_UPLOAD_MAX_MEMORY_SIZE',
  maxNumFields: 'DATA_UPLOAD_MAX_NUMBER_FIELDS',
  maxNumFiles: 'DATA_UPLOAD_MAX_NUMBER_FILES',
  fileMemoryLimit: 'FILE_UPLOAD_MAX_MEMORY_SIZE',
  tempDir: 'FILE_UPLOAD_TEMP_DIR',
} as const;

/**
 * Return a limit: the per-request override, else its setting (null when unset).
 *
 * @example
 * resolveLimit({}, 'maxNumFields') // 1000 (DATA_UPLOAD_MAX_NUMBER_FIELDS)
 */
export function resolveLimit<K extends keyof RequestLimits>(
  limits: RequestLimits,
  key: K,
): NonNullable<RequestLimits[K]> | null {
  const own = limits[key];
  if (own !== undefined) return own as NonNullable<RequestLimits[K]> | null;
  return (httpSetting(LIMIT_SETTINGS[key]) ?? null) as NonNullable<RequestLimits[K]> | null;
}

const NO_VALUE = Symbol('no value');
const FORM_TYPE = 'application/x-www-form-urlencoded';
const MULTIPART_TYPE = 'multipart/form-data';

/**
 * The lazily read body of a request. Use it through HttpRequest's `body()`, `post()`,
 * `files()`, `json()` and `stream()`.
 *
 * @example
 * const rb = new RequestBody(req, req.headers, {});
 * const form = await rb.post();
 */
export class RequestBody {
  readonly #source: Readable | null;
  readonly #headers: IncomingHttpHeaders;
  readonly #limits: RequestLimits;
  #bytes: Buffer | null;
  #bytesPromise: Promise<Buffer> | null = null;
  #post: QueryDict | null = null;
  #files: MultiValueDict<UploadedFile> | null = null;
  #formPromise: Promise<void> | null = null;
  #json: unknown = NO_VALUE;
  #streamTaken = false;

  constructor(source: Readable | null, headers: IncomingHttpHeaders, limits: RequestLimits, bytes: Buffer | null = null) {
    this.#source = source;
    this.#headers = headers;
    this.#limits = limits;
    this.#bytes = bytes;
  }

  /** The bytes once read, else null. */
  get bytes(): Buffer | null {
    return this.#bytes;
  }

  /** The parsed form fields once loaded, else null. */
  get postIfLoaded(): QueryDict | null {
    return this.#post;
  }

  /** The parsed files once loaded, else null. */
  get filesIfLoaded(): MultiValueDict<UploadedFile> | null {
    return this.#files;
  }

  #contentType(): string {
    return parseContentType(this.#headers['content-type']).type;
  }

  #contentLength(): number | null {
    const v = this.#headers['content-length'];
    if (v === undefined) return null;
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }

  /** Read the raw body (capped by `maxBodySize`). */
  body(): Promise<Buffer> {
    if (this.#bytes !== null) return Promise.resolve(this.#bytes);
    if (this.#bytesPromise) return this.#bytesPromise;
    if (this.#streamTaken) {
      return Promise.reject(
        new Error('The request body was already consumed as a stream or multipart form; body() cannot read it again'),
      );
    }
    if (!this.#source) return Promise.resolve((this.#bytes = Buffer.alloc(0)));
    this.#streamTaken = true;
    this.#bytesPromise = readBody(this.#source, resolveLimit(this.#limits, 'maxBodySize'), this.#contentLength()).then(
      (buf) => (this.#bytes = buf),
    );
    return this.#bytesPromise;
  }

  /** Hand over the raw stream (no limits); no other reader may be used afterwards. */
  stream(): Readable {
    if (this.#streamTaken || !this.#source || this.#bytes !== null) {
      throw new Error('The request body was already read; stream() must be the first and only body reader');
    }
    this.#streamTaken = true;
    return this.#source;
  }

  /** Parse the form (urlencoded or multipart) once. */
  loadForm(): Promise<void> {
    if (this.#formPromise) return this.#formPromise;
    const type = this.#contentType();
    if (type === MULTIPART_TYPE) {
      if (this.#streamTaken || !this.#source) {
        this.#formPromise = this.body().then((buf) => this.#setForm(Readable.from([buf])));
      } else {
        this.#streamTaken = true;
        this.#formPromise = this.#setForm(this.#source);
      }
    } else if (type === FORM_TYPE) {
      this.#formPromise = this.body().then((buf) => {
        this.#post = QueryDict.parse(buf.toString('utf8'), { maxNumFields: resolveLimit(this.#limits, 'maxNumFields') });
        this.#files = new MultiValueDict();
      });
    } else {
      this.#post = EMPTY_QUERY_DICT;
      this.#files = new MultiValueDict();
      this.#formPromise = Promise.resolve();
    }
    return this.#formPromise;
  }

  async #setForm(source: Readable): Promise<void> {
    const r = await parseMultipart(source, this.#headers, this.#multipartLimits());
    this.#post = r.post;
    this.#files = r.files;
  }

  #multipartLimits(): MultipartLimits {
    return {
      maxMemorySize: resolveLimit(this.#limits, 'maxBodySize'),
      maxNumFields: resolveLimit(this.#limits, 'maxNumFields'),
      maxNumFiles: resolveLimit(this.#limits, 'maxNumFiles'),
      fileMemoryLimit: resolveLimit(this.#limits, 'fileMemoryLimit') ?? 2621440,
      tempDir: resolveLimit(this.#limits, 'tempDir'),
    };
  }

  /** The form fields. */
  async post(): Promise<QueryDict> {
    await this.loadForm();
    return this.#post!;
  }

  /** The uploaded files. */
  async files(): Promise<MultiValueDict<UploadedFile>> {
    await this.loadForm();
    return this.#files!;
  }

  /** The body parsed as JSON; BadRequest when empty or malformed. */
  async json<T>(): Promise<T> {
    if (this.#json !== NO_VALUE) return this.#json as T;
    const buf = await this.body();
    if (buf.length === 0) throw new BadRequest('Expected a JSON request body but the body is empty');
    try {
      this.#json = JSON.parse(buf.toString('utf8'));
    } catch (err) {
      throw new BadRequest(`Malformed JSON in request body: ${(err as Error).message}`);
    }
    return this.#json as T;
  }

  /** Read and parse everything the content type calls for. */
  async load(): Promise<void> {
    const t = this.#contentType();
    if (t === MULTIPART_TYPE || t === FORM_TYPE) await this.loadForm();
    else await Promise.all([this.body(), this.loadForm()]);
  }

  /** Whether uploaded files were parsed. */
  hasUploads(): boolean {
    return this.#files !== null && this.#files.size > 0;
  }

  /** Delete temporary upload files. */
  async close(): Promise<void> {
    if (!this.#files) return;
    for (const [, file] of this.#files.entries()) await file.close();
  }
}
