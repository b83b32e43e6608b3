// Time limits for the HTTP servers (production and development): how long a client may take to
// send headers and a whole request, how long an idle keep-alive connection stays open, and how
// long a graceful shutdown waits for in-flight requests. Applied once when a server is created.
import type { Server } from 'node:http';

/**
 * Time limits in milliseconds for a Reinhardt HTTP server. Every field is optional; unset fields
 * take the values in {@link DEFAULT_TIMEOUTS}.
 */
export interface ServerTimeouts {
  /** Max time to receive the complete request headers (slowloris defence). */
  headers?: number;
  /** Max time to receive the whole request, headers and body. */
  request?: number;
  /** How long an idle keep-alive connection waits for the next request. */
  keepAlive?: number;
  /**
   * Max inactivity on a socket while a request is in progress, e.g. a client that stops reading
   * a large response (0, the default, disables it: re-arming the timer on every read and write
   * costs about a tenth of a small request's CPU time).
   */
  idle?: number;
  /** How long a graceful shutdown waits for in-flight requests before closing them. */
  shutdown?: number;
}

/**
 * Default time limits: headers 20 s, request 60 s, keep-alive 5 s, idle socket off,
 * graceful shutdown 30 s.
 *
 * Differs from Django: Django leaves these limits to the WSGI/ASGI server (gunicorn's
 * `--timeout`, `--keep-alive`, `--graceful-timeout`); Reinhardt's own server sets them.
 */
export const DEFAULT_TIMEOUTS: Readonly<Required<ServerTimeouts>> = Object.freeze({
  headers: 20_000,
  request: 60_000,
  keepAlive: 5_000,
  idle: 0,
  shutdown: 30_000,
});

/**
 * Fill unset limits with the defaults and check them.
 *
 * @example
 * resolveTimeouts({ keepAlive: 2000 }).headers // 20000
 */
export function resolveTimeouts(timeouts: ServerTimeouts = {}): Required<ServerTimeouts> {
  const out = { ...DEFAULT_TIMEOUTS };
  for (const key of Object.keys(DEFAULT_TIMEOUTS) as (keyof ServerTimeouts)[]) {
    const value = timeouts[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw Object.assign(
        new TypeError(`Server timeout '${key}' must be a non-negative number of milliseconds, got ${String(value)}`),
        { code: 'ERR_REINHARDT_SERVER_TIMEOUT' },
      );
    }
    out[key] = value;
  }
  // Node requires headersTimeout <= requestTimeout; a keep-alive socket must not be cut by the
  // headers timer while it is legitimately idle between requests.
  if (out.request > 0 && out.headers > out.request) out.headers = out.request;
  return out;
}

/**
 * Apply resolved time limits to a node `http.Server`.
 *
 * @example
 * applyTimeouts(http.createServer(listener), resolveTimeouts())
 */
export function applyTimeouts(server: Server, timeouts: Required<ServerTimeouts>): void {
  server.headersTimeout = timeouts.headers;
  server.requestTimeout = timeouts.request;
  server.keepAliveTimeout = timeouts.keepAlive;
  server.setTimeout(timeouts.idle);
}
