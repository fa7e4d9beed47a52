import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { z } from 'zod';
import { councilStatus, reschedule } from '../../client/councilOperations.ts';
import { CliError } from '../../client/exitCodes.ts';
import { councilRecord, writtenVotesOf, type CouncilRecord } from '../../db/queries/council.ts';
import type { CouncilStatus } from '../../domain/council.ts';
import { isCouncilId } from '../../domain/ids.ts';
import { parseVietnamLocal, vietnamLocalInput } from '../../domain/time.ts';
import type { AppEnv, WebDeps } from '../env.ts';
import { formatTime, phaseName } from '../i18n.ts';
import { formFields, messagePage, type Markup } from '../layout.ts';
import { namerFor, nominationsSection, type Namer } from '../pages/council.ts';
import {
  appraiseAction,
  attendanceAction,
  attendanceLine,
  attendanceRule,
  quorumLine,
  secretariatSection,
  type SecretariatForm,
} from '../pages/councilSecretariat.ts';
import { refusalPage } from '../pages/refusal.ts';
import { requestIdOf } from '../pages/task.ts';
import { consoleOf, mayAct, notInProvince, refuseUnlessMayAct } from './access.ts';
import { consolePage } from './frame.ts';

// The council in the console (`/console/council?id=council/<PROVINCE>/<YEAR>`): its state (the
// phase, the sessions with their attendance against the quorum and the 80% rule, the nominations
// and their appraisal), the written votes received (who and when, never the choices: members cast
// them on their own pages), and for the secretariat and the council's secretary the forms of the
// participants' council page (appraise, take the attendance: web/pages/councilSecretariat.ts),
// posting here, and a new date for a failed session, typed in Vietnam time. Each action goes
// through the client's operation as the signed-in person, then redirects to the page, which
// confirms what the council's state now holds (post/redirect/get).

const POSTS = { appraise: '/console/council/appraise', attendance: '/console/council/attendance' };
const RESCHEDULE_POST = '/console/council/reschedule';

/** What the page confirms after an action's redirect. */
const DONE = ['appraised', 'attendance', 'rescheduled'] as const;
type Done = { done: (typeof DONE)[number]; nomination?: string; session?: number; at?: string };

const pageQuery = z.object({
  id: z.string().max(80).refine(isCouncilId),
  done: z.enum(DONE).optional(),
  nomination: z.string().max(60).optional(),
  session: z.coerce.number().int().min(1).max(99).optional(),
  at: z.iso.datetime({ offset: true }).optional(),
});

const pagePath = (id: string, done?: Done) => {
  const query = new URLSearchParams({ id });
  for (const [key, value] of Object.entries(done ?? {})) if (value !== undefined) query.set(key, String(value));
  return `/console/council?${query.toString()}`;
};

function badRequest(c: Context<AppEnv>) {
  const t = c.get('t');
  return messagePage(c, 400, 'invalidTitle', t('consoleCouncilBadId'), { href: '/console', label: t('consoleBack') });
}

type Checked = { ok: true; council: CouncilRecord } | { ok: false; response: Response | Promise<Response> };

/** A council id, of a council recorded in the person's province (read from its record): else 400, or 404 "not found". */
async function councilOfProvince(c: Context<AppEnv>, deps: WebDeps, id: string | undefined): Promise<Checked> {
  if (!id || !isCouncilId(id)) return { ok: false, response: badRequest(c) };
  const council = await councilRecord(deps.db, id);
  if (!council || council.province !== consoleOf(c).province) return { ok: false, response: notInProvince(c) };
  return { ok: true, council };
}

/** What a new session's date looked like when it was refused, and why. */
interface RescheduleForm {
  at?: string;
  problem?: string;
}

function confirmation(c: Context<AppEnv>, status: CouncilStatus, name: Namer, done: Done | undefined): Markup | string {
  const t = c.get('t');
  let message: string | undefined;
  if (done?.done === 'appraised' && done.nomination && status.appraisal[done.nomination])
    message = t('appraisedReceipt', { ...name(done.nomination), verdict: t(`verdict_${status.appraisal[done.nomination]!.status}`) });
  const taken = status.sessions.at(-1)?.quorum;
  if (done?.done === 'attendance' && taken) message = attendanceLine(t, taken);
  if (done?.done === 'rescheduled' && done.session && done.at)
    message = t('consoleRescheduledReceipt', { session: done.session, at: formatTime(Date.parse(done.at), c.get('lang')) });
  return message ? html`<p class="notice" role="status">${message}</p>` : '';
}

function sessionsSection(c: Context<AppEnv>, status: CouncilStatus) {
  const t = c.get('t');
  const lang = c.get('lang');
  const members = status.members.length;
  const rows = status.sessions.length
    ? html`<table>
<caption>${t('consoleSessionsCaption')}</caption>
<thead><tr><th scope="col">${t('consoleSessionCol')}</th><th scope="col">${t('consoleSessionAtCol')}</th><th scope="col" class="num">${t(
        'consolePresentCol',
      )}</th><th scope="col">${t('consoleQuorumCol')}</th></tr></thead>
<tbody>${status.sessions.map(
        (s) =>
          html`<tr><th scope="row">${s.number}</th><td>${formatTime(Date.parse(s.at), lang)}</td><td class="num">${
            s.present ? `${s.present.length}/${members}` : '–'
          }</td><td>${s.quorum ? quorumLine(t, s.quorum) : t('consoleNotTaken')}</td></tr>`,
      )}</tbody>
</table>`
    : html`<p>${t('consoleNoSession', { at: formatTime(Date.parse(status.calendar.sessionAt), lang) })}</p>`;
  // Those who may act read the rule beside the attendance form (secretariatSection); the others here.
  return html`<h2>${t('consoleSessionsHeading')}</h2>
${mayAct(consoleOf(c), 'council') ? '' : attendanceRule(t, status)}
${rows}`;
}

function rescheduleSection(c: Context<AppEnv>, councilId: string, status: CouncilStatus, form: RescheduleForm) {
  if (status.phase !== 'rescheduling') return '';
  const t = c.get('t');
  const failed = status.sessions.at(-1)?.quorum;
  const intro = html`<h2>${t('consoleRescheduleHeading')}</h2>
<p>${failed && !failed.ok ? quorumLine(t, failed) : t('consoleRescheduleReturned')}</p>`;
  if (!mayAct(consoleOf(c), 'council')) return intro;
  const wrong = form.problem;
  // A suggestion an hour from now, on Vietnam's clock like everything the page shows.
  const value = form.at ?? vietnamLocalInput(Date.now() + 3_600_000);
  return html`${intro}
<form method="post" action="${RESCHEDULE_POST}">
${formFields(c, councilId)}
<div class="field${wrong ? ' invalid' : ''}">
<label for="reschedule-at">${t('consoleRescheduleAt')}</label>
<p class="hint" id="reschedule-at-hint">${t('consoleRescheduleHint')}</p>
<input type="datetime-local" id="reschedule-at" name="at" value="${value}" required aria-describedby="reschedule-at-hint${
    wrong ? ' reschedule-at-error' : ''
  }"${wrong ? html` aria-invalid="true"` : ''}>
${wrong ? html`<p class="error" id="reschedule-at-error">${wrong}</p>` : ''}
</div>
<button type="submit">${t('consoleRescheduleSubmit')}</button>
</form>`;
}

async function writtenVotesSection(c: Context<AppEnv>, deps: WebDeps, councilId: string) {
  const t = c.get('t');
  const lang = c.get('lang');
  const written = await writtenVotesOf(deps.db, councilId);
  return html`<h2>${t('consoleWrittenHeading')}</h2>
<p>${t('consoleWrittenIntro')}</p>
${
  written.length
    ? html`<table>
<thead><tr><th scope="col">${t('consoleWrittenMember')}</th><th scope="col">${t('consoleSessionCol')}</th><th scope="col">${t(
        'consoleWrittenAt',
      )}</th></tr></thead>
<tbody>${written.map(
        (w) =>
          html`<tr><th scope="row">${w.fullName ?? w.member} (${w.member})</th><td>${w.session}</td><td>${formatTime(w.votedAt, lang)}</td></tr>`,
      )}</tbody>
</table>`
    : html`<p>${t('consoleWrittenNone')}</p>`
}`;
}

/** The council's console page, with a confirmation after an action, or a refused form redrawn (400). */
async function councilConsolePage(
  c: Context<AppEnv>,
  deps: WebDeps,
  council: CouncilRecord,
  extra: { done?: Done; appraisal?: SecretariatForm; reschedule?: RescheduleForm; status?: 200 | 400 } = {},
) {
  const t = c.get('t');
  let status: CouncilStatus;
  try {
    status = await councilStatus(deps.temporal, council.id);
  } catch (error) {
    if (error instanceof CliError) return refusalPage(c, error);
    throw error;
  }
  const name = await namerFor(deps, status, t);
  const acts = mayAct(consoleOf(c), 'council');
  return consolePage(
    c,
    t('councilTitle', { province: council.province, year: council.year }),
    html`${confirmation(c, status, name, extra.done)}
<p>${t('councilPhase', { phase: phaseName(t, 'council', status.phase) })}</p>
${sessionsSection(c, status)}
${rescheduleSection(c, council.id, status, extra.reschedule ?? {})}
${nominationsSection(c, status, name)}
${acts ? await secretariatSection(c, deps, council.id, status, name, extra.appraisal ?? {}, POSTS) : ''}
${await writtenVotesSection(c, deps, council.id)}`,
    extra.status ?? 200,
  );
}

/** Before any action: the person may act on the council, and the form names a council of their province. */
async function actionable(c: Context<AppEnv>, deps: WebDeps): Promise<Checked> {
  const refused = refuseUnlessMayAct(c, 'council');
  if (refused) return { ok: false, response: refused };
  return councilOfProvince(c, deps, c.get('form').wf);
}

export function councilConsoleRoutes(app: Hono<AppEnv>, deps: WebDeps): void {
  app.get('/console/council', async (c) => {
    const query = pageQuery.safeParse(c.req.query());
    if (!query.success) return badRequest(c);
    const checked = await councilOfProvince(c, deps, query.data.id);
    if (!checked.ok) return checked.response;
    const { done, nomination, session, at } = query.data;
    return councilConsolePage(c, deps, checked.council, done ? { done: { done, nomination, session, at } } : {});
  });

  app.post(POSTS.appraise, async (c) => {
    const checked = await actionable(c, deps);
    if (!checked.ok) return checked.response;
    const { council } = checked;
    let status: CouncilStatus;
    try {
      status = await councilStatus(deps.temporal, council.id);
    } catch (error) {
      if (error instanceof CliError) return refusalPage(c, error);
      throw error;
    }
    const name = await namerFor(deps, status, c.get('t'));
    return appraiseAction(
      c,
      deps,
      council.id,
      consoleOf(c).person.id,
      name,
      (appraisal) => councilConsolePage(c, deps, council, { appraisal, status: 400 }),
      ({ nomination }) => c.redirect(pagePath(council.id, { done: 'appraised', nomination }), 303),
    );
  });

  app.post(POSTS.attendance, async (c) => {
    const checked = await actionable(c, deps);
    if (!checked.ok) return checked.response;
    const { council } = checked;
    return attendanceAction(c, deps, council.id, consoleOf(c).person.id, () =>
      c.redirect(pagePath(council.id, { done: 'attendance' }), 303),
    );
  });

  app.post(RESCHEDULE_POST, async (c) => {
    const checked = await actionable(c, deps);
    if (!checked.ok) return checked.response;
    const { council } = checked;
    const t = c.get('t');
    const typed = (c.get('form').at ?? '').slice(0, 40);
    const at = parseVietnamLocal(typed);
    // Checked here first, so a wrong or past time is shown beside its field with the text kept; the workflow checks again.
    if (at === undefined || at <= Date.now())
      return councilConsolePage(c, deps, council, {
        reschedule: { at: typed, problem: at === undefined ? t('consoleRescheduleBadTime') : t('consoleReschedulePast') },
        status: 400,
      });
    try {
      const next = await reschedule(deps.temporal, {
        councilId: council.id,
        reschedule: { actor: consoleOf(c).person.id, at: new Date(at).toISOString() },
        ...requestIdOf(c.get('form')),
      });
      return c.redirect(pagePath(council.id, { done: 'rescheduled', session: next.number, at: next.at }), 303);
    } catch (error) {
      if (error instanceof CliError) return refusalPage(c, error);
      throw error;
    }
  });
}
