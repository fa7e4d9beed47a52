import type { Context } from 'hono';
import { html } from 'hono/html';
import { CliError } from '../../client/exitCodes.ts';
import { submitScores } from '../../client/operations.ts';
import { rubricOf } from '../../db/queries/participants.ts';
import { crossScoreVersions, type CrossScoreVersion } from '../../db/queries/scoringPages.ts';
import { checkCrossScore, type CrossScoreProblem } from '../../domain/crossScore.ts';
import type { Rubric } from '../../domain/rubric.ts';
import type { AppEnv, WebDeps } from '../env.ts';
import { formatTime, type Lang, type Translate } from '../i18n.ts';
import { formFields, messagePage, page, receiptPage } from '../layout.ts';
import { problemWords } from '../problems.ts';
import { refusalPage } from './refusal.ts';
import { requestIdOf, roundFor, type TaskAccess } from './task.ts';

// The cross-score round (chấm chéo): a form scoring every OTHER member of the cluster on each
// criterion of the cluster's rubric, one fieldset per member. What is sent is checked here by the
// domain's own rules (checkCrossScore), each problem shown beside its field with the input kept, in
// the page's language (the domain gives each problem as data), and again by the round's validator
// when the Update is called. A unit may submit again until the
// deadline (the latest version counts): the page lists the versions and starts from the latest.

interface Target {
  unit: string;
  unitName: string;
}

interface FormState {
  /** Per field name (`s.<unit>.<criterion>`): the text entered. */
  values: Record<string, string>;
  /** Per field name, or per unit (`unit.<unit>`): the problems to show beside it. */
  errors: Record<string, string[]>;
  general: string[];
}

const EMPTY: FormState = { values: {}, errors: {}, general: [] };

const fieldName = (unit: string, code: string) => `s.${unit}.${code}`;
const FIELD = /^s\.([A-Z0-9-]{2,20})\.([A-Z]\d{1,2})$/;
const POINTS = /^\d+(?:[.,]\d+)?$/;

function criteriaOf(rubric: Rubric) {
  return rubric.groups.flatMap((g) => g.criteria);
}

function fieldError(id: string, problems: string[] | undefined) {
  return problems?.length ? html`<p class="error" id="${id}-error">${problems.join('; ')}</p>` : '';
}

function versionList(rows: CrossScoreVersion[], t: Translate, lang: Lang) {
  return rows.length
    ? html`<ol class="versions">${rows.map(
        (r) =>
          html`<li>${t('scoreVersionLine', { version: r.version, at: formatTime(r.submittedAt, lang), by: r.submittedBy })}${
            r.late ? html` (${t('late')})` : ''
          }. ${t('scoreTotals', {
            totals: Object.entries(r.sheets)
              .map(([unit, sheet]) => `${unit} ${sheet.total}`)
              .join(', '),
          })}</li>`,
      )}</ol>`
    : html`<p>${t('noVersions')}</p>`;
}

/** The form's values from a stored version, so that a re-submission starts from what counts now. */
function valuesOf(version: CrossScoreVersion | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [unit, sheet] of Object.entries(version?.sheets ?? {}))
    for (const [code, points] of Object.entries(sheet.criteria)) values[fieldName(unit, code)] = String(points);
  return values;
}

function scoreForm(c: Context<AppEnv>, access: TaskAccess, rubric: Rubric, targets: Target[], state: FormState, replacing: boolean) {
  const t = c.get('t');
  const v = state.values;
  return html`${
    state.general.length || Object.keys(state.errors).length
      ? html`<div class="errors" role="alert" tabindex="-1" id="form-errors"><p>${t('scoreFormErrors')}</p>${
          state.general.length ? html`<ul>${state.general.map((p) => html`<li>${p}</li>`)}</ul>` : ''
        }</div>`
      : ''
  }
<form method="post" action="/task/score" class="report" novalidate>
${formFields(c, access.roundId, access.unit)}
${targets.map((target) => {
  const unitProblems = state.errors[`unit.${target.unit}`];
  return html`<fieldset${unitProblems?.length ? html` aria-describedby="sheet-${target.unit}-error"` : ''}>
<legend>${t('scoreSheetOf', { unit: `${target.unitName} (${target.unit})` })}</legend>
${fieldError(`sheet-${target.unit}`, unitProblems)}
${criteriaOf(rubric).map((k) => {
  const name = fieldName(target.unit, k.code);
  const id = `score-${target.unit}-${k.code}`;
  const problems = state.errors[name];
  return html`<div class="field score${problems?.length ? ' invalid' : ''}">
<label for="${id}">${k.code}. ${t('points', { title: k.title, max: k.max })}</label>
<input id="${id}" name="${name}" type="number" inputmode="decimal" min="0" max="${k.max}" step="0.01" data-max="${k.max}" required value="${v[name] ?? ''}"${
    problems?.length ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''
  }>
${fieldError(id, problems)}
</div>`;
})}
</fieldset>`;
})}
<button type="submit">${replacing ? t('replaceScores') : t('submitScores')}</button>
</form>`;
}

async function scorePage(c: Context<AppEnv>, deps: WebDeps, access: TaskAccess, state: FormState | undefined, status: 200 | 400 = 200) {
  const t = c.get('t');
  const lang = c.get('lang');
  const round = await roundFor(deps, access);
  if (!round.status || round.status.phase === 'scheduled') return messagePage(c, 409, 'notOpenTitle', t('notOpen'));
  const versions = await crossScoreVersions(deps.db, access.cycleId, access.unit);
  const title = t('scoreTitle', { year: access.year });
  if (round.status.phase === 'closed')
    return page(
      c,
      title,
      html`<p class="notice" role="alert">${t('closed')}</p>
<h2>${t('myVersions')}</h2>${versionList(versions, t, lang)}
<p><a href="/">${t('back')}</a></p>`,
      409,
    );
  const rubric = await rubricOf(deps.db, access.cluster, access.year);
  if (!rubric) return messagePage(c, 409, 'notOpenTitle', t('notOpen'));
  const targets = round.status.units.filter((u) => u.unit !== access.unit).map((u) => ({ unit: u.unit, unitName: u.unitName }));
  const latest = versions.at(-1);
  const shown = state ?? { ...EMPTY, values: valuesOf(latest) };
  return page(
    c,
    title,
    html`<p>${t('scoreIntro', { unit: access.unitName, cluster: access.clusterName })}</p>
${round.deadline ? html`<p>${t('deadline')}: <strong>${formatTime(round.deadline, lang)}</strong></p>` : ''}
${!state && latest ? html`<p class="notice">${t('prefilled', { version: latest.version })}</p>` : ''}
${scoreForm(c, access, rubric, targets, shown, versions.length > 0)}
<h2>${t('myVersions')}</h2>
${versionList(versions, t, lang)}
<p><a href="/">${t('back')}</a></p>`,
    status,
  );
}

export async function scoreTaskPage(c: Context<AppEnv>, deps: WebDeps, access: TaskAccess) {
  return scorePage(c, deps, access, undefined);
}

/** The form as the round's content ({ sheets: { <unit>: { criteria: { A1: 9.5 } } } }), with the fields that are not even numbers. */
function readForm(form: Record<string, string>, t: Translate) {
  const errors: Record<string, string[]> = {};
  const values: Record<string, string> = {};
  const sheets: Record<string, { criteria: Record<string, number> }> = {};
  for (const [name, text] of Object.entries(form)) {
    const match = FIELD.exec(name);
    if (!match) continue;
    const raw = text.trim();
    values[name] = raw;
    if (raw === '') continue;
    const [, unit, code] = match as unknown as [string, string, string];
    const sheet = (sheets[unit] ??= { criteria: {} });
    if (!POINTS.test(raw)) errors[name] = [t('notANumber')];
    else sheet.criteria[code] = Number(raw.replace(',', '.'));
  }
  return { content: { sheets }, values, errors };
}

/** Puts each problem of the domain's check, in the page's words, beside the field (or the member's fieldset) it is about, the rest above the form. */
function placeProblems(problems: CrossScoreProblem[], state: FormState, targets: string[], c: Context<AppEnv>): void {
  for (const problem of problems) {
    const words = problemWords(problem, c.get('t'), c.get('lang'));
    const unit = 'unit' in problem && targets.includes(problem.unit) ? problem.unit : undefined;
    const item = 'item' in problem ? problem.item : undefined;
    // A criterion outside the rubric has no field on the page: its problem goes on the member's fieldset, where it is seen.
    const shown = item !== undefined && problem.code !== 'unknownCode';
    if (unit && shown && state.values[fieldName(unit, item)] !== undefined) (state.errors[fieldName(unit, item)] ??= []).push(words);
    else if (unit) (state.errors[`unit.${unit}`] ??= []).push(words);
    else state.general.push(words);
  }
}

export async function submitScoresAction(c: Context<AppEnv>, deps: WebDeps, access: TaskAccess) {
  const t = c.get('t');
  const rubric = await rubricOf(deps.db, access.cluster, access.year);
  const round = await roundFor(deps, access);
  if (!rubric || !round.status) return messagePage(c, 409, 'notOpenTitle', t('notOpen'));
  const members = round.status.units.map((u) => u.unit);
  const targets = members.filter((m) => m !== access.unit);
  const { content, values, errors } = readForm(c.get('form'), t);
  const state: FormState = { values, errors, general: [] };
  if (Object.keys(errors).length) return scorePage(c, deps, access, state, 400);
  const checked = checkCrossScore(rubric, members, access.unit, content);
  if (!checked.ok) {
    placeProblems(checked.details, state, targets, c);
    return scorePage(c, deps, access, state, 400);
  }
  try {
    const receipt = await submitScores(deps.temporal, {
      cycleId: access.cycleId,
      unit: access.unit,
      scorer: access.session.person.id,
      content,
      channel: 'web',
      ...requestIdOf(c.get('form')),
    });
    return receiptPage(
      c,
      html`${t('scoresReceipt', {
        unit: access.unitName,
        version: receipt.version,
        at: formatTime(receipt.at, c.get('lang')),
      })}${receipt.late ? html` (${t('late')})` : ''}`,
      access,
    );
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    if (error.reason === 'InvalidInput') {
      state.general.push(error.message);
      return scorePage(c, deps, access, state, 400);
    }
    return refusalPage(c, error);
  }
}
