// FileResponse: a file (path, stream or buffer) streamed to the client with its content type,
// Content-Disposition and length; writeToNode serves single byte ranges (206/416) for it.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { guessContentType } from './mime-types.ts';
import { HttpResponseBase, type ResponseInit } from './response.ts';

/** Options of {@link FileResponse}. */
export interface FileResponseInit extends ResponseInit {
  /** `Content-Disposition: attachment` (a download) instead of inline. */
  asAttachment?: boolean;
  /** The name the client sees (default: the path's base name). */
  filename?: string;
  /** The size in bytes when known (set for paths by {@link FileResponse.open}). */
  size?: number;
}

/**
 * Return a Content-Disposition value; non-ASCII names use RFC 5987's `filename*`.
 *
 * @example
 * contentDispositionHeader(true, 'report.pdf')  // 'attachment; filename="report.pdf"'
 * contentDispositionHeader(false, 'résumé.pdf') // "inline; filename*=utf-8''r%C3%A9sum%C3%A9.pdf"
 */
export function contentDispositionHeader(asAttachment: boolean, filename: string | null): string | null {
  const disposition = asAttachment ? 'attachment' : 'inline';
  if (filename) {
    // eslint-disable-next-line no-control-regex
    if (/^[\x00-\x7f]*$/.test(filename)) {
      return `${disposition}; filename="${filename.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    }
    const quoted = encodeURIComponent(filename).replace(/['()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
    return `${disposition}; filename*=utf-8''${quoted}`;
  }
  return asAttachment ? 'attachment' : null;
}

/** A byte range `[start, end]` (inclusive). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Parse a `Range` header against a size. Returns the range, `'unsatisfiable'` (send 416), or
 * `null` to ignore the header and send everything (malformed, not bytes, or several ranges).
 *
 * @example
 * parseRange('bytes=0-99', 1000)  // { start: 0, end: 99 }
 * parseRange('bytes=-100', 1000)  // { start: 900, end: 999 }
 * parseRange('bytes=2000-', 1000) // 'unsatisfiable'
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return null;
  const [, a, b] = m;
  if (a === '' && b === '') return null;
  let start: number;
  let end: number;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
    if (b !== '' && Number(b) < start) return null;
  }
  if (start >= size || size === 0) return 'unsatisfiable';
  return { start, end };
}

/**
 * A response that streams a file. Give it a path (preferably through `await FileResponse.open()`,
 * which sets Content-Length), a Readable, or a Buffer.
 *
 * Differs from Django: byte ranges (`Range: bytes=...`) are served (206, 416) by `writeToNode`
 * when the size is known.
 *
 * @example
 * return await FileResponse.open('/srv/reports/q3.pdf', { asAttachment: true });
 * // Content-Type: application/pdf; Content-Disposition: attachment; filename="q3.pdf"
 */
export class FileResponse extends HttpResponseBase {
  readonly streaming = true;
  /** The file path, when the response was made from one. */
  readonly path: string | null;
  /** The size in bytes, when known. */
  readonly size: number | null;
  readonly #source: Readable | Buffer | null;

  constructor(source: string | Readable | Buffer | Uint8Array, init: FileResponseInit = {}) {
    const { asAttachment = false, filename, size, ...rest } = init;
    const path = typeof source === 'string' ? source : null;
    const name = filename ?? (path ? basename(path) : null);
    const contentType = rest.contentType ?? (name ? guessContentType(name) : null) ?? 'application/octet-stream';
    super({ ...rest, contentType });
    this.path = path;
    this.#source = typeof source === 'string' ? null : source instanceof Uint8Array && !Buffer.isBuffer(source) ? Buffer.from(source) : (source as Readable | Buffer);
    this.size = Buffer.isBuffer(this.#source) ? this.#source.length : (size ?? null);
    if (this.size !== null) this.headers.set('Content-Length', this.size);
    const disposition = contentDispositionHeader(asAttachment, name);
    if (disposition && !this.headers.has('Content-Disposition')) {
      this.headers.set('Content-Disposition', disposition);
    }
    if (this.size !== null && !this.#isStream()) this.headers.setDefault('Accept-Ranges', 'bytes');
  }

  /**
   * Stat a file and return a FileResponse for it with its size (so ranges work) and
   * `Last-Modified`.
   *
   * @example
   * await FileResponse.open('media/a.png')
   */
  static async open(path: string, init: FileResponseInit = {}): Promise<FileResponse> {
    const st = await stat(path);
    if (!st.isFile()) throw new Error(`FileResponse.open: '${path}' is not a regular file`);
    const r = new FileResponse(path, { ...init, size: st.size });
    r.headers.setDefault('Last-Modified', st.mtime.toUTCString());
    return r;
  }

  #isStream(): boolean {
    return this.#source !== null && !Buffer.isBuffer(this.#source);
  }

  /** Whether a byte range can be served (the size is known and the source can seek). */
  get supportsRanges(): boolean {
    return this.size !== null && !this.#isStream();
  }

  /** Return the bytes of `range` (or everything) as a stream. */
  open(range?: ByteRange): Readable {
    const src = this.#source;
    if (src === null) {
      return createReadStream(this.path!, range ? { start: range.start, end: range.end } : {});
    }
    if (Buffer.isBuffer(src)) {
      return Readable.from([range ? src.subarray(range.start, range.end + 1) : src]);
    }
    return src;
  }

  /** The content as an async iterable of Buffers. */
  get streamingContent(): AsyncIterable<Buffer> {
    return this.open() as AsyncIterable<Buffer>;
  }
}
