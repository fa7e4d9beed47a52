import type { Context } from 'hono';
import { html } from 'hono/html';
import { CliError } from '../../client/exitCodes.ts';
import { cycleStatus } from '../../client/operations.ts';
import { cycleHeading, membersOfYear, vetoesOf } from '../../db/queries/consoleYear.ts';
import { cycleIdSchema, splitRoundId } from '../../domain/ids.ts';
import { roundLabel, roundNoun, type RoundStatus } from '../../domain/round.ts';
import { VETO_SOURCES } from '../../domain/scoringActions.ts';
import type { AppEnv, WebDeps } from '../env.ts';
import { formatTime, phaseName, type Lang, type MessageKey, type Translate } from '../i18n.ts';
import { formFields, messagePage } from '../layout.ts';
import { refusalPage } from '../pages/refusal.ts';
import { cycleInProvince, mayAct, consoleOf, notInProvince } from './access.ts';
import { consolePage } from './frame.ts';
import { path } from './yearView.ts';

// /console/cycle?id=<cycleId>: one cluster's year as the secretariat follows it. Its rounds (from
// the workflows' status, as `tdkt cycle status` shows them) with who submitted when and who is
// missing; the veto inputs recorded; and, for the secretariat, the two forms of its own: extend a
// round's deadline (for one unit or all, with a reason) and record a veto input. The actions are
// in cycleActions.ts; they come back here with `done=` saying what was recorded.

/** What an action left done, shown once after its redirect. */
const DONE: Record<string, MessageKey> = { started: 'consoleDoneStarted', extended: 'consoleDoneExtended', veto: 'consoleDoneVeto' };

/** The rounds whose deadlines may move: the pledge, the reports and the cross-scores, while not closed. */
const EXTENDABLE = new Set(['pledge', 'report', 'score']);

/** The cycle id of `?id=`, or a 400/404 page: junk is refused, another province's cycle is not found. */
export async function checkedCycleId(c: Context<AppEnv>, deps: WebDeps, id: string | undefined): Promise<string | Response> {
  const parsed = cycleIdSchema.safeParse(id ?? '');
  const t = c.get('t');
  if (!parsed.success)
    return messagePage(c, 400, 'invalidTitle', t('consoleCycleIdInvalid'), { href: '/console', label: t('consoleBack') });
  if (!(await cycleInProvince(c, deps, parsed.data))) return notInProvince(c);
  return parsed.data;
}

function roundTitle(round: RoundStatus, lang: Lang): string {
  if (lang === 'en') return roundLabel(round);
  const noun = roundNoun(round);
  return round.ballot ? `${noun} – vòng ${round.ballot.number}` : noun;
}

function roundSection(round: RoundStatus, t: Translate, lang: Lang) {
  const at = (iso: string) => html`<time datetime="${iso}">${formatTime(Date.parse(iso), lang)}</time>`;
  const missing = round.units.filter((u) => !u.submittedAt && !u.excused);
  return html`<section class="round">
<h3>${roundTitle(round, lang)} <span class="phase">${t(`consoleRoundPhase_${round.phase}`)}</span></h3>
<p>${t('deadline')}: ${at(round.deadline)}${round.closesAt ? html`; ${t('consoleClosesAt')}: ${at(round.closesAt)}` : ''}. ${
    round.phase === 'scheduled' ? '' : t('consoleMissingCount', { missing: missing.length, all: round.units.length })
  }</p>
<div class="table-scroll" role="region" aria-label="${roundTitle(round, lang)}" tabindex="0"><table>
<thead><tr><th scope="col">${t('consoleUnit')}</th><th scope="col">${t('consoleRepresentative')}</th><th scope="col">${t(
    'consoleSubmitted',
  )}</th><th scope="col">${t('consoleOwnDeadline')}</th></tr></thead>
<tbody>
${round.units.map(
  (u) => html`<tr${!u.submittedAt && !u.excused ? html` class="missing"` : ''}>
<th scope="row">${u.unitName} <span class="code">${u.unit}</span></th>
<td>${u.representative}</td>
<td>${
    u.submittedAt
      ? html`${at(u.submittedAt)}${u.by ? ` (${u.by})` : ''}${u.late ? html` <strong>${t('late')}</strong>` : ''}`
      : u.excused
        ? t('consoleExcused', { reason: u.excused })
        : html`<strong>${t('consoleMissing')}</strong>`
  }</td>
<td>${u.deadline && u.deadline !== round.deadline ? html`${at(u.deadline)} (${t('consoleExtended')})` : '—'}</td>
</tr>`,
)}
</tbody></table></div>
</section>`;
}

export async function cyclePage(c: Context<AppEnv>, deps: WebDeps) {
  const checked = await checkedCycleId(c, deps, c.req.query('id'));
  if (typeof checked !== 'string') return checked;
  const id = checked;
  const t = c.get('t');
  const lang = c.get('lang');
  const heading = (await cycleHeading(deps.db, id))!;
  let report;
  try {
    report = await cycleStatus(deps.temporal, id);
  } catch (error) {
    if (error instanceof CliError) return refusalPage(c, error);
    throw error;
  }
  const [members, vetoes] = await Promise.all([membersOfYear(deps.db, heading.cluster, heading.year), vetoesOf(deps.db, id)]);
  const done = DONE[c.req.query('done') ?? ''];
  const acts = mayAct(consoleOf(c), 'cycle');
  const extendable = report.rounds.filter((r) => EXTENDABLE.has(r.kind) && r.phase !== 'closed');
  const unitOptions = members.map((m) => html`<option value="${m.code}">${m.name} (${m.code})</option>`);

  const extendForm = html`<section class="console-form"><h2 id="extend">${t('consoleExtendTitle')}</h2>
${
  extendable.length
    ? html`<form method="post" action="/console/cycle/extend">
${formFields(c, id)}
<p><label for="extend-round">${t('consoleRound')}</label>
<select id="extend-round" name="round">${extendable.map(
        (r) => html`<option value="${splitRoundId(r.roundId)?.name ?? ''}">${roundTitle(r, lang)}</option>`,
      )}</select></p>
<p><label for="extend-units">${t('consoleUnits')}</label>
<select id="extend-units" name="units"><option value="all">${t('consoleAllUnits')}</option>${unitOptions}</select></p>
<p><label for="extend-until">${t('consoleNewDeadline')}</label>
<input id="extend-until" name="until" type="datetime-local" required aria-describedby="extend-until-hint">
<span class="hint" id="extend-until-hint">${t('consoleVietnamTimeHint')}</span></p>
<p><label for="extend-reason">${t('consoleExtendReason')}</label>
<textarea id="extend-reason" name="reason" rows="3" required minlength="5" maxlength="1000"></textarea></p>
<p><button type="submit">${t('consoleExtendButton')}</button></p>
</form>`
    : html`<p>${t('consoleNothingToExtend')}</p>`
}</section>`;

  const vetoForm = html`<section class="console-form"><h2 id="veto">${t('consoleVetoTitle')}</h2>
<form method="post" action="/console/cycle/veto">
${formFields(c, id)}
<p><label for="veto-unit">${t('consoleUnit')}</label>
<select id="veto-unit" name="unit">${unitOptions}</select></p>
<p><label for="veto-source">${t('consoleVetoSource')}</label>
<select id="veto-source" name="source">${Object.entries(VETO_SOURCES).map(
    ([key, name]) => html`<option value="${key}">${name}</option>`,
  )}</select></p>
<p><label for="veto-reference">${t('consoleVetoReference')}</label>
<input id="veto-reference" name="reference" required maxlength="100" aria-describedby="veto-reference-hint">
<span class="hint" id="veto-reference-hint">${t('consoleVetoReferenceHint')}</span></p>
<p><label for="veto-description">${t('consoleVetoDescription')}</label>
<textarea id="veto-description" name="description" rows="3" required minlength="5" maxlength="1000"></textarea></p>
<p><button type="submit">${t('consoleVetoButton')}</button></p>
</form></section>`;

  return consolePage(
    c,
    t('consoleCycleTitle', { cluster: heading.clusterName, year: heading.year }),
    html`${done ? html`<p class="notice" role="status">${t(done)}</p>` : ''}
<p>${t('cyclePhaseLine', { phase: phaseName(t, 'cycle', report.cycle.phase) })} <span class="code">${id}</span></p>
<ul class="links">
<li><a href="${path.history(id)}">${t('consoleHistoryLink')}</a></li>
<li><a href="${path.schedule(heading.cluster)}">${t('consoleScheduleLink')}</a></li>
<li><a href="${path.yearEnd(id)}">${t('consoleYearEndLink')}</a></li>
<li><a href="/console?year=${heading.year}">${t('consoleYearTitle', { year: heading.year })}</a></li>
</ul>
<h2>${t('consoleRounds')}</h2>
${report.rounds.length ? report.rounds.map((r) => roundSection(r, t, lang)) : html`<p>${t('consoleNoRoundsYet')}</p>`}
<h2>${t('consoleVetoes')}</h2>
${
  vetoes.length
    ? html`<ul class="vetoes">${vetoes.map(
        (v) =>
          html`<li>${v.unit}: ${VETO_SOURCES[v.source as keyof typeof VETO_SOURCES] ?? v.source}, ${v.reference} – ${v.description} (${v.recordedBy}, ${formatTime(
            v.recordedAt,
            lang,
          )})</li>`,
      )}</ul>`
    : html`<p>${t('consoleNoVetoes')}</p>`
}
${acts ? html`${extendForm}${vetoForm}` : ''}`,
  );
}
