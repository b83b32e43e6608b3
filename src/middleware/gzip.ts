// GZipMiddleware: compress responses for clients that accept gzip. Small bodies, already
// encoded responses and bodies that do not shrink are sent as they are.
import { randomBytes } from 'node:crypto';
import { createGzip, gzip, gzipSync } from 'node:zlib';
import { promisify } from 'node:util';
import { HttpResponse } from '../http/index.ts';
import { StreamingHttpResponse } from '../http/streaming-response.ts';
import type { HttpRequest } from '../http/request.ts';
import type { HttpResponseBase } from '../http/response.ts';
import { MiddlewareMixin } from './middleware-mixin.ts';
import { patchVaryHeaders } from './vary.ts';

const gzipAsync = promisify(gzip);
const ACCEPTS_GZIP = /\bgzip\b/i;
// Above this size compression runs on the thread pool instead of blocking the event loop.
const SYNC_LIMIT = 64 * 1024;

/**
 * A gzip header whose FNAME field holds 0-31 random bytes, so the compressed length varies and
 * says less about secrets in the page (the BREACH mitigation Django uses).
 */
function randomizedHeader(compressed: Buffer): Buffer {
  const n = randomBytes(1)[0]! % 32;
  if (n === 0) return compressed;
  const name = randomBytes(n).map((b) => (b % 254) + 1); // no NUL inside the name
  const out = Buffer.alloc(compressed.length + n + 1);
  compressed.copy(out, 0, 0, 10);
  out[3] = out[3]! | 0x08; // FLG.FNAME
  name.forEach((b, i) => (out[10 + i] = b));
  out[10 + n] = 0;
  compressed.copy(out, 11 + n, 10);
  return out;
}

/**
 * Gzip response bodies of 200 bytes or more when the request's `Accept-Encoding` allows it;
 * add `Vary: Accept-Encoding` and weaken a strong `ETag`. Streaming responses are compressed
 * chunk by chunk.
 *
 * Differs from Django: large bodies are compressed off the event loop.
 *
 * @example
 * // MIDDLEWARE: ['reinhardt/middleware:GZipMiddleware', ...]  (near the top: it must see the final body)
 */
export class GZipMiddleware extends MiddlewareMixin {
  /** Compress the response when worthwhile. */
  override async processResponse(request: HttpRequest, response: HttpResponseBase): Promise<HttpResponseBase> {
    if (response.headers.has('Content-Encoding')) return response;
    const isStreaming = response instanceof StreamingHttpResponse;
    if (!isStreaming && !(response instanceof HttpResponse)) return response;
    if (!isStreaming && (response as HttpResponse).content.length < 200) return response;
    patchVaryHeaders(response, ['Accept-Encoding']);
    if (!ACCEPTS_GZIP.test(request.headers.get('accept-encoding') ?? '')) return response;

    if (isStreaming) {
      const streamed = response as StreamingHttpResponse;
      const source = streamed.streamingContent;
      streamed.streamingContent = compressStream(source);
      response.headers.delete('Content-Length');
    } else {
      const r = response as HttpResponse;
      const content = r.content;
      const compressed = randomizedHeader(content.length > SYNC_LIMIT ? await gzipAsync(content) : gzipSync(content));
      if (compressed.length >= content.length) return response;
      r.content = compressed;
      r.headers.set('Content-Length', compressed.length);
    }
    const etag = response.headers.get('ETag');
    if (etag?.startsWith('"')) response.headers.set('ETag', `W/${etag}`);
    response.headers.set('Content-Encoding', 'gzip');
    return response;
  }
}

async function* compressStream(source: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  const z = createGzip();
  const out: Buffer[] = [];
  z.on('data', (c: Buffer) => out.push(c));
  for await (const chunk of source) {
    await new Promise<void>((resolve, reject) => z.write(chunk, (err) => (err ? reject(err) : resolve())));
    await new Promise<void>((resolve) => z.flush(() => resolve()));
    if (out.length) yield Buffer.concat(out.splice(0));
  }
  await new Promise<void>((resolve) => z.end(() => resolve()));
  await new Promise<void>((resolve) => (z.readableEnded ? resolve() : z.once('end', () => resolve())));
  if (out.length) yield Buffer.concat(out.splice(0));
}
