// The development server's access log: one line per request in Django's runserver format,
// `[24/Nov/2026 04:12:01] "GET / HTTP/1.1" 200 1234`, written when the response finishes.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * Format a timestamp as runserver does: `24/Nov/2026 04:12:01` (local time).
 *
 * @example
 * formatLogDate(new Date(2026, 10, 24, 4, 12, 1)) // '24/Nov/2026 04:12:01'
 */
export function formatLogDate(date: Date): string {
  return `${pad(date.getDate())}/${MONTHS[date.getMonth()]}/${date.getFullYear()} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/**
 * Format one access-log line.
 *
 * @example
 * formatRequestLogLine(new Date(2026, 10, 24, 4, 12, 1), 'GET', '/', '1.1', 200, 1234)
 * // '[24/Nov/2026 04:12:01] "GET / HTTP/1.1" 200 1234'
 */
export function formatRequestLogLine(
  date: Date,
  method: string,
  url: string,
  httpVersion: string,
  status: number,
  size: number,
): string {
  // Control characters in the URL would let a client forge log lines.
  const safeUrl = url.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `[${formatLogDate(date)}] "${method} ${safeUrl} HTTP/${httpVersion}" ${status} ${size}`;
}

/**
 * Wrap a listener so that each finished response writes one access-log line. The size is the
 * number of body bytes sent.
 *
 * @example
 * http.createServer(withRequestLog(listener, (line) => process.stderr.write(line + '\n')))
 */
export function withRequestLog(listener: RequestListener, write: (line: string) => void): RequestListener {
  return (req: IncomingMessage, res: ServerResponse): void => {
    let size = 0;
    const count = (chunk: unknown, encoding?: unknown): void => {
      if (typeof chunk === 'string') size += Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
      else if (chunk instanceof Uint8Array) size += chunk.byteLength;
    };
    const write0 = res.write;
    const end0 = res.end;
    res.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
      count(chunk, rest[0]);
      return (write0 as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    } as ServerResponse['write'];
    res.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
      if (typeof chunk !== 'function') count(chunk, rest[0]);
      return (end0 as (...a: unknown[]) => ServerResponse).call(this, chunk, ...rest);
    } as ServerResponse['end'];
    res.once('finish', () => {
      write(formatRequestLogLine(new Date(), req.method ?? '-', req.url ?? '-', req.httpVersion, res.statusCode, size));
    });
    listener(req, res);
  };
}
