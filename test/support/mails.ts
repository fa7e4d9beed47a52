import type { ReceivedMail } from '../../infra/mailSink.ts';
import { verifyTaskLink, type LinkKey, type TaskClaim } from '../../taskLinks/taskLink.ts';

/** The outbox key a mail was sent under (X-Tdkt-Key), so tests pick their own cycle's mails from the shared sink. */
export function keyOf(mail: ReceivedMail): string {
  const value = mail.headers['x-tdkt-key'];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

export function mailsOf(all: ReceivedMail[], cycleId: string): ReceivedMail[] {
  return all.filter((m) => keyOf(m).startsWith(`${cycleId}`));
}

/**
 * The personal task link a mail carries (`<base>/t/<token>`, as a plain URL in the text part and
 * the same URL as a link in the HTML part), verified with the run's keys at `now`: its claim.
 * Throws when the mail has no link, its parts disagree, or the link does not verify.
 */
export function taskLinkClaim(mail: ReceivedMail, links: { baseUrl: string; keys: readonly LinkKey[] }, now = Date.now()): TaskClaim {
  const prefix = `${links.baseUrl.replace(/\/+$/, '')}/t/`;
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const found = new RegExp(`${escaped}([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)`).exec(mail.text);
  if (!found) throw new Error(`no task link in the text of "${mail.subject}"`);
  const url = found[0];
  if (!mail.html.includes(`<a href="${url}">${url}</a>`)) throw new Error(`the HTML part of "${mail.subject}" does not link ${url}`);
  const check = verifyTaskLink(found[1]!, links.keys, now);
  if (!check.ok) throw new Error(`the task link of "${mail.subject}" does not verify: ${check.reason}`);
  return check.claim;
}
