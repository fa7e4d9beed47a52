import type { MailReader } from '../infra/mailSink.ts';
import { demoPeople, type Form, type FormPick, type Page, type Participant } from '../scripts/demoParticipant.ts';

// The bench's participants who act through the web pages, as the demo's do (scripts/demoParticipant.ts):
// each opens the task link of their mail, then sends the page's form. Only the form's post is
// timed: the web server's answer to it is the participants' slowest page.

export type WebRound = 'pledge' | 'report-H1';

export interface WebActor {
  /** Opens the member's task page; the function returned sends its form and says how long the post took. */
  open(round: WebRound, roundId: string, member: { unit: string; rep: string }): Promise<() => Promise<{ what: string; ms: number }>>;
}

/** Sends the page's form and resolves once its answer is the receipt (the fault suite's sends it again after a failure). */
export type FormSender = (
  round: WebRound,
  person: Participant,
  page: Page,
  pick: FormPick,
  fill: (form: Form) => Record<string, string>,
) => Promise<unknown>;

/** Once: Participant.submit throws unless the answer is the receipt. */
const sendOnce: FormSender = (_round, person, page, pick, fill) => person.submit(page, pick, fill);

export function webActor(opts: { mail: MailReader; baseUrl: string; send?: FormSender }): WebActor {
  const people = demoPeople(opts);
  const send = opts.send ?? sendOnce;
  return {
    async open(round, roundId, { unit, rep }) {
      const person = people(rep);
      const page = await person.openTask(roundId, unit);
      return async () => {
        const t0 = performance.now();
        if (round === 'pledge') await send(round, person, page, { action: '/task/pledge' }, () => ({}));
        else await send(round, person, page, { action: '/task/report' }, () => ({ narrative: `Sơ kết 6 tháng của ${unit}.` }));
        return { what: `POST /task/${round === 'pledge' ? 'pledge' : 'report'}`, ms: Math.round(performance.now() - t0) };
      };
    },
  };
}
