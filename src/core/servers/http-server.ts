// One listening node:http server with Reinhardt's limits and a graceful shutdown: used by
// `reinhardt serve` (in each cluster worker) and by tests. The request listener (usually the
// handler from core/handlers) is wrapped so that a throwing listener never takes the server down.
import { createServer } from 'node:http';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { applyTimeouts, resolveTimeouts } from './server-timeouts.ts';
import type { ServerTimeouts } from './server-timeouts.ts';

/** Options for {@link startHttpServer}. */
export interface HttpServerOptions {
  /** Interface to bind; defaults to `127.0.0.1`. */
  host?: string;
  /** Port to bind; `0` picks a free port (see {@link RunningServer.port}). */
  port?: number;
  timeouts?: ServerTimeouts;
  /** Explain malformed requests in the 400 body (set from `DEBUG`). */
  debug?: boolean;
  /** Largest request header block in bytes; defaults to node's 16 KiB. */
  maxHeaderSize?: number;
  /** Called when the listener throws or rejects; defaults to printing the stack on stderr. */
  onError?: (err: unknown) => void;
}

/** A listening server returned by {@link startHttpServer}. */
export interface RunningServer {
  readonly server: Server;
  readonly host: string;
  readonly port: number;
  /** `http://host:port` of the bound address. */
  readonly url: string;
  /**
   * Stop accepting connections, let in-flight requests finish (their responses carry
   * `Connection: close`), close idle keep-alive connections, and resolve when every connection
   * is closed or `graceMs` (default: the `shutdown` timeout) has passed, whichever comes first.
   */
  shutdown(graceMs?: number): Promise<void>;
}

const CLIENT_ERRORS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout'],
  HPE_HEADER_TIMEOUT: [408, 'Request Timeout'],
};

/**
 * Make responses whose headers have not gone out yet say `Connection: close`, so keep-alive
 * clients reconnect elsewhere. Used at shutdown on the response in flight on each open socket;
 * responses started later are marked in the listener wrapper. (A ServerResponse subclass
 * overriding `writeHead` did the same but cost ~6 of ~37 µs server CPU per request in
 * bench/http.ts: node's http internals run slower on a subclass.)
 */
function markClosing(res: ServerResponse | null | undefined): void {
  if (res && !res.headersSent) res.setHeader('connection', 'close');
}

/**
 * Answer a request the HTTP parser rejected (bad request line, invalid header bytes, headers too
 * large, too slow) with a short 4xx response and close the connection.
 */
function onClientError(debug: boolean, err: NodeJS.ErrnoException & { rawPacket?: unknown }, socket: Socket): void {
  if (!socket.writable || socket.bytesWritten > 0) {
    socket.destroy();
    return;
  }
  const [status, reason] = CLIENT_ERRORS[err.code ?? ''] ?? [400, 'Bad Request'];
  const body = debug ? `${reason}: the HTTP parser rejected the request (${err.code ?? 'unknown'}: ${err.message})\n` : `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Answer 500 (or drop the connection when headers are already out) when the listener throws or
 * rejects: the last line of defence, used only if the handler's own error mapping failed.
 */
function onListenerFailure(err: unknown, res: ServerResponse, report: (err: unknown) => void): void {
  report(err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = 'Internal Server Error\n';
  res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Create a node:http server around `listener`, apply the time limits, listen, and return a
 * handle with the bound address and a graceful `shutdown()`.
 *
 * Differs from Django: Django delegates serving to gunicorn/uvicorn; here the framework owns the
 * server, so limits and graceful shutdown are on by default.
 *
 * @example
 * const running = await startHttpServer(createNodeListener(), { port: 0 });
 * await fetch(running.url + '/');
 * await running.shutdown();
 */
export async function startHttpServer(listener: RequestListener, options: HttpServerOptions = {}): Promise<RunningServer> {
  const timeouts = resolveTimeouts(options.timeouts);
  const debug = options.debug ?? false;
  const state = { closing: false };
  const report = options.onError ??
    ((err: unknown) => process.stderr.write(`Reinhardt: request listener failed: ${err instanceof Error ? err.stack : String(err)}\n`));

  const wrapped = (req: IncomingMessage, res: ServerResponse): void => {
    if (state.closing) markClosing(res);
    try {
      const result = listener(req, res) as unknown;
      if (result instanceof Promise) result.catch((err: unknown) => onListenerFailure(err, res, report));
    } catch (err) {
      onListenerFailure(err, res, report);
    }
  };

  const server = createServer(
    { maxHeaderSize: options.maxHeaderSize, keepAlive: true, noDelay: true },
    wrapped,
  );
  applyTimeouts(server, timeouts);
  // Open sockets, for marking their in-flight responses at shutdown (per connection, not per
  // request, so keep-alive traffic pays nothing).
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => onClientError(debug, err, socket));

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen(options.port ?? 8000, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let shutdownPromise: Promise<void> | undefined;
  const shutdown = (graceMs: number = timeouts.shutdown): Promise<void> => {
    shutdownPromise ??= new Promise<void>((resolve) => {
      // Responses whose headers are not out yet now say `Connection: close` (see markClosing);
      // the connections of those already sent go idle when they finish and are closed here.
      state.closing = true;
      // node keeps the response being written on its socket as `_httpMessage`.
      for (const socket of sockets) markClosing((socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage);
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      timer.unref();
      server.close(() => {
        clearTimeout(timer);
        clearInterval(sweep);
        resolve();
      });
      server.closeIdleConnections();
    });
    return shutdownPromise;
  };

  return { server, host: address.address, port: address.port, url: `http://${shownHost}:${address.port}`, shutdown };
}
