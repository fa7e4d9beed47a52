import type { FormSender, WebRound } from '../../bench/webActor.ts';
import { pageMessage, receiptOf, type Page } from '../../scripts/demoParticipant.ts';
import type { FaultStack } from './faultStack.ts';

// The web server killed while form posts are in flight: in one round, `killAfterMs` after its first
// post leaves, the web server gets SIGKILL, then is started again. A person whose post got no answer
// (the connection died with the server) or the clear retry page (500, "try again in a few minutes")
// sends the same form again, as pressing the button again does: its hidden request id goes with
// it, so the retry must not record twice (the fault counts check) and must answer with the receipt.

export interface WebKillRecord {
  posts: number;
  /** Posts that got no answer: the server died under them. */
  unanswered: number;
  /** Answers that were the retry page rather than the receipt. */
  retryPages: number;
  /** Forms sent again. */
  resent: number;
  receipts: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Tries per form: the first, and again after the server is back (twice more if it answers with the retry page). */
const TRIES = 4;

export function killingWebSender(
  stack: Pick<FaultStack, 'web'>,
  opts: { round: WebRound; killAfterMs: number; log: (line: string) => void },
): { send: FormSender; record: WebKillRecord } {
  const record: WebKillRecord = { posts: 0, unanswered: 0, retryPages: 0, resent: 0, receipts: 0 };
  let killed: Promise<void> | undefined;
  const killOnce = () =>
    (killed ??= (async () => {
      await sleep(opts.killAfterMs);
      await stack.web.kill();
      opts.log(`web server killed ${opts.killAfterMs} ms after the first ${opts.round} post left`);
      await stack.web.start();
    })());
  const send: FormSender = async (round, person, page, pick, fill) => {
    for (let tries = 1; ; tries++) {
      record.posts++;
      if (tries > 1) record.resent++;
      const answering = person.submit(page, pick, fill, { receipt: false });
      const back = round === opts.round ? killOnce() : undefined;
      let answer: Page | undefined;
      try {
        answer = await answering;
      } catch {
        record.unanswered++;
      }
      if (answer) {
        if (receiptOf(answer) !== undefined) {
          record.receipts++;
          return answer;
        }
        if (answer.status !== 500) throw new Error(`${person.personId}: ${pick.action} answered ${answer.status}: ${pageMessage(answer)}`);
        record.retryPages++;
      }
      if (tries === TRIES) throw new Error(`${person.personId}: ${pick.action} had no receipt after ${TRIES} tries`);
      await back;
      await sleep(500 * tries);
    }
  };
  return { send, record };
}
