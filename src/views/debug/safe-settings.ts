// Hide secrets before they reach a debug page: settings, headers and request data whose names
// look sensitive are replaced by a row of stars. Used by the technical 500 page; layer 5.

/**
 * Names whose values are hidden on debug pages (Django's pattern, plus `AUTH` for the
 * `Authorization` header and `CSRF` for CSRF tokens).
 */
export const HIDDEN_SETTINGS = /API|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|COOKIE|AUTH|CSRF|SESSION/i;

/** What a hidden value is shown as. */
export const CLEANSED_SUBSTITUTE = '********************';

/**
 * Return `value` with every sensitive entry hidden. Objects and arrays are cleansed recursively
 * (so `DATABASES.default.PASSWORD` is hidden); a key matching {@link HIDDEN_SETTINGS} hides its
 * whole value.
 *
 * @example
 * cleanseSetting('DATABASES', { default: { NAME: 'db', PASSWORD: 'x' } })
 * // { default: { NAME: 'db', PASSWORD: '********************' } }
 */
export function cleanseSetting(key: string, value: unknown, seen: WeakSet<object> = new WeakSet()): unknown {
  if (HIDDEN_SETTINGS.test(key)) return CLEANSED_SUBSTITUTE;
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => cleanseSetting('', v, seen));
  if (value instanceof RegExp || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = cleanseSetting(k, v, seen);
  return out;
}

/**
 * Return every UPPER_SNAKE setting, sorted by name, with secrets hidden.
 *
 * Differs from Django: settings are read from the frozen settings object, not a module.
 *
 * @example
 * getSafeSettings({ DEBUG: true, SECRET_KEY: 'abc' }) // [['DEBUG', true], ['SECRET_KEY', '********************']]
 */
export function getSafeSettings(settings: object): [string, unknown][] {
  const names = Object.keys(settings).filter((k) => /^[A-Z][A-Z0-9_]*$/.test(k)).sort();
  return names.map((name) => [name, cleanseSetting(name, (settings as Record<string, unknown>)[name])]);
}

/**
 * Return headers (or any string map) with sensitive values hidden.
 *
 * @example
 * cleanseMap({ cookie: 'sessionid=abc', accept: 'text/html' }) // { cookie: '********************', accept: 'text/html' }
 */
export function cleanseMap(map: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(map)) out[k] = cleanseSetting(k, v);
  return out;
}
