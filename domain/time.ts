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

/**
 * The one way a time is shown to a person, on the web and in the CLI alike: Vietnam time, clock then
 * day — "17:00:00 ngày 31/03/2018" as the mails say it, "17:00:00 on 31/03/2018" in English. Where
 * the zone is not said around it (a page's note, a table's heading), it is Vietnam's all the same.
 */
export function formatVietnamTime(ms: number, lang: 'vi' | 'en' = 'vi'): string {
  return `${formatVietnamClock(ms)} ${lang === 'vi' ? 'ngày' : 'on'} ${formatVietnamDate(ms)}`;
}

/** yyyy-mm-dd, the day in Vietnam: how dates are stored and compared (a merge's date, a PostgreSQL date). */
export function vietnamIsoDate(ms: number): string {
  return new Date(ms + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

const VIETNAM_LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A date-time typed on Vietnam's wall clock, as a datetime-local field sends it
 * ("2018-12-20T08:00", seconds optional), as an instant; undefined when it is no such time (a
 * 31 February is refused, not rolled over into March).
 */
export function parseVietnamLocal(text: string): number | undefined {
  const parts = VIETNAM_LOCAL.exec(text)
    ?.slice(1)
    .map((p) => Number(p ?? 0));
  if (!parts) return undefined;
  const [year, month, day, hour, minute, second] = parts as [number, number, number, number, number, number];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second) - VIETNAM_OFFSET_MS;
  const back = new Date(ms + VIETNAM_OFFSET_MS);
  const same =
    back.getUTCFullYear() === year &&
    back.getUTCMonth() === month - 1 &&
    back.getUTCDate() === day &&
    back.getUTCHours() === hour &&
    back.getUTCMinutes() === minute &&
    back.getUTCSeconds() === second;
  return same ? ms : undefined;
}

/**
 * The instant on Vietnam's wall clock, as a datetime-local field shows it: yyyy-mm-ddThh:mm, or
 * with the seconds (a compressed test calendar's deadlines are seconds apart).
 */
export function vietnamLocalInput(ms: number, precision: 'minute' | 'second' = 'minute'): string {
  return new Date(ms + VIETNAM_OFFSET_MS).toISOString().slice(0, precision === 'minute' ? 16 : 19);
}
