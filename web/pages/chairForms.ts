import type { Context } from 'hono';
import { html } from 'hono/html';
import { CliError } from '../../client/exitCodes.ts';
import { adjustScore, cycleStatus, decideFlag } from '../../client/operations.ts';
import { PHASES } from '../../domain/cycle.ts';
import { adjustmentSchema, MAX_ADJUSTMENT } from '../../domain/scoringActions.ts';
import type { AppEnv, WebDeps } from '../env.ts';
import { formatTime } from '../i18n.ts';
import { formFields, messagePage } from '../layout.ts';
import { chairReceipt, type ChairView, type Rerender } from './chairView.ts';
import { refusalPage } from './refusal.ts';
import { requestIdOf } from './task.ts';

// The chair's adjustment of a unit's consolidated score (with a written reason, while the table is
// a draft) and the flag decision of the chair and the deputy (after two ballot rounds left it
// open): each section as the page shows it, and its action. Each action checks the role and the
// phase here, then calls the client's operation (adjustScore, decideFlag), whose Update validator
// checks again; what the validator refuses comes back as the form's problem or a refusal page.

type Field = 'unit' | 'points' | 'reason';

export interface AdjustForm {
  values: Partial<Record<Field, string>>;
  errors: Partial<Record<Field, string>>;
  general?: string;
}

/** "+1.5", "-2", "0,5" (a comma or a point; the typographic minus too). */
const POINTS = /^[+-]?\d{1,3}(?:[.,]\d{1,6})?$/;

function fieldError(id: string, problem: string | undefined) {
  return problem ? html`<p class="error" id="${id}-error">${problem}</p>` : '';
}

function invalid(id: string, problem: string | undefined, help?: string) {
  if (problem) return html` aria-invalid="true" aria-describedby="${id}-error${help ? ` ${help}` : ''}"`;
  return help ? html` aria-describedby="${help}"` : '';
}

export function adjustSection(c: Context<AppEnv>, view: ChairView) {
  const t = c.get('t');
  const { access, report } = view;
  if (report.cycle.phase !== PHASES.consolidation || report.execution.status !== 'RUNNING') return '';
  const heading = html`<h2>${t('adjustHeading')}</h2>`;
  if (access.role !== 'chair')
    return html`${heading}<p class="notice">${t('adjustChairOnly', { chair: access.name(access.leadership.chairUnit) })}</p>`;
  const form = view.adjust ?? { values: {}, errors: {} };
  const { values: v, errors: e } = form;
  const opensAt = report.cycle.calendar.ballot?.opensAt;
  const problems = form.general ?? Object.keys(e).length;
  return html`${heading}
<p>${t('adjustIntro', { at: opensAt ? formatTime(Date.parse(opensAt), c.get('lang')) : '', max: MAX_ADJUSTMENT })}</p>
${
  problems
    ? html`<div class="errors" role="alert" tabindex="-1" id="form-errors"><p>${t('adjustFormErrors')}</p>${
        form.general ? html`<p>${form.general}</p>` : ''
      }</div>`
    : ''
}
<form method="post" action="/task/chair/adjust" novalidate>
${formFields(c, access.cycleId)}
<div class="field${e.unit ? ' invalid' : ''}">
<label for="adjust-unit">${t('adjustUnit')}</label>
<select id="adjust-unit" name="unit" required${invalid('adjust-unit', e.unit)}>
<option value="">${t('chooseUnit')}</option>
${access.leadership.members.map(
  (m) => html`<option value="${m.unit}"${v.unit === m.unit ? ' selected' : ''}>${access.name(m.unit)}</option>`,
)}
</select>
${fieldError('adjust-unit', e.unit)}
</div>
<div class="field${e.points ? ' invalid' : ''}">
<label for="adjust-points">${t('adjustPoints')}</label>
<p class="help" id="adjust-points-help">${t('adjustPointsHelp', { max: MAX_ADJUSTMENT })}</p>
<input type="text" inputmode="decimal" id="adjust-points" name="points" required value="${v.points ?? ''}"${invalid(
    'adjust-points',
    e.points,
    'adjust-points-help',
  )}>
${fieldError('adjust-points', e.points)}
</div>
<div class="field${e.reason ? ' invalid' : ''}">
<label for="adjust-reason">${t('reason')}</label>
<textarea id="adjust-reason" name="reason" rows="4" maxlength="1000" required${invalid('adjust-reason', e.reason)}>${v.reason ?? ''}</textarea>
${fieldError('adjust-reason', e.reason)}
</div>
<button type="submit">${t('adjustSubmit')}</button>
</form>`;
}

/** The chair's adjustment: the fields checked by the domain's schema (each problem beside its field), then adjustScore. */
export async function adjustAction(c: Context<AppEnv>, deps: WebDeps, view: ChairView, rerender: Rerender) {
  const t = c.get('t');
  const { access, report } = view;
  const form = c.get('form');
  if (access.role !== 'chair')
    return messagePage(c, 403, 'forbiddenTitle', t('adjustChairOnly', { chair: access.name(access.leadership.chairUnit) }));
  const phase = report.cycle.phase;
  if (report.execution.status !== 'RUNNING' || phase !== PHASES.consolidation) {
    const before = !report.cycle.scoring?.table;
    return messagePage(c, 409, before ? 'notOpenTitle' : 'closedTitle', t(before ? 'adjustNotYet' : 'adjustClosed'));
  }
  const values = { unit: form.unit ?? '', points: (form.points ?? '').trim(), reason: form.reason ?? '' };
  const errors: AdjustForm['errors'] = {};
  if (!access.leadership.members.some((m) => m.unit === values.unit)) errors.unit = t('chooseUnitError');
  const raw = values.points.replace(/^\u2212/, '-');
  if (!raw) errors.points = t('adjustPointsMissing');
  else if (!POINTS.test(raw)) errors.points = t('notANumber');
  const points = Number(raw.replace(',', '.'));
  const adjustment = { actor: access.session.person.id, unit: values.unit, points, reason: values.reason, channel: 'web' as const };
  const parsed = adjustmentSchema.safeParse(adjustment);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === 'points') errors.points ??= t('adjustPointsRange', { max: MAX_ADJUSTMENT });
      else if (field === 'reason') errors.reason ??= values.reason.trim().length < 10 ? t('reasonTooShort') : issue.message;
      else if (field === 'unit') errors.unit ??= t('chooseUnitError');
    }
  if (Object.keys(errors).length || !parsed.success) return rerender({ adjust: { values, errors } }, 400);
  try {
    const row = await adjustScore(deps.temporal, { cycleId: access.cycleId, adjustment: parsed.data, ...requestIdOf(form) });
    return chairReceipt(
      c,
      access,
      html`${t('adjustReceipt', {
        unit: access.name(row.unit),
        points: parsed.data.points > 0 ? `+${parsed.data.points}` : parsed.data.points,
        total: row.total,
        rank: row.rank,
      })}`,
    );
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    if (error.reason === 'InvalidInput') return rerender({ adjust: { values, errors: {}, general: error.message } }, 400);
    return refusalPage(c, error);
  }
}

/** How a flag choice reads: a candidate with its rank and total, or no flag. */
function choiceLabel(c: Context<AppEnv>, view: ChairView, choice: string): string {
  const t = c.get('t');
  if (choice === 'none') return t('flagNoneChoice');
  const row = view.report.cycle.scoring?.table?.rows.find((r) => r.unit === choice);
  const name = view.access.name(choice);
  return row ? t('candidateLine', { unit: name, rank: row.rank, total: row.total }) : name;
}

/** Whether the flag is settled: the chair and the deputy agreed, or the nominations are recorded. */
function settled(view: ChairView): { flag?: string } | undefined {
  const scoring = view.report.cycle.scoring;
  const leaders = scoring?.leaders;
  if (leaders?.chair !== undefined && leaders.chair === leaders.deputy) return leaders.chair === 'none' ? {} : { flag: leaders.chair };
  if (scoring?.nominations) return scoring.nominations.flag ? { flag: scoring.nominations.flag } : {};
  return undefined;
}

export function decideSection(c: Context<AppEnv>, view: ChairView) {
  const t = c.get('t');
  const { access, report } = view;
  const scoring = report.cycle.scoring;
  const leaders = scoring?.leaders;
  if (!scoring || !leaders) return '';
  const done = settled(view);
  const results = html`<ul>${scoring.ballots
    .filter((b) => b.tally)
    .map(
      (b) =>
        html`<li>${t('ballotFlagResult', {
          number: b.number,
          votes: b.tally!.flag.map((f) => `${access.name(f.unit)}: ${f.votes}`).join('; ') || '—',
          needed: b.tally!.needed,
          members: b.tally!.members,
        })}</li>`,
    )}</ul>`;
  const heading = html`<h2>${t('decideHeading')}</h2>`;
  if (done)
    return html`${heading}${results}<p class="notice" role="status">${
      done.flag ? t('flagDecided', { unit: access.name(done.flag) }) : t('flagNotNominated')
    }</p>`;
  if (report.cycle.phase !== PHASES.leadersDecide || report.execution.status !== 'RUNNING') return '';
  const lang = c.get('lang');
  const mine = leaders[access.role];
  const chosen = (who: 'chair' | 'deputy') => {
    const choice = leaders[who];
    return choice === undefined ? t('notChosenYet') : choiceLabel(c, view, choice);
  };
  return html`${heading}
<p>${t('decideIntro', { deadline: formatTime(Date.parse(leaders.deadline), lang) })}</p>
${results}
<ul>
<li>${t('leaderChoice', { role: t('roleChair'), unit: access.name(access.leadership.chairUnit), choice: chosen('chair') })}</li>
<li>${t('leaderChoice', { role: t('roleDeputy'), unit: access.name(access.leadership.deputyUnit), choice: chosen('deputy') })}</li>
</ul>
${view.decideProblem ? html`<div class="errors" role="alert" tabindex="-1" id="form-errors"><p>${view.decideProblem}</p></div>` : ''}
<form method="post" action="/task/chair/decide">
${formFields(c, access.cycleId)}
<fieldset>
<legend>${t('decideLegend')}</legend>
${[...leaders.candidates, 'none'].map(
  (unit, i) =>
    html`<div class="choice"><input type="radio" id="flag-${i}" name="flag" value="${unit}" required${mine === unit ? ' checked' : ''}>
<label for="flag-${i}">${choiceLabel(c, view, unit)}</label></div>`,
)}
</fieldset>
<button type="submit">${t('decideSubmit')}</button>
</form>`;
}

/** The chair's or the deputy's choice of flag nominee, as the session's person, through decideFlag. */
export async function decideAction(c: Context<AppEnv>, deps: WebDeps, view: ChairView, rerender: Rerender) {
  const t = c.get('t');
  const { access, report } = view;
  const form = c.get('form');
  const leaders = report.cycle.scoring?.leaders;
  const done = settled(view);
  const settledText = (flag: string | undefined) => (flag ? t('flagDecided', { unit: access.name(flag) }) : t('flagNotNominated'));
  if (done) return messagePage(c, 409, 'duplicateTitle', settledText(done.flag));
  if (!leaders || report.cycle.phase !== PHASES.leadersDecide || report.execution.status !== 'RUNNING')
    return messagePage(c, 409, 'notOpenTitle', t('decideNotOpen'));
  const flag = form.flag ?? '';
  if (flag !== 'none' && !leaders.candidates.includes(flag)) return rerender({ decideProblem: t('decideChoose') }, 400);
  try {
    const outcome = await decideFlag(deps.temporal, {
      cycleId: access.cycleId,
      decision: { actor: access.session.person.id, flag, channel: 'web' },
      ...requestIdOf(form),
    });
    const other = access.role === 'chair' ? t('roleDeputy') : t('roleChair');
    return chairReceipt(
      c,
      access,
      html`${
        outcome.agreed
          ? `${t('decideAgreed')} ${settledText(flag === 'none' ? undefined : flag)}`
          : t('decideRecorded', { choice: choiceLabel(c, view, flag), other })
      }`,
    );
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    if (error.reason === 'Duplicate') {
      const now = await cycleStatus(deps.temporal, access.cycleId).catch(() => undefined);
      const again = now && settled({ ...view, report: now });
      return messagePage(c, 409, 'duplicateTitle', again ? settledText(again.flag) : t('refusedDetail', { message: error.message }));
    }
    if (error.reason === 'InvalidInput') return rerender({ decideProblem: error.message }, 400);
    return refusalPage(c, error);
  }
}
