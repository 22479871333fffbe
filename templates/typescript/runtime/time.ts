// Timestamps at UTC+08:00 (China has no daylight saving time), whatever the host's time zone.

const GMT8_OFFSET_MS = 8 * 60 * 60 * 1000;

/** `yyyy-MM-dd HH:mm:ss` at UTC+08:00 for a Unix time in milliseconds. */
export function formatGmt8(unixMillis: number): string {
  const d = new Date(unixMillis + GMT8_OFFSET_MS);
  const p = (n: number, width = 2): string => String(n).padStart(width, "0");
  return `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** Whole Unix seconds for a Unix time in milliseconds. */
export function unixSeconds(unixMillis: number): string {
  return String(Math.floor(unixMillis / 1000));
}
