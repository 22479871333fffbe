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

const GMT8_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/;

/**
 * The instant a `yyyy-MM-dd HH:mm:ss` or `yyyy-MM-dd` (midnight) text names at GMT+8, or
 * undefined when the text is not such a date-time (including impossible ones like `02-30`).
 */
export function parseGmt8(text: string): Date | undefined {
  const m = GMT8_TEXT.exec(text);
  if (m === null) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] =
    m[4] === undefined ? [0, 0, 0] : [Number(m[4]), Number(m[5]), Number(m[6])];
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return undefined;
  const wall = new Date(0);
  wall.setUTCFullYear(year, month - 1, day);
  wall.setUTCHours(hour, minute, second, 0);
  if (wall.getUTCDate() !== day) return undefined;
  return new Date(wall.getTime() - GMT8_OFFSET_MS);
}
