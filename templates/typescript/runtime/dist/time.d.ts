/** `yyyy-MM-dd HH:mm:ss` at UTC+08:00 for a Unix time in milliseconds. */
export declare function formatGmt8(unixMillis: number): string;
/** Whole Unix seconds for a Unix time in milliseconds. */
export declare function unixSeconds(unixMillis: number): string;
/**
 * The instant a `yyyy-MM-dd HH:mm:ss` or `yyyy-MM-dd` (midnight) text names at GMT+8, or
 * undefined when the text is not such a date-time (including impossible ones like `02-30`).
 * Read by character codes: responses carry many dates, and this runs for each.
 */
export declare function parseGmt8(text: string): Date | undefined;
