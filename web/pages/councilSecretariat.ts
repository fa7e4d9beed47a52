import type { Context } from 'hono';
import { html } from 'hono/html';
import { appraise, recordAttendance } from '../../client/councilOperations.ts';
import { CliError } from '../../client/exitCodes.ts';
import { peopleNamed } from '../../db/queries/council.ts';
import {
  appraisalSchema,
  atLeast,
  DEFAULT_COUNCIL_RULES,
  type CouncilStatus,
  type QuorumCheck,
  type Verdict,
} from '../../domain/council.ts';
import type { AppEnv, WebDeps } from '../env.ts';
import type { Translate } from '../i18n.ts';
import { formFields, page, type Markup } from '../layout.ts';
import { refusalPage } from './refusal.ts';
import { requestIdOf } from './task.ts';

// The secretariat's part of the council's page: it appraises each cluster's nominations (accept,
// or return with a reason) before the council votes, and records who is present when a session
// opens, with the quorum and the award sessions' attendance rule shown as they stand. The
// person acting is the session's; the council's Update validators check again (secretariat of the
// province, phase, a known nomination, members only). The console's council page
// (web/console/council.ts) shows the same sections, posting to its own routes, and answers the
// actions its own way (a redirect to its page).

/** The nominations the secretariat can still appraise: every one not vetoed or withdrawn. */
const APPRAISABLE = ['pending', 'accepted', 'returned'];
const APPRAISAL_PHASES = ['collecting', 'appraisal', 'rescheduling'];

export interface SecretariatForm {
  /** The nomination whose return failed its reason check, with the reason as typed. */
  nomination?: string;
  reason?: string;
  problem?: string;
}

/** Whether the session may vote, in the page's language (the domain's reason is English, for the CLI). */
export const quorumLine = (t: Translate, check: QuorumCheck) => (check.ok ? t('quorumMet') : t('quorumNotMet', { needed: check.needed }));

export type NamedNomination = (nomination: string) => { award: string; unit: string };

/** Where the forms post: the council's page's routes, or the console's (web/console/council.ts). */
export interface SecretariatPosts {
  appraise: string;
  attendance: string;
}
export const COUNCIL_PAGE_POSTS: SecretariatPosts = { appraise: '/task/council/appraise', attendance: '/task/council/attendance' };

function appraisalSection(
  c: Context<AppEnv>,
  councilId: string,
  status: CouncilStatus,
  name: NamedNomination,
  form: SecretariatForm,
  posts: SecretariatPosts,
) {
  const t = c.get('t');
  const open = Object.entries(status.appraisal)
    .filter(([, v]) => APPRAISABLE.includes(v.status))
    .map(([id]) => id)
    .sort();
  if (!APPRAISAL_PHASES.includes(status.phase)) return html`<p class="notice" role="status">${t('appraisalOver')}</p>`;
  if (!open.length) return html`<p class="notice" role="status">${t('appraisalNothing')}</p>`;
  return html`${open.map((id, i) => {
    const n = name(id);
    const wrong = form.nomination === id && form.problem;
    return html`<section class="appraisal" aria-labelledby="appraise-${i}">
<h3 id="appraise-${i}">${n.award}: ${n.unit}</h3>
<p>${t(`verdict_${status.appraisal[id]!.status}`)}</p>
<form method="post" action="${posts.appraise}">
${formFields(c, councilId)}
<input type="hidden" name="nomination" value="${id}">
<input type="hidden" name="verdict" value="accept">
<button type="submit">${t('appraiseAccept')}</button>
</form>
<form method="post" action="${posts.appraise}">
${formFields(c, councilId)}
<input type="hidden" name="nomination" value="${id}">
<input type="hidden" name="verdict" value="return">
<div class="field${wrong ? ' invalid' : ''}">
<label for="appraise-reason-${i}">${t('appraiseReturnReason')}</label>
<textarea id="appraise-reason-${i}" name="reason" rows="3" maxlength="5000" required${
      wrong ? html` aria-invalid="true" aria-describedby="appraise-reason-${i}-error"` : ''
    }>${form.nomination === id ? (form.reason ?? '') : ''}</textarea>
${wrong ? html`<p class="error" id="appraise-reason-${i}-error">${form.problem}</p>` : ''}
</div>
<button type="submit">${t('appraiseReturn')}</button>
</form>
</section>`;
  })}`;
}

/** The council's quorum and the award sessions' attendance rule, in people, as its rules and members make them. */
export function attendanceRule(t: Translate, status: CouncilStatus): Markup {
  const rules = status.rules ?? DEFAULT_COUNCIL_RULES;
  const members = status.members.length;
  const quorum = atLeast(rules.quorum, members);
  const award = atLeast(rules.awardAttendance, members);
  return html`<p>${t('attendanceRule', { members, quorum, award, share: Math.round(rules.awardAttendance * 100) })}</p>`;
}

async function attendanceSection(c: Context<AppEnv>, deps: WebDeps, councilId: string, status: CouncilStatus, posts: SecretariatPosts) {
  const t = c.get('t');
  const members = status.members.length;
  const rule = attendanceRule(t, status);
  const current = status.sessions.at(-1);
  if (current?.present) {
    const check = current.quorum;
    return html`${rule}<p class="notice" role="status">${t('attendanceTaken', { session: current.number, present: current.present.length, members })} ${
      check ? quorumLine(t, check) : ''
    }</p>`;
  }
  if (status.phase !== 'session' || !current) return html`${rule}<p class="notice" role="status">${t('attendanceNotYet')}</p>`;
  const names = await peopleNamed(deps.db, status.members);
  return html`${rule}
<form method="post" action="${posts.attendance}">
${formFields(c, councilId)}
<fieldset>
<legend>${t('attendanceWho', { session: current.number })}</legend>
${status.members.map(
  (m, i) => html`<div class="choice"><input type="checkbox" id="present-${i}" name="present.${m}" value="on">
<label for="present-${i}">${names.get(m) ?? m} (${m})</label></div>`,
)}
</fieldset>
<button type="submit">${t('attendanceRecord')}</button>
</form>`;
}

/** The secretariat's sections of the council's page: the appraisal, then the session's attendance. */
export async function secretariatSection(
  c: Context<AppEnv>,
  deps: WebDeps,
  councilId: string,
  status: CouncilStatus,
  name: NamedNomination,
  form: SecretariatForm,
  posts: SecretariatPosts = COUNCIL_PAGE_POSTS,
): Promise<Markup> {
  const t = c.get('t');
  return html`<h2>${t('appraisalHeading')}</h2>
${appraisalSection(c, councilId, status, name, form, posts)}
<h2>${t('attendanceHeading')}</h2>
${await attendanceSection(c, deps, councilId, status, posts)}`;
}

/** Redraws the council's page with a problem beside the return's reason. */
export type CouncilRedraw = (form: SecretariatForm) => Promise<Response>;

/** What a page answers once an action is taken: the council's page shows a receipt, the console redirects to its page. */
export type Answer<T> = (outcome: T) => Response | Promise<Response>;

/** The council's page's receipt: what was recorded, and the way back to the council. */
function receipt(c: Context<AppEnv>, councilId: string, message: Markup) {
  const t = c.get('t');
  return page(
    c,
    t('receiptTitle'),
    html`<p class="notice" role="status">${message}</p>
<p><a href="/task?wf=${encodeURIComponent(councilId)}">${t('backToCouncil')}</a></p>
<p><a href="/">${t('back')}</a></p>`,
  );
}

/** An appraisal: accept, or return with a reason, as the session's person; `answer` says what was recorded. */
export async function appraiseAction(
  c: Context<AppEnv>,
  deps: WebDeps,
  councilId: string,
  actor: string,
  name: NamedNomination,
  redraw: CouncilRedraw,
  answer: Answer<{ nomination: string; verdict: Verdict }> = ({ nomination, verdict }) =>
    receipt(
      c,
      councilId,
      html`${c.get('t')('appraisedReceipt', { ...name(nomination), verdict: c.get('t')(`verdict_${verdict.status}`) })}`,
    ),
) {
  const t = c.get('t');
  const form = c.get('form');
  const nomination = form.nomination ?? '';
  const verdict: 'accept' | 'return' = form.verdict === 'return' ? 'return' : 'accept';
  const reason = verdict === 'return' ? (form.reason ?? '') : undefined;
  const appraisal = { actor, nomination, verdict, ...(reason !== undefined ? { reason } : {}) };
  // The domain's own rule first, so a short reason is shown beside its field with the text kept.
  const parsed = appraisalSchema.safeParse(appraisal);
  if (!parsed.success && verdict === 'return' && (reason?.trim().length ?? 0) < 10)
    return redraw({ nomination, reason: reason ?? '', problem: t('reasonTooShort') });
  try {
    const recorded = await appraise(deps.temporal, { councilId, appraisal, ...requestIdOf(form) });
    return await answer({ nomination, verdict: recorded });
  } catch (error) {
    if (error instanceof CliError) return refusalPage(c, error);
    throw error;
  }
}

/** What the receipt says of a session's attendance: who came of how many, and whether it may vote. */
export function attendanceLine(t: Translate, check: QuorumCheck): string {
  return `${t('attendanceReceipt', { present: check.present, members: check.members, needed: check.needed })} ${quorumLine(t, check)}`;
}

/** The open session's attendance: the members ticked present, as the session's person; `answer` says whether it may vote. */
export async function attendanceAction(
  c: Context<AppEnv>,
  deps: WebDeps,
  councilId: string,
  actor: string,
  answer: Answer<QuorumCheck> = (check) => receipt(c, councilId, html`${attendanceLine(c.get('t'), check)}`),
) {
  const form = c.get('form');
  const present = Object.keys(form)
    .filter((k) => k.startsWith('present.') && form[k] === 'on')
    .map((k) => k.slice('present.'.length));
  try {
    const check = await recordAttendance(deps.temporal, { councilId, attendance: { actor, present }, ...requestIdOf(form) });
    return await answer(check);
  } catch (error) {
    if (error instanceof CliError) return refusalPage(c, error);
    throw error;
  }
}
