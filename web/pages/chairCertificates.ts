import type { Context } from 'hono';
import { html } from 'hono/html';
import { CliError } from '../../client/exitCodes.ts';
import { recordCertificates } from '../../client/yearEndOperations.ts';
import { recordedCertificates } from '../../db/queries/leadership.ts';
import { certificateSchema, giayKhenAmount, type Certificate } from '../../domain/conference.ts';
import { PHASES } from '../../domain/cycle.ts';
import type { AppEnv, WebDeps } from '../env.ts';
import { formatTime, type Translate } from '../i18n.ts';
import { formFields, messagePage } from '../layout.ts';
import { CERTIFICATE_PHASES, chairReceipt, type ChairView, type Rerender } from './chairView.ts';
import { refusalPage } from './refusal.ts';
import { requestIdOf } from './task.ts';

// The cluster's giấy khen (DOMAIN.md step 10): once the cluster's nominations are in and until the
// conference, the chair records, once, the list handed over at the year-end conference: who receives each (a collective, a farming household or a person), the
// member unit they belong to, and the achievement. The form has a few rows and a button that adds
// more (no JavaScript needed); rows left empty are ignored, and "none this year" records an empty
// list. Each row is checked by the domain's schema (problems beside the field, the input kept),
// then recordCertificates is called; the cycle's validator refuses a second list.

const KINDS = ['collective', 'household', 'individual'] as const;
const FIELDS = ['recipient', 'kind', 'unit', 'achievement'] as const;
type Field = (typeof FIELDS)[number];
type Row = Record<Field, string>;
/** The rows the form starts with, and how many "more rows" adds. */
const START_ROWS = 3;
const MAX_ROWS = 100;

export interface CertificatesForm {
  rows: Row[];
  none: boolean;
  /** Per field name (`cert.<n>.<field>`): the problem beside it. */
  errors: Record<string, string>;
  general?: string;
}

const fieldName = (n: number, field: Field) => `cert.${n}.${field}`;
const fieldId = (n: number, field: Field) => `cert-${n}-${field}`;
const emptyRow = (): Row => ({ recipient: '', kind: 'collective', unit: '', achievement: '' });
const isEmpty = (row: Row) => !row.recipient.trim() && !row.achievement.trim();

/** Whether the list is due now: the year's nominations are in, the calendar's conference is still to come and the cycle running. */
function due(view: ChairView): 'yes' | 'not-yet' | 'over' {
  const { cycle, execution } = view.report;
  if (cycle.yearEnd?.conference || cycle.phase === PHASES.handedOver || execution.status !== 'RUNNING') return 'over';
  return CERTIFICATE_PHASES.includes(cycle.phase) ? 'yes' : 'not-yet';
}

function recordedList(c: Context<AppEnv>, view: ChairView, rows: Awaited<ReturnType<typeof recordedCertificates>>['certificates']) {
  const t = c.get('t');
  if (!rows.length) return html`<p>${t('certificatesNone')}</p>`;
  return html`<ol class="history">${rows.map(
    (r) =>
      html`<li>${t('certificateLine', { number: r.number, recipient: r.recipient, kind: t(`certKind_${r.kind}`), unit: view.access.name(r.unit) })}: ${
        r.achievement
      }</li>`,
  )}</ol>`;
}

function rowFields(c: Context<AppEnv>, view: ChairView, n: number, row: Row, errors: Record<string, string>) {
  const t = c.get('t');
  const problem = (field: Field) => errors[fieldName(n, field)];
  const attrs = (field: Field) => (problem(field) ? html` aria-invalid="true" aria-describedby="${fieldId(n, field)}-error"` : '');
  const error = (field: Field) => (problem(field) ? html`<p class="error" id="${fieldId(n, field)}-error">${problem(field)}</p>` : '');
  const wrap = (field: Field, label: string, control: ReturnType<typeof html>) =>
    html`<div class="field${problem(field) ? ' invalid' : ''}"><label for="${fieldId(n, field)}">${label}</label>
${control}
${error(field)}</div>`;
  return html`<fieldset class="certificate">
<legend>${t('certificateN', { n })}</legend>
${wrap(
  'recipient',
  t('certRecipient'),
  html`<input type="text" id="${fieldId(n, 'recipient')}" name="${fieldName(n, 'recipient')}" maxlength="200" value="${row.recipient}"${attrs('recipient')}>`,
)}
${wrap(
  'kind',
  t('certKind'),
  html`<select id="${fieldId(n, 'kind')}" name="${fieldName(n, 'kind')}"${attrs('kind')}>${KINDS.map(
    (k) => html`<option value="${k}"${row.kind === k ? ' selected' : ''}>${t(`certKind_${k}`)}</option>`,
  )}</select>`,
)}
${wrap(
  'unit',
  t('certUnit'),
  html`<select id="${fieldId(n, 'unit')}" name="${fieldName(n, 'unit')}"${attrs('unit')}><option value="">${t('chooseUnit')}</option>${view.access.leadership.members.map(
    (m) => html`<option value="${m.unit}"${row.unit === m.unit ? ' selected' : ''}>${view.access.name(m.unit)}</option>`,
  )}</select>`,
)}
${wrap(
  'achievement',
  t('certAchievement'),
  html`<textarea id="${fieldId(n, 'achievement')}" name="${fieldName(n, 'achievement')}" rows="3" maxlength="500"${attrs('achievement')}>${row.achievement}</textarea>`,
)}
</fieldset>`;
}

export async function certificatesSection(c: Context<AppEnv>, deps: WebDeps, view: ChairView) {
  const t = c.get('t');
  const lang = c.get('lang');
  const { access, report } = view;
  const conference = report.cycle.calendar.conference;
  if (!conference) return '';
  const recorded = await recordedCertificates(deps.db, access.cycleId);
  const heading = html`<h2>${t('certificatesHeading')}</h2>`;
  const held = report.cycle.yearEnd?.conference;
  if (recorded.recorded)
    return html`${heading}
<p class="notice" role="status">${
      held
        ? t('conferenceHeld', { at: formatTime(Date.parse(held.heldAt), lang) })
        : t('certificatesRecorded', { at: formatTime(recorded.recordedAt!, lang), conference: formatTime(Date.parse(conference.at), lang) })
    }</p>
${recordedList(c, view, recorded.certificates)}`;
  const now = due(view);
  if (now === 'not-yet') return '';
  if (now === 'over') return html`${heading}<p class="notice" role="status">${t('certificatesClosed')}</p>`;
  if (access.role !== 'chair')
    return html`${heading}<p class="notice">${t('certificatesChairOnly', { chair: access.name(access.leadership.chairUnit) })}</p>`;
  const form = view.certificates ?? { rows: Array.from({ length: START_ROWS }, emptyRow), none: false, errors: {} };
  const problems = form.general ?? Object.keys(form.errors).length;
  return html`${heading}
<p>${t('certificatesIntro', { at: formatTime(Date.parse(conference.at), lang), amount: giayKhenAmount.toLocaleString('vi-VN') })}</p>
${
  problems
    ? html`<div class="errors" role="alert" tabindex="-1" id="form-errors"><p>${t('certificatesFormErrors')}</p>${
        form.general ? html`<p>${form.general}</p>` : ''
      }</div>`
    : ''
}
<form method="post" action="/task/chair/certificates" novalidate>
${formFields(c, access.cycleId)}
<input type="hidden" name="rows" value="${form.rows.length}">
${form.rows.map((row, i) => rowFields(c, view, i + 1, row, form.errors))}
<div class="choice"><input type="checkbox" id="cert-none" name="none" value="on"${form.none ? ' checked' : ''}>
<label for="cert-none">${t('certificatesNoneChoice')}</label></div>
<button type="submit" name="action" value="more" class="secondary">${t('certificatesMoreRows')}</button>
<button type="submit" name="action" value="record">${t('certificatesSubmit')}</button>
</form>`;
}

/** The rows as sent (`cert.<n>.<field>`, n from 1 to `rows`). */
function readRows(form: Record<string, string>): Row[] {
  const count = Math.min(MAX_ROWS, Math.max(1, Number.parseInt(form.rows ?? '', 10) || START_ROWS));
  return Array.from({ length: count }, (_, i) => {
    const row = emptyRow();
    for (const field of FIELDS) row[field] = form[fieldName(i + 1, field)] ?? (field === 'kind' ? 'collective' : '');
    return row;
  });
}

/** Each filled row checked by the domain's schema; its problems by field name. */
function checkRows(rows: Row[], view: ChairView, t: Translate) {
  const errors: Record<string, string> = {};
  const certificates: Certificate[] = [];
  const members = view.access.leadership.members.map((m) => m.unit);
  rows.forEach((row, i) => {
    if (isEmpty(row)) return;
    const n = i + 1;
    const parsed = certificateSchema.safeParse(row);
    if (!members.includes(row.unit)) errors[fieldName(n, 'unit')] = t('chooseUnitError');
    if (parsed.success) {
      if (members.includes(row.unit)) certificates.push(parsed.data);
      return;
    }
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as Field;
      if (!FIELDS.includes(field) || errors[fieldName(n, field)]) continue;
      // A screening refusal ("a certificate cannot carry …") says what; the others, the rule.
      errors[fieldName(n, field)] =
        issue.code === 'custom' ? issue.message : field === 'unit' ? t('chooseUnitError') : t(`certRule_${field}`);
    }
  });
  return { errors, certificates };
}

export async function certificatesAction(c: Context<AppEnv>, deps: WebDeps, view: ChairView, rerender: Rerender) {
  const t = c.get('t');
  const { access } = view;
  const form = c.get('form');
  if (access.role !== 'chair')
    return messagePage(c, 403, 'forbiddenTitle', t('certificatesChairOnly', { chair: access.name(access.leadership.chairUnit) }));
  const recorded = await recordedCertificates(deps.db, access.cycleId);
  const already = () =>
    t('certificatesAlready', { numbers: recorded.certificates.map((r) => r.number).join(', ') || t('certificatesNoneShort') });
  if (recorded.recorded) return messagePage(c, 409, 'duplicateTitle', already());
  if (!view.report.cycle.calendar.conference) return messagePage(c, 409, 'notOpenTitle', t('certificatesNoConference'));
  const now = due(view);
  if (now === 'not-yet') return messagePage(c, 409, 'notOpenTitle', t('certificatesNotYet'));
  if (now === 'over') return messagePage(c, 409, 'closedTitle', t('certificatesClosed'));
  const rows = readRows(form);
  const none = form.none === 'on';
  if (form.action === 'more') {
    const more = Math.min(MAX_ROWS, rows.length + START_ROWS);
    return rerender({ certificates: { rows: [...rows, ...Array.from({ length: more - rows.length }, emptyRow)], none, errors: {} } }, 200);
  }
  const { errors, certificates } = checkRows(rows, view, t);
  const filled = rows.filter((r) => !isEmpty(r)).length;
  let general: string | undefined;
  if (!filled && !none) general = t('certificatesEmpty');
  if (filled && none) general = t('certificatesNoneAndRows');
  if (general || Object.keys(errors).length)
    return rerender({ certificates: { rows, none, errors, ...(general ? { general } : {}) } }, 400);
  try {
    const result = await recordCertificates(deps.temporal, {
      cycleId: access.cycleId,
      certificates: { actor: access.session.person.id, certificates, channel: 'web' },
      ...requestIdOf(form),
    });
    return chairReceipt(
      c,
      access,
      html`${
        result.numbers.length
          ? t('certificatesReceipt', { count: result.numbers.length, numbers: result.numbers.join(', ') })
          : t('certificatesReceiptNone')
      }`,
    );
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    if (error.reason === 'Duplicate') {
      const now = await recordedCertificates(deps.db, access.cycleId);
      return messagePage(
        c,
        409,
        'duplicateTitle',
        t('certificatesAlready', { numbers: now.certificates.map((r) => r.number).join(', ') || t('certificatesNoneShort') }),
      );
    }
    if (error.reason === 'InvalidInput' || error.reason === 'NotAMember')
      return rerender({ certificates: { rows, none, errors: {}, general: error.message } }, 400);
    return refusalPage(c, error);
  }
}
