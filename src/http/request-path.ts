// Decoding the request path: percent-escapes become UTF-8 text, as URL patterns expect. An
// escape that is not valid UTF-8 is kept as written (Django's "repercent" rule), so a bad
// path simply matches no pattern (404) instead of failing the request.

const RUN = /(?:%[0-9A-Fa-f]{2})+/g;

/**
 * Return `raw` with its percent-escapes decoded; invalid escapes are left as they are.
 *
 * @example
 * decodePath('/caf%C3%A9/')  // '/café/'
 * decodePath('/bad%E9/')     // '/bad%E9/'
 */
export function decodePath(raw: string): string {
  if (raw.indexOf('%') < 0) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw.replace(RUN, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return decodeRunLeniently(run);
      }
    });
  }
}

/** Decode the valid UTF-8 sequences of a run of escapes and keep the broken bytes escaped. */
function decodeRunLeniently(run: string): string {
  const bytes = Buffer.from(run.replace(/%/g, ''), 'hex');
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xf0 && b < 0xf8 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 0;
    if (len > 0 && i + len <= bytes.length) {
      try {
        out += decodeURIComponent(run.slice(i * 3, (i + len) * 3));
        i += len;
        continue;
      } catch {
        // fall through: keep this byte escaped
      }
    }
    out += run.slice(i * 3, i * 3 + 3);
    i++;
  }
  return out;
}
