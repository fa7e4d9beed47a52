import { emailOf } from '../../db/referenceData.ts';
import { compressedCalendar, type CycleCalendar } from '../../domain/calendar.ts';
import type { Harness } from '../support/harness.ts';
import { Browser, signInByMail, startTestWeb, type TestWeb } from './webSupport.ts';

// The web server of a console test: on the harness's task queue, so that a cycle started from the
// console runs on the file's worker, and with the console's settings; and a browser signed in as
// one of the console's reference people (db/referenceData.ts).

/** The console's reference people: Điện Biên's secretariat and administrator, Lai Châu's secretariat. */
export const CONSOLE_PEOPLE = { secretariat: 'snv.ha', administrator: 'qt.khanh', otherProvince: 'lc.thuy' } as const;

export async function startConsoleWeb(h: Harness, opts: { allowTestCalendar?: boolean } = {}): Promise<TestWeb> {
  return startTestWeb(h, {}, undefined, {
    TEMPORAL_TASK_QUEUE: h.taskQueue,
    TDKT_WEB_ALLOW_TEST_CALENDAR: opts.allowTestCalendar ? 'true' : 'false',
  });
}

/** A browser signed in by mail as `person`. */
export async function consoleBrowser(web: TestWeb, h: Harness, person: string): Promise<Browser> {
  const browser = new Browser(web.url);
  await signInByMail(web, h, browser, emailOf(person));
  return browser;
}

/**
 * A compressed year (rounds of `roundMs`) whose pledge round is due in a third of a round, so that
 * its deadline can be extended: a compressed calendar packs every step tight against the next.
 */
export function roomyCalendar(roundMs = 600_000, startMs = Date.now()): CycleCalendar {
  const calendar = compressedCalendar(startMs, roundMs);
  const iso = (ms: number) => new Date(ms).toISOString();
  calendar.pledge = {
    ...calendar.pledge,
    deadline: iso(startMs + roundMs / 3),
    remindBefore: [],
    late: { mode: 'accept', graceUntil: iso(startMs + roundMs / 2), penaltyPoints: 0 },
  };
  return calendar;
}
