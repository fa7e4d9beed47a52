import type { MailReader } from '../infra/mailSink.ts';
import { demoPeople } from '../scripts/demoParticipant.ts';

// The bench's participants who act through the web pages, as the demo's do (scripts/demoParticipant.ts):
// each opens the task link of their mail, then sends the page's form. Only the form's post is
// timed: the web server's answer to it is the participants' slowest page.

export interface WebActor {
  /** Opens the member's task page; the function returned sends its form and says how long the post took. */
  open(
    round: 'pledge' | 'report-H1',
    roundId: string,
    member: { unit: string; rep: string },
  ): Promise<() => Promise<{ what: string; ms: number }>>;
}

export function webActor(opts: { mail: MailReader; baseUrl: string }): WebActor {
  const people = demoPeople(opts);
  return {
    async open(round, roundId, { unit, rep }) {
      const person = people(rep);
      const page = await person.openTask(roundId, unit);
      return async () => {
        const t0 = performance.now();
        if (round === 'pledge') await person.submit(page, { action: '/task/pledge' }, () => ({}));
        else await person.submit(page, { action: '/task/report' }, () => ({ narrative: `Sơ kết 6 tháng của ${unit}.` }));
        return { what: `POST /task/${round === 'pledge' ? 'pledge' : 'report'}`, ms: Math.round(performance.now() - t0) };
      };
    },
  };
}
