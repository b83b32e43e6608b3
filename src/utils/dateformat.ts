// PHP-style date formatting as Django's `date`/`time` filters and `{% now %}` use it
// (`"N j, Y, P"` -> `Jan. 5, 2024, 3:30 p.m.`), plus timesince/timeuntil. Dates are shown in the
// process's local time zone, or in a named zone when given a ZonedDate. Layer 0.
import { ZonedDate } from './zoned-date.ts';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTHS_AP = ['Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Django's English format names and their formats. */
export const DATE_FORMATS: Record<string, string> = {
  DATE_FORMAT: 'N j, Y',
  TIME_FORMAT: 'P',
  DATETIME_FORMAT: 'N j, Y, P',
  YEAR_MONTH_FORMAT: 'F Y',
  MONTH_DAY_FORMAT: 'F j',
  SHORT_DATE_FORMAT: 'm/d/Y',
  SHORT_DATETIME_FORMAT: 'm/d/Y P',
};

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function offsetString(d: Date, colon = false): string {
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const a = Math.abs(off);
  return `${sign}${pad(Math.floor(a / 60))}${colon ? ':' : ''}${pad(a % 60)}`;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function dayOfYear(d: Date): number {
  const start = Date.UTC(d.getFullYear(), 0, 1);
  return Math.floor((Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) - start) / 86400000) + 1;
}

function isoWeek(d: Date): [number, number] {
  const t = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  return [t.getUTCFullYear(), Math.ceil(((t.getTime() - yearStart) / 86400000 + 1) / 7)];
}

function timeF(d: Date): string {
  const h = d.getHours() % 12 || 12;
  const m = d.getMinutes();
  return m === 0 ? String(h) : `${h}:${pad(m)}`;
}

function timeP(d: Date): string {
  const h = d.getHours();
  const m = d.getMinutes();
  if (m === 0 && h === 0) return 'midnight';
  if (m === 0 && h === 12) return 'noon';
  return `${timeF(d)} ${h < 12 ? 'a.m.' : 'p.m.'}`;
}

function isoFormat(d: Date): string {
  const ms = d.getMilliseconds();
  const frac = ms ? `.${pad(ms * 1000, 6)}` : '';
  // Django renders naive datetimes (USE_TZ=False) without an offset, aware ones with it.
  const zone = d instanceof ZonedDate ? offsetString(d, true) : '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${frac}${zone}`;
}

const SPECIFIERS: Record<string, (d: Date) => string> = {
  a: (d) => (d.getHours() < 12 ? 'a.m.' : 'p.m.'),
  A: (d) => (d.getHours() < 12 ? 'AM' : 'PM'),
  b: (d) => MONTHS[d.getMonth()]!.slice(0, 3).toLowerCase(),
  c: isoFormat,
  d: (d) => pad(d.getDate()),
  D: (d) => DAYS[d.getDay()]!.slice(0, 3),
  e: (d) => (d instanceof ZonedDate ? d.abbreviation : offsetString(d)),
  E: (d) => MONTHS[d.getMonth()]!,
  f: timeF,
  F: (d) => MONTHS[d.getMonth()]!,
  g: (d) => String(d.getHours() % 12 || 12),
  G: (d) => String(d.getHours()),
  h: (d) => pad(d.getHours() % 12 || 12),
  H: (d) => pad(d.getHours()),
  i: (d) => pad(d.getMinutes()),
  I: (d) => {
    if (d instanceof ZonedDate) return d.isDst() ? '1' : '0';
    const jan = new Date(d.getFullYear(), 0, 1).getTimezoneOffset();
    const jul = new Date(d.getFullYear(), 6, 1).getTimezoneOffset();
    return d.getTimezoneOffset() < Math.max(jan, jul) ? '1' : '0';
  },
  j: (d) => String(d.getDate()),
  l: (d) => DAYS[d.getDay()]!,
  L: (d) => (isLeap(d.getFullYear()) ? 'True' : 'False'),
  m: (d) => pad(d.getMonth() + 1),
  M: (d) => MONTHS[d.getMonth()]!.slice(0, 3),
  n: (d) => String(d.getMonth() + 1),
  N: (d) => MONTHS_AP[d.getMonth()]!,
  o: (d) => String(isoWeek(d)[0]),
  O: (d) => offsetString(d),
  P: timeP,
  r: (d) => formatDate(d, 'D, d M Y H:i:s O'),
  s: (d) => pad(d.getSeconds()),
  S: (d) => {
    const n = d.getDate();
    if (n === 11 || n === 12 || n === 13) return 'th';
    return ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  },
  t: (d) => String(new Date(d.getFullYear(), d.getMonth() + 1, 0).getDate()),
  T: (d) => (d instanceof ZonedDate ? d.abbreviation : offsetString(d)),
  u: (d) => pad(d.getMilliseconds() * 1000, 6),
  U: (d) => String(Math.floor(d.getTime() / 1000)),
  w: (d) => String(d.getDay()),
  W: (d) => String(isoWeek(d)[1]),
  y: (d) => pad(d.getFullYear() % 100),
  Y: (d) => pad(d.getFullYear(), 4),
  z: (d) => String(dayOfYear(d)),
  Z: (d) => String(-d.getTimezoneOffset() * 60),
};

const TIME_ONLY = new Set('aAefgGhHiIOPsTuZ'.split(''));

/**
 * Format a date with Django's format characters; `\` escapes the next character.
 *
 * @example
 * formatDate(new Date(2024, 0, 5, 15, 30), 'N j, Y, P') // 'Jan. 5, 2024, 3:30 p.m.'
 */
export function formatDate(d: Date, format: string, timeOnly = false): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c === '\\') {
      if (i + 1 < format.length) out += format[++i];
      continue;
    }
    const f = SPECIFIERS[c];
    if (!f) {
      out += c;
      continue;
    }
    if (timeOnly && !TIME_ONLY.has(c)) {
      throw new TypeError(`The format for time objects may not contain date-related format specifiers (found '${c}').`);
    }
    out += f(d);
  }
  return out;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const UNITS: [string, string][] = [
  ['year', 'years'],
  ['month', 'months'],
  ['week', 'weeks'],
  ['day', 'days'],
  ['hour', 'hours'],
  ['minute', 'minutes'],
];
const CHUNKS = [604800, 86400, 3600, 60];

/**
 * Describe the time from `d` to `now` as Django's timesince does: `"2 weeks, 3 days"` (at most
 * `depth` adjacent units, non-breaking spaces inside each).
 *
 * @example
 * timesince(new Date(2024, 0, 1), new Date(2024, 0, 18)) // '2\u00a0weeks, 3\u00a0days'
 */
export function timesince(d: Date, now: Date = new Date(), reversed = false, depth = 2): string {
  if (reversed) [d, now] = [now, d];
  const nbsp = (n: number, i: number): string => `${n}\u00a0${UNITS[i]![n === 1 ? 0 : 1]}`;
  const since = Math.floor((now.getTime() - d.getTime()) / 1000);
  if (since <= 0) return nbsp(0, 5);
  let totalMonths = (now.getFullYear() - d.getFullYear()) * 12 + (now.getMonth() - d.getMonth());
  const dTime = d.getHours() * 3600000 + d.getMinutes() * 60000 + d.getSeconds() * 1000 + d.getMilliseconds();
  const nTime = now.getHours() * 3600000 + now.getMinutes() * 60000 + now.getSeconds() * 1000 + now.getMilliseconds();
  if (d.getDate() > now.getDate() || (d.getDate() === now.getDate() && dTime > nTime)) totalMonths -= 1;
  const years = Math.floor(totalMonths / 12);
  const months = totalMonths % 12;
  let pivot = d;
  if (years || months) {
    let py = d.getFullYear() + years;
    let pm = d.getMonth() + 1 + months;
    if (pm > 12) {
      pm -= 12;
      py += 1;
    }
    pivot = new Date(py, pm - 1, Math.min(MONTH_DAYS[pm - 1]!, d.getDate()), d.getHours(), d.getMinutes(), d.getSeconds());
  }
  let remaining = Math.floor((now.getTime() - pivot.getTime()) / 1000);
  const partials = [years, months];
  for (const chunk of CHUNKS) {
    const count = Math.floor(remaining / chunk);
    partials.push(count);
    remaining -= chunk * count;
  }
  let i = partials.findIndex((v) => v !== 0);
  if (i === -1) return nbsp(0, 5);
  const result: string[] = [];
  while (i < UNITS.length && result.length < depth) {
    const v = partials[i]!;
    if (v === 0) break;
    result.push(nbsp(v, i));
    i++;
  }
  return result.join(', ');
}
