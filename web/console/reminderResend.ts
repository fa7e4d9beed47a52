import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { html } from 'hono/html';
import { sql } from 'kysely';
import { pendingTasks, type PendingTask } from '../../client/adminOperations.ts';
import { latestResent, latestTaskMail, resentKeyPrefix } from '../../db/queries/reminderMails.ts';
import { namesOf } from '../../db/queries/provinceClusters.ts';
import { parseCycleId, splitRoundId, unitCode } from '../../domain/ids.ts';
import type { AppEnv, WebDeps } from '../env.ts';
import { formatTime } from '../i18n.ts';
import type { Markup } from '../layout.ts';
import { messagePage } from '../layout.ts';
import { consoleOf, cycleInProvince, notInProvince, refuseUnlessMayAct } from './access.ts';

// "Re-send the reminder" on /console/pending: the secretariat mails a unit's representative the
// newest reminder (else the invitation) the worker sent for a task still open, as it was worded,
// through the web's mailer. The mail is recorded in email_outbox and an audit event
// `reminder.resent` names who sent it again. At most once per 10 minutes per task: the check, the
// records and the sending run in one transaction under a lock on the task, so two clicks at once
// cannot both send, and a mail that fails to go leaves nothing recorded.

export const RESEND_INTERVAL_MS = 10 * 60_000;

/** Whether the task is a unit's task in a round: those have a reminder that can be mailed again. */
export function isRoundTask(task: PendingTask): task is PendingTask & { unit: string } {
  return task.unit !== undefined && splitRoundId(task.workflowId) !== undefined;
}

/** A Message-ID of its own for the re-sent mail (the outbox wants one per row), on the sender's domain. */
function messageId(mailFrom: string): string {
  const domain = /@([^>\s]+)/.exec(mailFrom)?.[1] ?? 'tdkt.invalid';
  return `<resent-${randomUUID()}@${domain}>`;
}

export async function resendReminderAction(c: Context<AppEnv>, deps: WebDeps): Promise<Response> {
  const refused = refuseUnlessMayAct(c, 'cycle');
  if (refused) return refused;
  const t = c.get('t');
  const lang = c.get('lang');
  const { db, config } = deps;
  const clock = deps.clock ?? Date.now;
  const form = c.get('form');
  const round = form.wf ? splitRoundId(form.wf) : undefined;
  const cycle = round ? parseCycleId(round.cycleId) : undefined;
  if (!form.wf || !round || !cycle || !unitCode.safeParse(form.unit).success)
    return messagePage(c, 400, 'invalidTitle', t('pendingBadTask'), { href: '/console/pending', label: t('pendingAll') });
  const roundId = form.wf;
  const unit = form.unit!;
  if (!(await cycleInProvince(c, deps, round.cycleId))) return notInProvince(c);
  // Back to the filters the page had (only a path of this page is taken).
  const back = form.back?.startsWith('/console/pending') && form.back.length < 300 ? form.back : '/console/pending';
  const backLink = { href: back, label: t('pendingBack') };

  const task = (await pendingTasks(deps.temporal, { cluster: cycle.cluster, unit })).find((p) => p.workflowId === roundId);
  if (!task || !isRoundTask(task)) return messagePage(c, 409, 'pendingNotWaitingTitle', t('pendingNotWaiting'), backLink);

  // The signed-in person acts, never a name from the form.
  const actor = consoleOf(c).person.id;
  const now = clock();
  const outcome = await db.transaction().execute(async (tx) => {
    // One resend of a task at a time, across every web server: the lock ends with the transaction.
    await sql`select pg_advisory_xact_lock(hashtext(${resentKeyPrefix(roundId, unit)}))`.execute(tx);
    const last = await latestResent(tx, roundId, unit);
    if (last && now - last.created_at.getTime() < RESEND_INTERVAL_MS) return { kind: 'tooSoon', at: last.created_at.getTime() } as const;
    const original = await latestTaskMail(tx, roundId, unit, task.who);
    if (!original) return { kind: 'noMail' } as const;
    const key = `${resentKeyPrefix(roundId, unit)}${now}`;
    const id = messageId(config.MAIL_FROM);
    await tx
      .insertInto('email_outbox')
      .values({
        key,
        cycle_id: original.cycle_id,
        person_id: task.who,
        recipient: original.recipient,
        subject: original.subject,
        text_body: original.text_body,
        html_body: original.html_body,
        message_id: id,
        status: 'sent',
        attempts: 1,
        last_error: null,
        created_at: new Date(now),
        sent_at: new Date(now),
      })
      .execute();
    await tx
      .insertInto('audit_event')
      .values({
        key,
        cycle_id: round.cycleId,
        actor,
        action: 'reminder.resent',
        subject: unit,
        details: JSON.stringify({ round: roundId, unit, to: task.who, mail: key, resentFrom: original.key }),
        occurred_at: new Date(now),
      })
      .execute();
    // Sent last: if it fails, the transaction rolls back and nothing says it was sent.
    await deps.mailer.sendMail({
      from: config.MAIL_FROM,
      to: { name: '', address: original.recipient },
      subject: original.subject,
      text: original.text_body,
      html: original.html_body,
      messageId: id,
      headers: { 'X-Tdkt-Key': key },
    });
    return { kind: 'sent' } as const;
  });

  if (outcome.kind === 'tooSoon') {
    const again = outcome.at + RESEND_INTERVAL_MS;
    return messagePage(
      c,
      429,
      'pendingTooSoonTitle',
      t('pendingTooSoon', { at: formatTime(outcome.at, lang), again: formatTime(again, lang) }),
      backLink,
    );
  }
  if (outcome.kind === 'noMail') return messagePage(c, 409, 'pendingNoMailTitle', t('pendingNoMail'), backLink);
  const target = new URL(back, config.WEB_BASE_URL);
  target.searchParams.set('resentRound', roundId);
  target.searchParams.set('resentUnit', unit);
  return c.redirect(`${target.pathname}${target.search}`, 303);
}

/** The confirmation after a resend (the page's `resentRound`/`resentUnit`): to whom and when, from the outbox. */
export async function resentNotice(c: Context<AppEnv>, deps: WebDeps, roundId: string, unit: string): Promise<Markup | ''> {
  const round = splitRoundId(roundId);
  if (!round || !(await cycleInProvince(c, deps, round.cycleId))) return '';
  const last = await latestResent(deps.db, roundId, unit);
  if (!last?.person_id) return '';
  const names = await namesOf(deps.db, [last.person_id, unit]);
  const t = c.get('t');
  return html`<p class="notice" role="status">${t('pendingResent', {
    name: names.get(last.person_id) ?? last.person_id,
    email: last.recipient,
    unit: names.get(unit) ?? unit,
    at: formatTime(last.created_at, c.get('lang')),
  })}</p>`;
}
