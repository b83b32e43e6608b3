// Wall-clock <-> instant conversion in a named IANA time zone, for databases that store naive
// datetimes (SQLite, MySQL) and for USE_TZ = false. Uses Intl only; no tz database shipped.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** The calendar fields of an instant as seen on a wall clock in `tz`. */
export interface WallClock {
  year: number; month: number; day: number; hour: number; minute: number; second: number;
  /** Microseconds (0..999999). */
  micro: number;
}

/**
 * Return the wall-clock fields of `date` in time zone `tz` ('UTC' is fast).
 *
 * @example
 * wallClock(new Date('2024-07-04T16:00:00Z'), 'America/New_York').hour // 12
 */
export function wallClock(date: Date, tz: string, micro?: number): WallClock {
  const ms = date.getTime();
  const us = micro ?? (((ms % 1000) + 1000) % 1000) * 1000;
  if (tz === 'UTC') {
    return {
      year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(),
      hour: date.getUTCHours(), minute: date.getUTCMinutes(), second: date.getUTCSeconds(), micro: us,
    };
  }
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(date)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts['year']!, month: parts['month']!, day: parts['day']!,
    hour: parts['hour']!, minute: parts['minute']!, second: parts['second']!, micro: us,
  };
}

/**
 * Return the offset of `tz` from UTC at `date`, in milliseconds.
 *
 * @example
 * tzOffsetMs(new Date('2024-07-04T16:00:00Z'), 'Europe/Paris') // 7200000
 */
export function tzOffsetMs(date: Date, tz: string): number {
  if (tz === 'UTC') return 0;
  const w = wallClock(date, tz, 0);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (date.getTime() - (((date.getTime() % 1000) + 1000) % 1000));
}

/**
 * Return the instant at which the wall clock in `tz` shows the given fields.
 *
 * @example
 * fromWallClock(parseWallClock('2024-07-04 12:00:00')!, 'America/New_York').toISOString() // '2024-07-04T16:00:00.000Z'
 */
export function fromWallClock(w: WallClock, tz: string): Date {
  const guess = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, Math.floor(w.micro / 1000));
  if (tz === 'UTC') return new Date(guess);
  let t = guess - tzOffsetMs(new Date(guess), tz);
  t = guess - tzOffsetMs(new Date(t), tz);
  return new Date(t);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/**
 * Format wall-clock fields as `'YYYY-MM-DD HH:MM:SS.ffffff'`.
 *
 * @example
 * formatWallClock(wallClock(new Date(0), 'UTC')) // '1970-01-01 00:00:00.000000'
 */
export function formatWallClock(w: WallClock): string {
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}.${pad(w.micro, 6)}`;
}

const NAIVE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;

/**
 * Parse `'YYYY-MM-DD[ HH:MM[:SS[.ffffff]]]'` into wall-clock fields, or return null.
 *
 * @example
 * parseWallClock('2024-07-04 12:00:00.5')?.micro // 500000
 */
export function parseWallClock(text: string): WallClock | null {
  const m = NAIVE_RE.exec(text);
  if (!m) return null;
  return {
    year: Number(m[1]), month: Number(m[2]), day: Number(m[3]),
    hour: Number(m[4] ?? 0), minute: Number(m[5] ?? 0), second: Number(m[6] ?? 0),
    micro: m[7] ? Number(m[7].slice(0, 6).padEnd(6, '0')) : 0,
  };
}

/**
 * Return true if `tz` is a time zone name Intl knows (used before inlining it in SQL).
 *
 * @example
 * isValidTimeZone('Europe/Paris') // true
 * isValidTimeZone("UTC'; --") // false
 */
export function isValidTimeZone(tz: string): boolean {
  if (!/^[A-Za-z0-9_+\-/]+$/.test(tz)) return false;
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}
