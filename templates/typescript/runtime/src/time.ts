// Date-times at UTC+08:00 (China has no daylight saving time), whatever the host's time zone.

const GMT8_OFFSET_MS = 8 * 60 * 60 * 1000;

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `yyyy-MM-dd HH:mm:ss` at UTC+08:00 for a Unix time in milliseconds. */
export function formatGmt8(unixMillis: number): string {
  const d = new Date(unixMillis + GMT8_OFFSET_MS);
  const year = String(d.getUTCFullYear()).padStart(4, "0");
  return `${year}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** Whole Unix seconds for a Unix time in milliseconds. */
export function unixSeconds(unixMillis: number): string {
  return String(Math.floor(unixMillis / 1000));
}

/** The two ASCII digits at `at` as a number, or -1. */
function twoDigits(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (any year 0–9999, no two-digit-year rule). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy =
    Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2)
    return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * The instant a `yyyy-MM-dd HH:mm:ss` or `yyyy-MM-dd` (midnight) text names at GMT+8, or
 * undefined when the text is not such a date-time (including impossible ones like `02-30`).
 * Read by character codes: responses carry many dates, and this runs for each.
 */
export function parseGmt8(text: string): Date | undefined {
  const length = text.length;
  if (length !== 10 && length !== 19) return undefined;
  const century = twoDigits(text, 0);
  const yy = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (
    century < 0 ||
    yy < 0 ||
    text.charCodeAt(4) !== 0x2d ||
    text.charCodeAt(7) !== 0x2d ||
    month < 1 ||
    month > 12 ||
    day < 1
  )
    return undefined;
  const year = century * 100 + yy;
  if (day > daysInMonth(year, month)) return undefined;
  let seconds = 0;
  if (length === 19) {
    const hour = twoDigits(text, 11);
    const minute = twoDigits(text, 14);
    const second = twoDigits(text, 17);
    if (
      text.charCodeAt(10) !== 0x20 ||
      text.charCodeAt(13) !== 0x3a ||
      text.charCodeAt(16) !== 0x3a ||
      hour < 0 ||
      hour > 23 ||
      minute < 0 ||
      minute > 59 ||
      second < 0 ||
      second > 59
    )
      return undefined;
    seconds = hour * 3600 + minute * 60 + second;
  }
  return new Date(
    (daysFromCivil(year, month, day) * 86400 + seconds) * 1000 - GMT8_OFFSET_MS,
  );
}
