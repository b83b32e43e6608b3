// Parse runserver's optional `[addr:]port` argument the way Django does: `8000`, `0:8000`
// (0 means 0.0.0.0), `127.0.0.1:8000`, `[::1]:8000`, `localhost:8000`.

/** A parsed address. */
export interface AddrPort {
  host: string;
  port: number;
}

/**
 * Parse `[addr:]port`; missing parts take the defaults (`127.0.0.1`, `8000`). Throws a
 * `TypeError` with code `ERR_REINHARDT_ADDRPORT` naming the bad value.
 *
 * @example
 * parseAddrPort('0:8080')        // { host: '0.0.0.0', port: 8080 }
 * parseAddrPort('[::1]:8000')    // { host: '::1', port: 8000 }
 * parseAddrPort(undefined)       // { host: '127.0.0.1', port: 8000 }
 */
export function parseAddrPort(value: string | undefined, defaults: AddrPort = { host: '127.0.0.1', port: 8000 }): AddrPort {
  if (value === undefined || value === '') return { ...defaults };
  const m = /^(?:(?:\[([0-9a-fA-F:.]+)\]|([\w.-]+)):)?(\d+)$/.exec(value) ?? /^(?:\[([0-9a-fA-F:.]+)\]|([\w.-]+))$/.exec(value);
  const fail = (why: string): never => {
    throw Object.assign(new TypeError(`'${value}' is not a valid port number or address:port pair (${why}); try 8000 or 127.0.0.1:8000`), {
      code: 'ERR_REINHARDT_ADDRPORT',
    });
  };
  if (!m) return fail('expected [addr:]port');
  const host = m[1] ?? (m[2] === '0' ? '0.0.0.0' : m[2]) ?? defaults.host;
  const port = m[3] !== undefined ? Number(m[3]) : defaults.port;
  if (!Number.isInteger(port) || port < 0 || port > 65535) return fail('port out of range');
  return { host, port };
}
