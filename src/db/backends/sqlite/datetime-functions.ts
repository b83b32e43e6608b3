// Date/time extract and trunc for SQLite, implemented in JS and registered as user functions
// (SQLite has no time zone support). Values are the text Reinhardt stores:
// 'YYYY-MM-DD HH:MM:SS.ffffff' (UTC when USE_TZ), 'YYYY-MM-DD', 'HH:MM:SS[.ffffff]'.
import { formatWallClock, fromWallClock, parseWallClock, wallClock } from '../base/timezone.ts';
import type { WallClock } from '../base/timezone.ts';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Parse a stored datetime and move it to `tz` (null: keep as stored). */
function toZone(value: unknown, tz: unknown): WallClock | null {
  if (value === null || value === undefined) return null;
  const w = parseWallClock(String(value));
  if (!w) return null;
  if (tz === null || tz === undefined || tz === '' || tz === 'UTC') return w;
  return wallClock(fromWallClock(w, 'UTC'), String(tz), w.micro);
}

function isoWeek(y: number, m: number, d: number): { week: number; year: number } {
  const date = new Date(Date.UTC(y, m - 1, d));
  const dow = (date.getUTCDay() + 6) % 7; // Monday = 0
  date.setUTCDate(date.getUTCDate() - dow + 3); // Thursday of this week
  const isoYear = date.getUTCFullYear();
  const jan4 = new Date(Date.UTC(isoYear, 0, 4));
  const week = 1 + Math.round(((date.getTime() - jan4.getTime()) / 86400000 - 3 + ((jan4.getUTCDay() + 6) % 7)) / 7);
  return { week, year: isoYear };
}

/**
 * Return the `kind` part of wall-clock fields (Django's numbering: week_day Sunday=1).
 *
 * @example
 * extractPart(parseWallClock('2024-03-31 01:30:00')!, 'week_day') // 1 (Sunday)
 */
export function extractPart(w: WallClock, kind: string): number | null {
  switch (kind) {
    case 'year': return w.year;
    case 'quarter': return Math.floor((w.month - 1) / 3) + 1;
    case 'month': return w.month;
    case 'day': return w.day;
    case 'hour': return w.hour;
    case 'minute': return w.minute;
    case 'second': return w.second;
    case 'week': return isoWeek(w.year, w.month, w.day).week;
    case 'iso_year': return isoWeek(w.year, w.month, w.day).year;
    case 'week_day': return new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay() + 1;
    case 'iso_week_day': return ((new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay() + 6) % 7) + 1;
    default: return null;
  }
}

/**
 * Truncate wall-clock fields to `kind`.
 *
 * @example
 * truncParts(parseWallClock('2024-03-31 01:30:00')!, 'month') // { year: 2024, month: 3, day: 1, hour: 0, ... }
 */
export function truncParts(w: WallClock, kind: string): WallClock | null {
  const z = { ...w, micro: 0 };
  switch (kind) {
    case 'year': return { ...z, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
    case 'quarter': return { ...z, month: Math.floor((w.month - 1) / 3) * 3 + 1, day: 1, hour: 0, minute: 0, second: 0 };
    case 'month': return { ...z, day: 1, hour: 0, minute: 0, second: 0 };
    case 'week': {
      const d = new Date(Date.UTC(w.year, w.month - 1, w.day));
      d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
      return { ...z, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: 0, minute: 0, second: 0 };
    }
    case 'day': return { ...z, hour: 0, minute: 0, second: 0 };
    case 'hour': return { ...z, minute: 0, second: 0 };
    case 'minute': return { ...z, second: 0 };
    case 'second': return z;
    default: return null;
  }
}

const dateText = (w: WallClock): string => `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
const timeText = (w: WallClock): string => {
  const base = `${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
  return w.micro ? `${base}.${pad(w.micro, 6)}` : base;
};

function parseTime(value: unknown): WallClock | null {
  if (value === null || value === undefined) return null;
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/.exec(String(value));
  if (!m) return null;
  return { year: 1900, month: 1, day: 1, hour: Number(m[1]), minute: Number(m[2]), second: Number(m[3] ?? 0), micro: m[4] ? Number(m[4].slice(0, 6).padEnd(6, '0')) : 0 };
}

/**
 * The user functions, by SQL name.
 *
 * @example
 * SELECT reinhardt_datetime_extract('hour', "pub_date", 'Europe/Paris') FROM "polls_question"
 */
export const sqliteDatetimeFunctions: Record<string, (...args: unknown[]) => unknown> = {
  reinhardt_datetime_extract(kind, value, tz) {
    const w = toZone(value, tz);
    return w ? extractPart(w, String(kind)) : null;
  },
  reinhardt_date_extract(kind, value) {
    const w = toZone(value, null);
    return w ? extractPart(w, String(kind)) : null;
  },
  reinhardt_time_extract(kind, value) {
    const w = parseTime(value) ?? toZone(value, null);
    return w ? extractPart(w, String(kind)) : null;
  },
  reinhardt_datetime_trunc(kind, value, tz) {
    const w = toZone(value, tz);
    const t = w && truncParts(w, String(kind));
    if (!t) return null;
    // Back to the stored zone so the result compares with stored values.
    if (tz === null || tz === undefined || tz === '' || tz === 'UTC') return formatWallClock(t);
    return formatWallClock(wallClock(fromWallClock(t, String(tz)), 'UTC', 0));
  },
  reinhardt_date_trunc(kind, value) {
    const w = toZone(value, null);
    const t = w && truncParts(w, String(kind));
    return t ? dateText(t) : null;
  },
  reinhardt_time_trunc(kind, value) {
    const w = parseTime(value) ?? toZone(value, null);
    const t = w && truncParts(w, String(kind));
    return t ? timeText(t) : null;
  },
  reinhardt_datetime_cast_date(value, tz) {
    const w = toZone(value, tz);
    return w ? dateText(w) : null;
  },
  reinhardt_datetime_cast_time(value, tz) {
    const w = toZone(value, tz);
    return w ? timeText(w) : null;
  },
};
