// StreamingHttpResponse: content produced piece by piece from an (async) iterable; the server
// writes it with backpressure (see writeToNode).
import { HttpResponseBase, nodeEncoding, type ResponseInit } from './response.ts';

/** What a streaming response can stream. */
export type StreamingContent =
  | Iterable<string | Buffer | Uint8Array>
  | AsyncIterable<string | Buffer | Uint8Array>;

/**
 * A response whose body is an iterable or async iterable (a generator, a Readable), sent as it
 * is produced without buffering.
 *
 * @example
 * new StreamingHttpResponse((async function* () { yield 'a,b\n'; yield '1,2\n'; })(), { contentType: 'text/csv' })
 */
export class StreamingHttpResponse extends HttpResponseBase {
  readonly streaming = true;
  #content: StreamingContent;

  constructor(streamingContent: StreamingContent, init: ResponseInit = {}) {
    super(init);
    this.#content = streamingContent;
  }

  /** Replace the content (middleware wrapping the stream, e.g. gzip). */
  set streamingContent(value: StreamingContent) {
    this.#content = value;
  }

  /** The content as an async iterable of Buffers. */
  get streamingContent(): AsyncIterable<Buffer> {
    const source = this.#content;
    const enc = nodeEncoding(this.charset);
    return (async function* () {
      for await (const piece of source as AsyncIterable<string | Buffer | Uint8Array>) {
        if (typeof piece === 'string') yield Buffer.from(piece, enc);
        else yield Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
      }
    })();
  }

  /** Read the whole stream into one Buffer (tests). */
  async readAll(): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const p of this.streamingContent) parts.push(p);
    return Buffer.concat(parts);
  }
}
