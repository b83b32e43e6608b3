// A Date whose calendar getters read the wall clock of a named IANA time zone, so the date
// formatter (which reads getHours(), getTimezoneOffset()...) shows times in that zone, as
// Django's template_localtime() does with USE_TZ=True. Layer 0: no framework imports.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      timeZoneName: 'short',
    });
    formatters.set(zone, f);
  }
  return f;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hours: number;
  minutes: number;
  seconds: number;
  /** Minutes east of UTC. */
  offset: number;
  abbreviation: string;
}

function wallClock(time: number, zone: string): WallClock {
  const w: WallClock = { year: 0, month: 0, day: 1, hours: 0, minutes: 0, seconds: 0, offset: 0, abbreviation: '' };
  for (const p of formatterFor(zone).formatToParts(time)) {
    switch (p.type) {
      case 'year': w.year = Number(p.value); break;
      case 'month': w.month = Number(p.value) - 1; break;
      case 'day': w.day = Number(p.value); break;
      case 'hour': w.hours = Number(p.value) % 24; break;
      case 'minute': w.minutes = Number(p.value); break;
      case 'second': w.seconds = Number(p.value); break;
      case 'timeZoneName': w.abbreviation = p.value; break;
      default: break;
    }
  }
  const wholeSeconds = time - (((time % 1000) + 1000) % 1000);
  w.offset = Math.round((Date.UTC(w.year, w.month, w.day, w.hours, w.minutes, w.seconds) - wholeSeconds) / 60000);
  return w;
}

/**
 * Check that `zone` names a time zone the runtime knows (`'America/Chicago'`, `'UTC'`).
 *
 * @example
 * isValidTimeZone('Europe/Paris') // true
 */
export function isValidTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/**
 * A Date shown in a named time zone: the same instant, but `getHours()`, `getDate()`,
 * `getTimezoneOffset()`... give the wall clock of `timeZone`.
 *
 * Differs from Django: Django converts an aware datetime with `localtime()`; a JS Date has no
 * zone, so the zone travels with this subclass. `abbreviation` comes from `Intl` (en-US), so
 * zones without a common English abbreviation show `GMT+5:30` where Django shows `IST`.
 *
 * @example
 * const d = new ZonedDate(Date.UTC(2024, 0, 15, 12), 'America/Chicago');
 * d.getHours() // 6
 */
export class ZonedDate extends Date {
  readonly timeZone: string;
  readonly #wall: WallClock;

  constructor(time: number, timeZone: string) {
    super(time);
    this.timeZone = timeZone;
    this.#wall = wallClock(time, timeZone);
  }

  override getFullYear(): number {
    return this.#wall.year;
  }
  override getMonth(): number {
    return this.#wall.month;
  }
  override getDate(): number {
    return this.#wall.day;
  }
  override getDay(): number {
    return new Date(Date.UTC(this.#wall.year, this.#wall.month, this.#wall.day)).getUTCDay();
  }
  override getHours(): number {
    return this.#wall.hours;
  }
  override getMinutes(): number {
    return this.#wall.minutes;
  }
  override getSeconds(): number {
    return this.#wall.seconds;
  }
  override getTimezoneOffset(): number {
    return -this.#wall.offset;
  }

  /** The zone's short name at this instant (`CST`, `CDT`, `UTC`). */
  get abbreviation(): string {
    return this.#wall.abbreviation;
  }

  /** Whether daylight saving time is in effect (the offset is ahead of the year's standard). */
  isDst(): boolean {
    const y = this.getUTCFullYear();
    const jan = wallClock(Date.UTC(y, 0, 1), this.timeZone).offset;
    const jul = wallClock(Date.UTC(y, 6, 1), this.timeZone).offset;
    return this.#wall.offset > Math.min(jan, jul);
  }
}

/**
 * Return `d` shown in `timeZone`, or `d` itself when no zone is given (process local time).
 *
 * @example
 * inTimeZone(new Date(), 'Asia/Kolkata').getTimezoneOffset() // -330
 */
export function inTimeZone(d: Date, timeZone: string | undefined): Date {
  if (timeZone === undefined || Number.isNaN(d.getTime())) return d;
  if (d instanceof ZonedDate && d.timeZone === timeZone) return d;
  return new ZonedDate(d.getTime(), timeZone);
}
