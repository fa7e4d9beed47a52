import type { CycleCalendar } from '../domain/calendar.ts';
import { cycleId as cycleIdOf } from '../domain/ids.ts';
import { vietnamLocalInput } from '../domain/time.ts';
import { pageMessage, type Page, type Participant } from './demoParticipant.ts';

// What the demo's secretariat (snv.ha) does on the console, as the representatives do on their
// task pages (demoParticipant.ts): signed in by mail, it reads the page's form and sends it as a
// browser would. The console answers an action by going back to the cycle's page with a notice
// saying what was recorded; anything else fails loudly with what the page said.

const cyclePath = (cycleId: string) => `/console/cycle?id=${encodeURIComponent(cycleId)}`;

/** The notice the cycle's page shows after an action, or a failure naming what the page said instead. */
function confirmed(person: Participant, what: string, page: Page): string {
  const url = new URL(page.url);
  const notice = /<p class="notice" role="status">([\s\S]*?)<\/p>/.exec(page.html)?.[1];
  if (page.status !== 200 || url.pathname !== '/console/cycle' || notice === undefined)
    throw new Error(`${person.personId}: ${what} was not recorded (${page.status} at ${page.url}): ${pageMessage(page)}`);
  return notice;
}

/** Starts a cluster's year from the console's start page, with the calendar given as JSON; returns the cycle's id. */
export async function startCycleOnConsole(person: Participant, cluster: string, year: number, calendar: CycleCalendar): Promise<string> {
  await person.ensureSignedIn();
  const form = await person.request(`/console/start?cluster=${encodeURIComponent(cluster)}&year=${year}`);
  const answer = await person.submit(
    form,
    { action: '/console/start' },
    () => ({ cluster, year: String(year), calendar: 'json', calendarJson: JSON.stringify(calendar) }),
    { receipt: false },
  );
  confirmed(person, `starting ${cluster} ${year}`, answer);
  return cycleIdOf(cluster, year);
}

/** Extends a round's deadline for one unit on the cycle's page (the time in Vietnam's, to the second). */
export async function extendOnConsole(
  person: Participant,
  args: { cycleId: string; round: string; unit: string; untilMs: number; reason: string },
): Promise<string> {
  await person.ensureSignedIn();
  const page = await person.request(cyclePath(args.cycleId));
  const answer = await person.submit(
    page,
    { action: '/console/cycle/extend' },
    () => ({ round: args.round, units: args.unit, until: vietnamLocalInput(args.untilMs, 'second'), reason: args.reason }),
    { receipt: false },
  );
  return confirmed(person, `extending ${args.unit}'s ${args.round} deadline`, answer);
}
