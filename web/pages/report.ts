import type { Context } from 'hono';
import { html } from 'hono/html';
import { CliError } from '../../client/exitCodes.ts';
import { submitReport } from '../../client/operations.ts';
import { reportVersions, rubricOf, type ReportVersionRow } from '../../db/queries/participants.ts';
import { checkReportContent, REPORT_PERIODS, reportPeriodSchema, type ReportPeriod, type ReportProblem } from '../../domain/report.ts';
import type { Rubric } from '../../domain/rubric.ts';
import type { AppEnv, WebDeps } from '../env.ts';
import { formatTime, periodName, type Lang, type Translate } from '../i18n.ts';
import { formFields, messagePage, page, receiptPage } from '../layout.ts';
import { problemWords } from '../problems.ts';
import { refusalPage } from './refusal.ts';
import { requestIdOf, roundFor, type TaskAccess } from './task.ts';

// A periodic or year-end report: the narrative and, for the year-end report, the self-score form
// built from the cluster's rubric. What is sent is checked here by the domain's own rules
// (checkReportContent), each problem shown beside its field with the input kept, in the page's
// language (the domain gives each problem as data: a code and its values), and again by the
// round's validator when the Update is called. Below the form: the versions sent so far.

interface Item {
  code: string;
  title: string;
  max: number;
  /** The form field's name: criteria.A1, bonus.T1, penalties.P1. */
  name: string;
}

interface Section {
  legend: string;
  items: Item[];
}

function sectionsOf(rubric: Rubric, t: Translate): Section[] {
  return [
    ...rubric.groups.map((g) => ({
      legend: `${g.code}. ${g.title}`,
      items: g.criteria.map((k) => ({ ...k, name: `criteria.${k.code}` })),
    })),
    { legend: t('bonus', { cap: rubric.bonus.cap }), items: rubric.bonus.items.map((k) => ({ ...k, name: `bonus.${k.code}` })) },
    {
      legend: t('penalties', { cap: rubric.penalties.cap }),
      items: rubric.penalties.items.map((k) => ({ ...k, name: `penalties.${k.code}` })),
    },
  ].filter((s) => s.items.length > 0);
}

interface FormState {
  values: Record<string, string>;
  /** Per field name (narrative, criteria.A1…): the problems to show beside it. */
  errors: Record<string, string[]>;
  general: string[];
}

const EMPTY: FormState = { values: {}, errors: {}, general: [] };

function versionList(rows: ReportVersionRow[], t: Translate, lang: Lang) {
  return rows.length
    ? html`<ol class="versions">${rows.map(
        (r) =>
          html`<li>${t('versionLine', { version: r.version, at: formatTime(r.submittedAt, lang), by: r.submittedBy })}${
            r.scoreTotal !== null ? html`, ${t('total', { total: Number(r.scoreTotal) })}` : ''
          }${r.late ? html` (${t('late')})` : ''}</li>`,
      )}</ol>`
    : html`<p>${t('noVersions')}</p>`;
}

function fieldError(id: string, problems: string[] | undefined) {
  return problems?.length ? html`<p class="error" id="${id}-error">${problems.join('; ')}</p>` : '';
}

function reportForm(c: Context<AppEnv>, access: TaskAccess, rubric: Rubric | undefined, state: FormState, replacing: boolean) {
  const t = c.get('t');
  const v = state.values;
  const invalid = (name: string, id: string) =>
    state.errors[name]?.length ? html` aria-invalid="true" aria-describedby="${id}-error"` : '';
  return html`${
    state.general.length || Object.keys(state.errors).length
      ? html`<div class="errors" role="alert" tabindex="-1" id="form-errors"><p>${t('formErrors')}</p>${
          state.general.length ? html`<ul>${state.general.map((p) => html`<li>${p}</li>`)}</ul>` : ''
        }</div>`
      : ''
  }
<form method="post" action="/task/report" class="report" novalidate>
${formFields(c, access.roundId, access.unit)}
<div class="field${state.errors.narrative ? ' invalid' : ''}">
<label for="narrative">${t('narrative')}</label>
<p class="help" id="narrative-help">${t('narrativeHelp')}</p>
<textarea id="narrative" name="narrative" rows="12" maxlength="20000" required aria-describedby="narrative-help${
    state.errors.narrative?.length ? ' narrative-error' : ''
  }"${state.errors.narrative?.length ? html` aria-invalid="true"` : ''}>${v.narrative ?? ''}</textarea>
${fieldError('narrative', state.errors.narrative)}
</div>
${
  rubric
    ? html`<h2>${t('selfScore')} <small>(${rubric.version})</small></h2>
${sectionsOf(rubric, t).map(
  (s) => html`<fieldset>
<legend>${s.legend}</legend>
${s.items.map((k) => {
  const id = `score-${k.code}`;
  return html`<div class="field score${state.errors[k.name] ? ' invalid' : ''}">
<label for="${id}">${k.code}. ${t('points', { title: k.title, max: k.max })}</label>
<input id="${id}" name="${k.name}" type="number" inputmode="decimal" min="0" max="${k.max}" step="0.01" data-max="${k.max}" value="${v[k.name] ?? ''}"${invalid(k.name, id)}>
${fieldError(id, state.errors[k.name])}
</div>`;
})}
</fieldset>`,
)}`
    : ''
}
<button type="submit">${replacing ? t('replaceReport') : t('submitReport')}</button>
</form>`;
}

async function reportPage(
  c: Context<AppEnv>,
  deps: WebDeps,
  access: TaskAccess,
  period: ReportPeriod,
  state: FormState,
  status: 200 | 400 = 200,
) {
  const t = c.get('t');
  const lang = c.get('lang');
  const round = await roundFor(deps, access);
  if (!round.status || round.status.phase === 'scheduled') return messagePage(c, 409, 'notOpenTitle', t('notOpen'));
  const versions = await reportVersions(deps.db, access.cycleId, access.unit, period);
  const title = t('reportTitle', {
    // "Báo cáo tổng kết năm" already ends with "năm" (year): the others get it before the year.
    period: lang === 'vi' ? REPORT_PERIODS[period].replace(/(?<! năm)$/, ' năm') : periodName(period, lang, REPORT_PERIODS),
    year: access.year,
  });
  if (round.status.phase === 'closed')
    return page(
      c,
      title,
      html`<p class="notice" role="alert">${t('closed')}</p>
<h2>${t('myVersions')}</h2>${versionList(versions, t, lang)}
<p><a href="/">${t('back')}</a></p>`,
      409,
    );
  const rubric = period === 'YEAR' ? await rubricOf(deps.db, access.cluster, access.year) : undefined;
  return page(
    c,
    title,
    html`<p>${access.unitName} – ${access.clusterName}</p>
${round.deadline ? html`<p>${t('deadline')}: <strong>${formatTime(round.deadline, lang)}</strong></p>` : ''}
${reportForm(c, access, rubric, state, versions.length > 0)}
<h2>${t('myVersions')}</h2>
${versionList(versions, t, lang)}
<p><a href="/">${t('back')}</a></p>`,
    status,
  );
}

function periodOf(access: TaskAccess): ReportPeriod | undefined {
  const parsed = reportPeriodSchema.safeParse(access.period);
  return parsed.success ? parsed.data : undefined;
}

export async function reportTaskPage(c: Context<AppEnv>, deps: WebDeps, access: TaskAccess) {
  const period = periodOf(access);
  if (!period) return messagePage(c, 404, 'notFoundTitle', c.get('t')('unknownTask'));
  return reportPage(c, deps, access, period, EMPTY);
}

const POINTS = /^\d+(?:[.,]\d+)?$/;
/** The form as a report's content, with the fields that are not even numbers. */
function readForm(form: Record<string, string>, rubric: Rubric | undefined, t: Translate) {
  const errors: Record<string, string[]> = {};
  const values: Record<string, string> = { narrative: form.narrative ?? '' };
  const content: { narrative: string; selfScore?: Record<string, Record<string, number>> } = { narrative: values.narrative! };
  if (rubric) {
    const score: Record<string, Record<string, number>> = { criteria: {}, bonus: {}, penalties: {} };
    for (const item of sectionsOf(rubric, t).flatMap((s) => s.items)) {
      const raw = (form[item.name] ?? '').trim();
      values[item.name] = raw;
      if (raw === '') continue;
      const [kind, code] = item.name.split('.') as [string, string];
      if (!POINTS.test(raw)) errors[item.name] = [t('notANumber')];
      else score[kind]![code] = Number(raw.replace(',', '.'));
    }
    content.selfScore = score;
  }
  return { content, values, errors };
}

/** Puts each problem of the domain's check, in the page's words, beside the field it is about (a rubric code, the narrative), the rest above the form. */
function placeProblems(problems: ReportProblem[], rubric: Rubric | undefined, c: Context<AppEnv>, state: FormState): void {
  const t = c.get('t');
  const fieldOf = new Map(rubric ? sectionsOf(rubric, t).flatMap((s) => s.items.map((k) => [k.code, k.name] as const)) : []);
  for (const problem of problems) {
    const words = problemWords(problem, t, c.get('lang'));
    const item = 'item' in problem ? problem.item : undefined;
    const field = 'path' in problem && problem.path === 'narrative' ? 'narrative' : item ? fieldOf.get(item) : undefined;
    if (field) (state.errors[field] ??= []).push(words);
    else state.general.push(words);
  }
}

export async function submitReportAction(c: Context<AppEnv>, deps: WebDeps, access: TaskAccess) {
  const t = c.get('t');
  const period = periodOf(access);
  if (!period) return messagePage(c, 404, 'notFoundTitle', t('unknownTask'));
  const rubric = period === 'YEAR' ? await rubricOf(deps.db, access.cluster, access.year) : undefined;
  const { content, values, errors } = readForm(c.get('form'), rubric, t);
  const state: FormState = { values, errors, general: [] };
  if (Object.keys(errors).length) return reportPage(c, deps, access, period, state, 400);
  const checked = checkReportContent(period, content, rubric);
  if (!checked.ok) {
    placeProblems(checked.details, rubric, c, state);
    return reportPage(c, deps, access, period, state, 400);
  }
  try {
    const receipt = await submitReport(deps.temporal, {
      cycleId: access.cycleId,
      unit: access.unit,
      period,
      submitter: access.session.person.id,
      content,
      channel: 'web',
      ...requestIdOf(c.get('form')),
    });
    return receiptPage(
      c,
      html`${t('reportReceipt', {
        unit: access.unitName,
        version: receipt.version,
        at: formatTime(receipt.at, c.get('lang')),
      })}${receipt.totals ? html` ${t('total', { total: receipt.totals.total })}.` : ''}${receipt.late ? html` (${t('late')})` : ''}`,
      access,
    );
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    if (error.reason === 'InvalidInput') {
      state.general.push(error.message);
      return reportPage(c, deps, access, period, state, 400);
    }
    return refusalPage(c, error);
  }
}
