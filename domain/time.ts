// Dates as Vietnamese offices write them, in Vietnam's time (UTC+07:00, no daylight saving), so
// that a deadline reads the same in a mail, the CLI and a workflow error whatever the server's zone.
const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;

const two = (n: number) => String(n).padStart(2, '0');

/** dd/mm/yyyy, the day in Vietnam. */
export function formatVietnamDate(ms: number): string {
  const t = new Date(ms + VIETNAM_OFFSET_MS);
  return `${two(t.getUTCDate())}/${two(t.getUTCMonth() + 1)}/${t.getUTCFullYear()}`;
}

/** hh:mm:ss, the time of day in Vietnam. */
export function formatVietnamClock(ms: number): string {
  const t = new Date(ms + VIETNAM_OFFSET_MS);
  return `${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())}`;
}

export function formatVietnamTime(ms: number): string {
  return `${formatVietnamClock(ms)} ngày ${formatVietnamDate(ms)}`;
}

/** yyyy-mm-dd, the day in Vietnam: how dates are stored and compared (a merge's date, a PostgreSQL date). */
export function vietnamIsoDate(ms: number): string {
  return new Date(ms + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** yyyy-mm-ddThh:mm:ss, the wall time in Vietnam: what a datetime-local field holds. */
export function vietnamLocalDateTime(ms: number): string {
  return new Date(ms + VIETNAM_OFFSET_MS).toISOString().slice(0, 19);
}
