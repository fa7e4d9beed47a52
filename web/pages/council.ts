import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { councilStatus, councilVote, decide } from '../../client/councilOperations.ts';
import { CliError } from '../../client/exitCodes.ts';
import { councilRecord, councilRolesOf, decisionOf, documentExists, namesOf, revocationsOf } from '../../db/queries/council.ts';
import {
  awardAmount,
  decisionActionSchema,
  VOTES,
  type CouncilStatus,
  type CouncilVote,
  type DecisionAction,
} from '../../domain/council.ts';
import { isCouncilId } from '../../domain/ids.ts';
import type { AppEnv, Session, WebDeps } from '../env.ts';
import { formatTime, phaseName, type Translate } from '../i18n.ts';
import { formFields, messagePage, page } from '../layout.ts';
import { appraiseAction, attendanceAction, secretariatSection, type SecretariatForm } from './councilSecretariat.ts';
import { refusalPage } from './refusal.ts';
import { requestIdOf } from './task.ts';

// The council's page (`/task?wf=council/<PROVINCE>/<YEAR>`) for its members, its chair and the
// province's secretariat, and their forms (the secretariat's are in councilSecretariat.ts). A member reads the nominations with their tờ trình and votes while the vote is
// open: present at the session, by secret ballot (the client's councilVote seals it with the
// session's ballot box key before anything else touches it; the choice is never shown back nor
// logged); absent, by a written vote recorded with their name. The chair (a member too) reads the
// proposal (the count of the biên bản and a draft of the quyết định) and approves it or returns it
// with a reason, then within the complaint window may revoke the whole decision or some awards.
// The person acting is the session's; the server checks the council role (person_role) before
// calling the operation, and the council's Update validators check again (phase, membership,
// duplicates): their refusals are the pages' phase gates.

export interface CouncilAccess {
  session: Session;
  councilId: string;
  province: string;
  year: number;
  /** A member votes; the chair (a member too) decides; the secretariat appraises and takes attendance. */
  member: boolean;
  chair: boolean;
  secretariat: boolean;
}

type CouncilChecked = { ok: true; access: CouncilAccess } | { ok: false; response: Response | Promise<Response> };

/** Signed in; a council id; the council recorded; the person its member, its chair or the province's secretariat that year. */
export async function checkCouncilAccess(c: Context<AppEnv>, deps: WebDeps, wf: string | undefined): Promise<CouncilChecked> {
  const t = c.get('t');
  const session = c.get('session');
  if (!session) return { ok: false, response: c.redirect('/sign-in', 303) };
  if (!wf || !isCouncilId(wf)) return { ok: false, response: messagePage(c, 404, 'notFoundTitle', t('unknownTask')) };
  const council = await councilRecord(deps.db, wf);
  if (!council) return { ok: false, response: messagePage(c, 409, 'notOpenTitle', t('councilNotStarted')) };
  const roles = await councilRolesOf(deps.db, session.person.id, council.province, council.year);
  if (!roles.length)
    return {
      ok: false,
      response: messagePage(c, 403, 'forbiddenTitle', t('councilForbidden', { province: council.province, year: council.year })),
    };
  return {
    ok: true,
    access: {
      session,
      councilId: wf,
      province: council.province,
      year: council.year,
      member: roles.includes('council_member') || roles.includes('council_chair'),
      chair: roles.includes('council_chair'),
      secretariat: roles.includes('secretariat'),
    },
  };
}

const councilPath = (id: string) => `/task?wf=${encodeURIComponent(id)}`;
const documentPath = (id: string) => `/documents/${encodeURIComponent(id)}`;

function splitNomination(id: string): { cluster: string; award: 'flag' | 'certificate'; unit: string } {
  const [cluster = '', award = 'flag', unit = ''] = id.split(':');
  return { cluster, award: award === 'certificate' ? 'certificate' : 'flag', unit };
}

/** What the page says of a nomination: its award and unit by name. */
export type Namer = (nomination: string) => { award: string; unit: string; cluster: string };

export async function namerFor(deps: WebDeps, status: CouncilStatus, t: Translate): Promise<Namer> {
  const ids = Object.keys(status.appraisal);
  const parts = ids.map(splitNomination);
  const names = await namesOf(deps.db, [...new Set(parts.map((p) => p.unit))], [...new Set(parts.map((p) => p.cluster))]);
  return (nomination) => {
    const p = splitNomination(nomination);
    return {
      award: t(`award_${p.award}`),
      unit: `${names.units.get(p.unit) ?? p.unit} (${p.unit})`,
      cluster: names.clusters.get(p.cluster) ?? p.cluster,
    };
  };
}

/** What the member sees of their own vote in the current session, and whether they are present. */
function memberState(status: CouncilStatus, person: string) {
  const current = status.sessions.at(-1);
  return {
    session: current?.number ?? 0,
    present: current?.present?.includes(person) ?? false,
    voted: status.voted.find((v) => v.member === person),
  };
}

/** The nominations on the ballot: the session's sealed ballot, else (councils before sealed ballots) those accepted. */
function onBallot(status: CouncilStatus): string[] {
  return (
    status.ballot?.nominations ??
    Object.entries(status.appraisal)
      .filter(([, v]) => v.status === 'accepted')
      .map(([n]) => n)
  );
}

export function nominationsSection(c: Context<AppEnv>, status: CouncilStatus, name: Namer) {
  const t = c.get('t');
  const submissionOf = (nomination: string) => status.submissions.find((s) => s.cluster === splitNomination(nomination).cluster);
  const ids = Object.keys(status.appraisal).sort();
  if (!ids.length) return html`<h2>${t('nominations')}</h2><p>${t('noNominations')}</p>`;
  return html`<h2>${t('nominations')}</h2>
<table>
<thead><tr><th scope="col">${t('unitCol')}</th><th scope="col">${t('award')}</th><th scope="col">${t('clusterCol')}</th><th scope="col">${t(
    'appraisalCol',
  )}</th><th scope="col">${t('submissionDoc')}</th></tr></thead>
<tbody>${ids.map((id) => {
    const n = name(id);
    const submission = submissionOf(id);
    const verdict = status.appraisal[id]!.status;
    return html`<tr><th scope="row">${n.unit}</th><td>${n.award}</td><td>${n.cluster}</td><td>${t(`verdict_${verdict}`)}</td><td>${
      submission ? html`<a href="${documentPath(submission.documentId)}">${t('openDocument', { version: submission.version })}</a>` : ''
    }</td></tr>`;
  })}</tbody>
</table>`;
}

function voteSection(c: Context<AppEnv>, access: CouncilAccess, status: CouncilStatus, name: Namer, problem?: string) {
  const t = c.get('t');
  const me = memberState(status, access.session.person.id);
  let body;
  if (me.voted) {
    body = html`<p class="notice" role="status">${t('voteRecorded', {
      session: me.session,
      how: me.voted.written ? t('howWritten') : t('howSecret'),
    })}</p>`;
  } else if (status.phase !== 'voting') {
    const over = ['counting', 'decision', 'approved', 'closed'].includes(status.phase);
    body = html`<p class="notice" role="status">${over ? t('voteOver') : t('voteNotYet')}</p>`;
  } else {
    body = html`${problem ? html`<div class="errors" role="alert" tabindex="-1" id="form-errors"><p>${problem}</p></div>` : ''}
<p>${me.present ? t('votePresent') : t('voteWritten')}</p>
<form method="post" action="/task/council/vote">
${formFields(c, access.councilId)}
${onBallot(status).map((id, i) => {
  const n = name(id);
  return html`<fieldset>
<legend>${n.award}: ${n.unit}</legend>
${VOTES.map(
  (v) => html`<div class="choice"><input type="radio" id="vote-${i}-${v}" name="vote.${id}" value="${v}" required>
<label for="vote-${i}-${v}">${t(`vote_${v}`)}</label></div>`,
)}
</fieldset>`;
})}
<button type="submit">${t('castVote')}</button>
</form>`;
  }
  return html`<h2>${t('voteHeading')}</h2>
${body}`;
}

interface ChairForm {
  reason?: string;
  problem?: string;
  field?: 'reason' | 'nominations';
}

function reasonField(c: Context<AppEnv>, id: string, form: ChairForm) {
  const t = c.get('t');
  const wrong = form.field === 'reason' && form.problem;
  return html`<div class="field${wrong ? ' invalid' : ''}">
<label for="${id}">${t('reason')}</label>
<textarea id="${id}" name="reason" rows="4" maxlength="5000" required${
    wrong ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''
  }>${form.reason ?? ''}</textarea>
${wrong ? html`<p class="error" id="${id}-error">${form.problem}</p>` : ''}
</div>`;
}

async function chairSection(c: Context<AppEnv>, deps: WebDeps, access: CouncilAccess, status: CouncilStatus, name: Namer, form: ChairForm) {
  const t = c.get('t');
  const lang = c.get('lang');
  const errors = form.problem
    ? html`<div class="errors" role="alert" tabindex="-1" id="form-errors"><p>${t('decisionFormErrors')}</p>${
        form.field ? '' : html`<p>${form.problem}</p>`
      }</div>`
    : '';
  const counts = status.counts ?? [];
  const session = status.sessions.at(-1)?.number ?? 0;
  const minutesId = `${access.councilId}/bien-ban-${session}`;
  const minutes =
    counts.length && (await documentExists(deps.db, minutesId))
      ? html`<p><a href="${documentPath(minutesId)}">${t('minutesLink', { session })}</a></p>`
      : '';
  // Seven columns do not fit a phone: the table scrolls sideways in a region of its own (focusable, so the keyboard can scroll it).
  const countTable = counts.length
    ? html`<div class="table-scroll" role="region" aria-labelledby="counts-caption" tabindex="0"><table>
<caption id="counts-caption">${t('countsCaption', { members: status.members.length })}</caption>
<thead><tr><th scope="col">${t('nominations')}</th><th scope="col" class="num">${t('countFor')}</th><th scope="col" class="num">${t(
        'countAgainst',
      )}</th><th scope="col" class="num">${t('countAbstain')}</th><th scope="col" class="num">${t('countNotVoted')}</th><th scope="col" class="num">${t(
        'countNeeded',
      )}</th><th scope="col">${t('countResult')}</th></tr></thead>
<tbody>${counts.map((k) => {
        const n = name(k.nomination);
        return html`<tr><th scope="row">${n.award}: ${n.unit}</th><td class="num">${k.for}</td><td class="num">${k.against}</td><td class="num">${
          k.abstain
        }</td><td class="num">${k.notVoted}</td><td class="num">${k.needed}</td><td>${k.approved ? t('passed') : t('failed')}</td></tr>`;
      })}</tbody>
</table></div>`
    : '';
  const awarded = counts.filter((k) => k.approved);
  let body;
  if (status.phase === 'decision') {
    body = html`${countTable}${minutes}
<h3>${t('previewHeading')}</h3>
${
  awarded.length
    ? html`<p>${t('previewIntro')}</p>
<ul>${awarded.map((k) => {
        const n = name(k.nomination);
        return html`<li>${n.award}: ${n.unit} – ${n.cluster}; ${t('amount', { amount: awardAmount(k.award).toLocaleString('vi-VN') })}</li>`;
      })}</ul>`
    : html`<p>${t('previewNone')}</p>`
}
${errors}
<form method="post" action="/task/council/decide">
${formFields(c, access.councilId)}
<input type="hidden" name="action" value="approve">
<button type="submit">${t('approveDecision')}</button>
</form>
<h3>${t('returnHeading')}</h3>
<form method="post" action="/task/council/decide">
${formFields(c, access.councilId)}
<input type="hidden" name="action" value="return">
${reasonField(c, 'return-reason', form)}
<button type="submit">${t('returnProposal')}</button>
</form>`;
  } else if ((status.phase === 'approved' || status.phase === 'closed') && status.decision?.number) {
    const decision = await decisionOf(deps.db, access.councilId);
    const revoked = status.decision.revoked ?? [];
    const standing = awarded.filter((k) => !revoked.includes(k.nomination));
    body = html`<p>${t('decisionLine', { number: status.decision.number, date: status.decision.date ?? '' })}${
      decision ? html` <a href="${documentPath(decision.documentId)}">${t('decisionDocLink', { number: decision.number })}</a>` : ''
    }</p>
${countTable}${minutes}
${
  status.phase === 'approved' && status.decision.complaintsUntil
    ? html`<p>${t('complaintsUntil', { at: formatTime(Date.parse(status.decision.complaintsUntil), lang) })}</p>`
    : ''
}
${
  status.phase === 'approved' && standing.length
    ? html`<h3>${t('revokeHeading')}</h3>
${errors}
<form method="post" action="/task/council/decide">
${formFields(c, access.councilId)}
<input type="hidden" name="action" value="revoke">
<fieldset>
<legend>${t('revokeScope')}</legend>
<div class="choice"><input type="radio" id="scope-some" name="scope" value="some" checked><label for="scope-some">${t('revokeSome')}</label></div>
<div class="choice"><input type="radio" id="scope-all" name="scope" value="all"><label for="scope-all">${t('revokeAll')}</label></div>
</fieldset>
<fieldset${form.field === 'nominations' ? html` aria-describedby="revoke-which-error"` : ''}>
<legend>${t('revokeWhich')}</legend>
${form.field === 'nominations' ? html`<p class="error" id="revoke-which-error">${form.problem}</p>` : ''}
${standing.map((k, i) => {
  const n = name(k.nomination);
  return html`<div class="choice"><input type="checkbox" id="revoke-${i}" name="revoke.${k.nomination}" value="on">
<label for="revoke-${i}">${n.award}: ${n.unit}</label></div>`;
})}
</fieldset>
${reasonField(c, 'revoke-reason', form)}
<button type="submit">${t('revoke')}</button>
</form>`
    : ''
}`;
  } else {
    body = html`${
      status.decision?.status === 'returned' && status.decision.reason
        ? html`<p class="notice">${t('decisionReturned', { reason: status.decision.reason })}</p>`
        : ''
    }<p class="notice" role="status">${t('noProposal')}</p>`;
  }
  return html`<h2>${t('proposalHeading')}</h2>
${body}`;
}

/** The council's page: a member's vote, the chair's proposal and decision, the secretariat's appraisal and attendance. */
export async function councilPage(
  c: Context<AppEnv>,
  deps: WebDeps,
  access: CouncilAccess,
  extra: { voteProblem?: string; chair?: ChairForm; secretariat?: SecretariatForm; status?: 200 | 400 } = {},
) {
  const t = c.get('t');
  const lang = c.get('lang');
  let status: CouncilStatus;
  try {
    status = await councilStatus(deps.temporal, access.councilId);
  } catch (error) {
    if (error instanceof CliError) return refusalPage(c, error);
    throw error;
  }
  const name = await namerFor(deps, status, t);
  const current = status.sessions.at(-1);
  return page(
    c,
    t('councilTitle', { province: access.province, year: access.year }),
    html`<p>${t('councilPhase', { phase: phaseName(t, 'council', status.phase) })}</p>
${current ? html`<p>${t('sessionLine', { number: current.number, at: formatTime(Date.parse(current.at), lang) })}</p>` : ''}
${nominationsSection(c, status, name)}
${access.member ? voteSection(c, access, status, name, extra.voteProblem) : ''}
${access.chair ? await chairSection(c, deps, access, status, name, extra.chair ?? {}) : ''}
${access.secretariat ? await secretariatSection(c, deps, access.councilId, status, name, extra.secretariat ?? {}) : ''}
<p><a href="/">${t('back')}</a></p>`,
    extra.status ?? 200,
  );
}

/** A member's vote: the choices of the form, as the session's person, sealed by councilVote when present. */
export async function councilVoteAction(c: Context<AppEnv>, deps: WebDeps, access: CouncilAccess) {
  const t = c.get('t');
  const form = c.get('form');
  let status: CouncilStatus;
  try {
    status = await councilStatus(deps.temporal, access.councilId);
  } catch (error) {
    if (error instanceof CliError) return refusalPage(c, error);
    throw error;
  }
  const person = access.session.person.id;
  if (!access.member) return messagePage(c, 403, 'forbiddenTitle', t('councilMemberOnly'));
  const me = memberState(status, person);
  // The choices are read for the nominations on the ballot only; one left out, or a value that is not a choice, sends nothing.
  const votes: Record<string, CouncilVote> = {};
  let complete = true;
  for (const id of onBallot(status)) {
    const value = form[`vote.${id}`];
    if (value && (VOTES as readonly string[]).includes(value)) votes[id] = value as CouncilVote;
    else complete = false;
  }
  if (status.phase === 'voting' && !me.voted && !complete)
    return councilPage(c, deps, access, { voteProblem: t('voteIncomplete'), status: 400 });
  try {
    const cast = await councilVote(deps.temporal, {
      councilId: access.councilId,
      ballot: { actor: person, votes, written: !me.present },
      ...requestIdOf(form),
    });
    const how = cast.written ? t('howWritten') : t('howSecret');
    return page(
      c,
      t('receiptTitle'),
      html`<p class="notice" role="status">${t('voteReceipt', { how, session: me.session })}</p>
<p><a href="${councilPath(access.councilId)}">${t('backToCouncil')}</a></p>
<p><a href="/">${t('back')}</a></p>`,
    );
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    const recorded =
      error.reason === 'Duplicate' && me.voted
        ? t('voteRecorded', { session: me.session, how: me.voted.written ? t('howWritten') : t('howSecret') })
        : undefined;
    return refusalPage(c, error, recorded);
  }
}

/** The chair's decision: approve, return with a reason, or revoke all or some awards with a reason. */
export async function councilDecideAction(c: Context<AppEnv>, deps: WebDeps, access: CouncilAccess) {
  const t = c.get('t');
  const form = c.get('form');
  if (!access.chair) return messagePage(c, 403, 'forbiddenTitle', t('councilChairOnly'));
  const action = form.action as DecisionAction['action'] | undefined;
  if (action !== 'approve' && action !== 'return' && action !== 'revoke') return messagePage(c, 400, 'invalidTitle', t('unknownTask'));
  const reason = action === 'approve' ? undefined : (form.reason ?? '');
  let nominations: string[] | undefined;
  if (action === 'revoke' && form.scope !== 'all') {
    nominations = Object.keys(form)
      .filter((k) => k.startsWith('revoke.') && form[k] === 'on')
      .map((k) => k.slice('revoke.'.length));
    if (!nominations.length)
      return councilPage(c, deps, access, {
        chair: { reason, problem: t('revokeNoneChosen'), field: 'nominations' },
        status: 400,
      });
  }
  const decision: DecisionAction = {
    actor: access.session.person.id,
    action,
    ...(reason !== undefined ? { reason } : {}),
    ...(nominations ? { nominations } : {}),
  };
  // The domain's own rule first, so a short reason is shown beside its field with the text kept.
  if (!decisionActionSchema.safeParse(decision).success && (reason?.trim().length ?? 0) < 10)
    return councilPage(c, deps, access, { chair: { reason, problem: t('reasonTooShort'), field: 'reason' }, status: 400 });
  try {
    const outcome = await decide(deps.temporal, { councilId: access.councilId, action: decision, ...requestIdOf(form) });
    let message;
    if (action === 'approve') {
      const recorded = await decisionOf(deps.db, access.councilId);
      message = html`<p class="notice" role="status">${t('approvedReceipt', { number: outcome.number ?? '', date: outcome.date ?? '' })}</p>
${recorded ? html`<p><a href="${documentPath(recorded.documentId)}">${t('decisionDocLink', { number: recorded.number })}</a></p>` : ''}`;
    } else if (action === 'return') {
      message = html`<p class="notice" role="status">${t('returnedReceipt')}</p>`;
    } else {
      const [latest] = await revocationsOf(deps.db, access.councilId);
      message = latest
        ? html`<p class="notice" role="status">${t('revokedReceipt', { number: latest.number })}</p>
<p><a href="${documentPath(latest.documentId)}">${t('revocationDocLink', { number: latest.number })}</a></p>`
        : html`<p class="notice" role="status">${t('receiptTitle')}</p>`;
    }
    return page(
      c,
      t('receiptTitle'),
      html`${message}
<p><a href="${councilPath(access.councilId)}">${t('backToCouncil')}</a></p>
<p><a href="/">${t('back')}</a></p>`,
    );
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    if (error.reason === 'InvalidInput')
      return councilPage(c, deps, access, { chair: { ...(reason !== undefined ? { reason } : {}), problem: error.message }, status: 400 });
    return refusalPage(c, error);
  }
}

/** The council's routes: its page (before the rounds' `/task`, which it passes on for other ids) and its forms. */
export function councilRoutes(app: Hono<AppEnv>, deps: WebDeps): void {
  app.get('/task', async (c, next) => {
    const wf = c.req.query('wf');
    if (!wf?.startsWith('council/')) return next();
    const checked = await checkCouncilAccess(c, deps, wf);
    if (!checked.ok) return checked.response;
    return councilPage(c, deps, checked.access);
  });
  app.post('/task/council/vote', async (c) => {
    const checked = await checkCouncilAccess(c, deps, c.get('form').wf);
    if (!checked.ok) return checked.response;
    return councilVoteAction(c, deps, checked.access);
  });
  app.post('/task/council/decide', async (c) => {
    const checked = await checkCouncilAccess(c, deps, c.get('form').wf);
    if (!checked.ok) return checked.response;
    return councilDecideAction(c, deps, checked.access);
  });
  app.post('/task/council/appraise', async (c) => {
    const checked = await checkCouncilAccess(c, deps, c.get('form').wf);
    if (!checked.ok) return checked.response;
    const { access } = checked;
    if (!access.secretariat) return messagePage(c, 403, 'forbiddenTitle', c.get('t')('councilSecretariatOnly'));
    let status: CouncilStatus;
    try {
      status = await councilStatus(deps.temporal, access.councilId);
    } catch (error) {
      if (error instanceof CliError) return refusalPage(c, error);
      throw error;
    }
    const name = await namerFor(deps, status, c.get('t'));
    return appraiseAction(c, deps, access.councilId, access.session.person.id, name, (secretariat) =>
      councilPage(c, deps, access, { secretariat, status: 400 }),
    );
  });
  app.post('/task/council/attendance', async (c) => {
    const checked = await checkCouncilAccess(c, deps, c.get('form').wf);
    if (!checked.ok) return checked.response;
    const { access } = checked;
    if (!access.secretariat) return messagePage(c, 403, 'forbiddenTitle', c.get('t')('councilSecretariatOnly'));
    return attendanceAction(c, deps, access.councilId, access.session.person.id);
  });
}
