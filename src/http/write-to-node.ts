// Sending any response through node's ServerResponse: one writeHead + end for in-memory
// responses, chunked writes with backpressure for streams, byte ranges for files. This is the
// one call the server makes per request.
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { serializeCookie } from './cookie.ts';
import { appendTrustedHeader, liveHeaderList } from './headers.ts';
import { FileResponse, parseRange } from './file-response.ts';
import type { HttpRequest } from './request.ts';
import { bodyEncodingOf, bodyTextOf, cookiesSetOn, HttpResponse, type HttpResponseBase } from './response.ts';

type NodeHeaders = Record<string, string | string[] | number>;
/** Names and values alternating (node's flat header list); a value may be a list of lines. */
type HeaderList = (string | string[])[];

/**
 * Return a response's headers as node's flat list (`[name, value, name, value, ...]`, what
 * `res.writeHead` takes): its headers plus one Set-Cookie line per cookie.
 */
function headerList(response: HttpResponseBase): HeaderList {
  const list: HeaderList = response.headers.flat();
  const cookies = cookiesSetOn(response);
  if (cookies !== null) {
    const lines: string[] = [];
    for (const m of cookies.values()) lines.push(serializeCookie(m));
    list.push('Set-Cookie', lines);
  }
  return list;
}

/** Return the node header object of a response: its headers plus one Set-Cookie per cookie. */
export function nodeHeaders(response: HttpResponseBase): NodeHeaders {
  const out: NodeHeaders = {};
  const list = headerList(response);
  for (let i = 0; i < list.length; i += 2) out[list[i] as string] = list[i + 1]!;
  return out;
}

/** Set (or with `null` remove) a header in a flat list, matching the name in any case. */
function setInList(list: HeaderList, name: string, value: string | null): void {
  const key = name.toLowerCase();
  for (let i = 0; i < list.length; i += 2) {
    if ((list[i] as string).toLowerCase() !== key) continue;
    if (value === null) list.splice(i, 2);
    else list[i + 1] = value;
    return;
  }
  if (value !== null) list.push(name, value);
}

function bodyless(status: number): boolean {
  return status === 204 || status === 304 || (status >= 100 && status < 200);
}

/**
 * Write `response` to node's `res`. In-memory responses are sent with one `res.end(buffer)`
 * (sync, returns undefined); streaming and file responses return a promise that settles when
 * the body is sent, pausing while the socket is full and stopping when the client goes away.
 * With `request`, HEAD bodies are dropped, file ranges are served, and temporary upload files
 * are deleted once the response is finished.
 *
 * A rejected promise means the streaming content failed after the headers went out; the
 * connection has been destroyed, so log the error and write nothing more.
 *
 * @example
 * const request = HttpRequest.fromNode(req);
 * const response = await handler(request);
 * await writeToNode(response, res, request);
 */
export function writeToNode(
  response: HttpResponseBase,
  res: ServerResponse,
  request?: HttpRequest,
): void | Promise<void> {
  if (request?.hasUploads()) {
    res.once('finish', () => void request.close().catch(() => {}));
  }
  const isHead = request?.method === 'HEAD';
  if (response instanceof HttpResponse) {
    // The common case, a response without cookies, hands node the response's own header list
    // (Content-Length added to the response itself, as Django's CommonMiddleware does).
    const noCookies = cookiesSetOn(response) === null;
    if (bodyless(response.status)) {
      res.writeHead(response.status, response.reasonPhrase, (noCookies ? liveHeaderList(response.headers) : headerList(response)) as HeaderList);
      res.end();
      return;
    }
    // A body set as a string goes out as that string: node joins it to the header block and
    // sends one chunk, where a Buffer body costs a Buffer here and a two-chunk write there.
    const text = bodyTextOf(response);
    const encoding = bodyEncodingOf(response);
    const body = text === null ? response.content : null;
    if (!response.headers.has('Content-Length')) {
      const length = body !== null ? body.length : Buffer.byteLength(text!, encoding);
      appendTrustedHeader(response.headers, 'content-length', 'Content-Length', String(length));
    }
    res.writeHead(response.status, response.reasonPhrase, (noCookies ? liveHeaderList(response.headers) : headerList(response)) as HeaderList);
    if (isHead) res.end();
    else if (body !== null) res.end(body);
    else res.end(text, encoding);
    return;
  }
  const headers = headerList(response);
  if (response instanceof FileResponse) return writeFile(response, res, request, headers, isHead);
  return writeStream(response as HttpResponseBase & { streamingContent: AsyncIterable<Buffer> }, res, headers, isHead);
}

async function writeStream(
  response: HttpResponseBase & { streamingContent: AsyncIterable<Buffer> },
  res: ServerResponse,
  headers: HeaderList,
  isHead: boolean,
): Promise<void> {
  res.writeHead(response.status, response.reasonPhrase, headers);
  if (isHead || bodyless(response.status)) {
    res.end();
    return;
  }
  try {
    for await (const chunk of response.streamingContent) {
      if (res.destroyed) break;
      if (chunk.length === 0) continue;
      if (!res.write(chunk)) await drained(res);
    }
  } catch (err) {
    res.destroy(err as Error);
    throw err;
  }
  if (!res.destroyed) res.end();
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

async function writeFile(
  response: FileResponse,
  res: ServerResponse,
  request: HttpRequest | undefined,
  headers: HeaderList,
  isHead: boolean,
): Promise<void> {
  let status = response.status;
  let range: { start: number; end: number } | undefined;
  const size = response.size;
  if (request && size !== null && response.supportsRanges && status === 200 && (request.method === 'GET' || isHead)) {
    const ifRange = request.headers.get('if-range');
    const validator = response.headers.get('Last-Modified') ?? response.headers.get('ETag');
    const rangeAllowed = ifRange === undefined || ifRange === validator;
    const parsed = rangeAllowed ? parseRange(request.headers.get('range'), size) : null;
    if (parsed === 'unsatisfiable') {
      setInList(headers, 'Content-Range', `bytes */${size}`);
      setInList(headers, 'Content-Length', '0');
      setInList(headers, 'Content-Disposition', null);
      res.writeHead(416, headers);
      res.end();
      return;
    }
    if (parsed) {
      range = parsed;
      status = 206;
      setInList(headers, 'Content-Range', `bytes ${parsed.start}-${parsed.end}/${size}`);
      setInList(headers, 'Content-Length', String(parsed.end - parsed.start + 1));
    }
  }
  res.writeHead(status, status === response.status ? response.reasonPhrase : 'Partial Content', headers);
  if (isHead || bodyless(status)) {
    res.end();
    return;
  }
  try {
    await pipeline(response.open(range), res);
  } catch (err) {
    // The client going away mid-download is normal; anything else is reported.
    if ((err as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
    res.destroy(err as Error);
    throw err;
  }
}
