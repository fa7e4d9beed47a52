import type { Context } from 'hono';
import { html } from 'hono/html';
import { amendSubmission, councilStatus } from '../../client/councilOperations.ts';
import { CliError } from '../../client/exitCodes.ts';
import { latestSubmission, type RecordedSubmission } from '../../db/queries/leadership.ts';
import { amendmentSchema } from '../../domain/council.ts';
import { PHASES } from '../../domain/cycle.ts';
import { parseIsoDuration } from '../../domain/duration.ts';
import type { AppEnv, WebDeps } from '../env.ts';
import { formatTime, type MessageKey } from '../i18n.ts';
import { formFields, messagePage } from '../layout.ts';
import { chairReceipt, type ChairView, type Rerender } from './chairView.ts';
import { refusalPage } from './refusal.ts';
import { requestIdOf } from './task.ts';

// The cluster's submission (tờ trình) to the provincial council and, when the council's
// secretariat returns a nomination at appraisal, the chair's amendment (the link of the
// returned-nomination mail leads here): the returned nominations with the council's reason, a
// note of what was amended (printed in the new tờ trình) and the units whose nominations are
// withdrawn. The section shows while the cycle is in revision; the action checks the role and the
// phase, then calls the client's amendSubmission as the session's person, whose Update validator
// (domain/councilState.ts checkAmendment) checks again. The amended submission goes to the council
// as the next version; the receipt links its tờ trình.

export interface AmendForm {
  values: { note: string; withdraw: string[] };
  errors: { note?: string; withdraw?: string };
  general?: string;
}

interface Returned {
  nomination: string;
  award: string;
  unit: string;
  reason: string;
}

const documentPath = (id: string) => `/documents/${encodeURIComponent(id)}`;

/** "DB-VT:flag:TGI" → its award and unit. */
function parts(nomination: string): { award: string; unit: string } {
  const [, award = '', unit = ''] = nomination.split(':');
  return { award, unit };
}

/**
 * The cluster's nominations the council has returned and not yet seen again: from the council's
 * status (returned at appraisal); should the council not answer, from the cycle's own record of
 * the returns.
 */
async function returnedNominations(deps: WebDeps, view: ChairView): Promise<Returned[]> {
  const { access, report } = view;
  const councilId = report.cycle.council?.councilId;
  const status = councilId ? await councilStatus(deps.temporal, councilId).catch(() => undefined) : undefined;
  if (status)
    return Object.entries(status.appraisal)
      .filter(([id, verdict]) => id.startsWith(`${access.leadership.cluster}:`) && verdict.status === 'returned')
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, verdict]) => ({ nomination: id, ...parts(id), reason: verdict.status === 'returned' ? verdict.reason : '' }));
  return (report.cycle.council?.returned ?? []).flatMap((r) =>
    r.nominations.map((id) => ({ nomination: id, ...parts(id), reason: r.reason })),
  );
}

/** Until when the chair may amend: the end of the council's session as the cycle's calendar has it (its mail's link expires then). */
function amendBy(view: ChairView): number | undefined {
  const council = view.report.cycle.calendar.council;
  if (!council) return undefined;
  const end = Date.parse(council.sessionAt) + (parseIsoDuration(council.sessionLength) ?? 0);
  return Number.isFinite(end) ? end : undefined;
}

/** Whether the chair may amend now: the cycle running, in revision. */
const inRevision = (view: ChairView) => view.report.execution.status === 'RUNNING' && view.report.cycle.phase === PHASES.revision;

function submissionLine(c: Context<AppEnv>, submission: RecordedSubmission) {
  const t = c.get('t');
  return html`<p>${t('submissionLine', { version: submission.version, at: formatTime(submission.submittedAt, c.get('lang')) })}
<a href="${documentPath(submission.documentId)}">${t('submissionDocLink', { version: submission.version })}</a></p>`;
}

/** The units of the current submission, each with its awards, for the withdraw checkboxes. */
function nominatedUnits(submission: RecordedSubmission): Map<string, string[]> {
  const units = new Map<string, string[]>();
  for (const n of submission.nominations) units.set(n.unit, [...(units.get(n.unit) ?? []), n.award]);
  return units;
}

/** The submission section: the latest tờ trình sent and, while the council has returned it, what was returned and the chair's form. */
export async function amendSection(c: Context<AppEnv>, deps: WebDeps, view: ChairView) {
  const t = c.get('t');
  const { access } = view;
  const submission = await latestSubmission(deps.db, access.cycleId);
  if (!submission) return '';
  const sent = html`<h2>${t('submissionHeading')}</h2>
${submissionLine(c, submission)}`;
  if (!inRevision(view)) return sent;
  const returned = await returnedNominations(deps, view);
  const award = (kind: string) => t(`award_${kind}` as MessageKey);
  const returnedList = html`<p>${t('amendReturnedIntro')}</p>
<ul>${returned.map(
    (r) =>
      html`<li>${t('amendReturnedLine', { award: award(r.award), unit: access.name(r.unit) })} ${t('amendReason', { reason: r.reason })}</li>`,
  )}</ul>`;
  const heading = html`<h2>${t('amendHeading')}</h2>`;
  if (access.role !== 'chair')
    return html`${sent}${heading}${returnedList}<p class="notice">${t('amendChairOnly', { chair: access.name(access.leadership.chairUnit) })}</p>`;
  const form = view.amend ?? { values: { note: '', withdraw: [] }, errors: {} };
  const { values: v, errors: e } = form;
  const by = amendBy(view);
  const problems = form.general ?? Object.keys(e).length;
  const returnedUnits = new Set(returned.map((r) => r.unit));
  return html`${sent}${heading}
${returnedList}
<p>${t('amendIntro', { next: submission.version + 1 })}</p>
${by !== undefined && by > Date.now() ? html`<p>${t('amendDeadline', { at: formatTime(by, c.get('lang')) })}</p>` : ''}
${
  problems
    ? html`<div class="errors" role="alert" tabindex="-1" id="form-errors"><p>${t('amendFormErrors')}</p>${
        form.general ? html`<p>${form.general}</p>` : ''
      }</div>`
    : ''
}
<form method="post" action="/task/chair/amend" novalidate>
${formFields(c, access.cycleId)}
<div class="field${e.note ? ' invalid' : ''}">
<label for="amend-note">${t('amendNote')}</label>
<p class="help" id="amend-note-help">${t('amendNoteHelp')}</p>
<textarea id="amend-note" name="note" rows="5" maxlength="5000" required${
    e.note ? html` aria-invalid="true" aria-describedby="amend-note-error amend-note-help"` : html` aria-describedby="amend-note-help"`
  }>${v.note}</textarea>
${e.note ? html`<p class="error" id="amend-note-error">${e.note}</p>` : ''}
</div>
<fieldset${e.withdraw ? html` aria-describedby="amend-withdraw-error"` : ''}>
<legend>${t('amendWithdrawLegend')}</legend>
${[...nominatedUnits(submission)].map(
  ([unit, awards], i) =>
    html`<div class="choice"><input type="checkbox" id="withdraw-${i}" name="withdraw.${unit}" value="on"${v.withdraw.includes(unit) ? ' checked' : ''}>
<label for="withdraw-${i}">${t('amendWithdrawUnit', { unit: access.name(unit), awards: awards.map(award).join(', ') })}${
      returnedUnits.has(unit) ? ` ${t('amendReturnedMark')}` : ''
    }</label></div>`,
)}
${e.withdraw ? html`<p class="error" id="amend-withdraw-error">${e.withdraw}</p>` : ''}
</fieldset>
<button type="submit">${t('amendSubmit')}</button>
</form>`;
}

/** The refusal when the submission is not returned now: already amended and sent again, or nothing returned at all. */
async function notInRevision(c: Context<AppEnv>, deps: WebDeps, view: ChairView) {
  const t = c.get('t');
  const submission = await latestSubmission(deps.db, view.access.cycleId);
  const resent = submission && submission.version > 1 && view.report.cycle.phase === PHASES.submitted;
  if (resent) return messagePage(c, 409, 'duplicateTitle', t('amendAlreadySent', { version: submission.version }));
  return messagePage(c, 409, 'amendNotOpenTitle', t('amendNotOpen'));
}

/** The chair's amendment: the note checked by the domain's schema (its problem beside it), the units withdrawn among those submitted, then amendSubmission. */
export async function amendAction(c: Context<AppEnv>, deps: WebDeps, view: ChairView, rerender: Rerender) {
  const t = c.get('t');
  const { access } = view;
  const form = c.get('form');
  if (access.role !== 'chair')
    return messagePage(c, 403, 'forbiddenTitle', t('amendChairOnly', { chair: access.name(access.leadership.chairUnit) }));
  if (!inRevision(view)) return notInRevision(c, deps, view);
  const submission = await latestSubmission(deps.db, access.cycleId);
  const submitted = submission ? nominatedUnits(submission) : new Map<string, string[]>();
  const withdraw = Object.keys(form)
    .filter((name) => name.startsWith('withdraw.') && form[name] === 'on')
    .map((name) => name.slice('withdraw.'.length));
  const values = { note: form.note ?? '', withdraw };
  const errors: AmendForm['errors'] = {};
  if (withdraw.some((unit) => !submitted.has(unit))) errors.withdraw = t('amendWithdrawUnknown');
  const parsed = amendmentSchema.safeParse({ actor: access.session.person.id, note: values.note, withdraw });
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      if (issue.path[0] === 'note') {
        const params = (issue as { params?: { problem?: string; char?: string; position?: number } }).params;
        errors.note ??=
          values.note.trim().length < 10
            ? t('amendNoteTooShort')
            : params?.problem === 'text'
              ? t('problem_unstorableText', { char: params.char ?? '', position: params.position ?? 0 })
              : issue.message;
      } else if (issue.path[0] === 'withdraw') errors.withdraw ??= t('amendWithdrawUnknown');
    }
  if (Object.keys(errors).length || !parsed.success) return rerender({ amend: { values, errors } }, 400);
  try {
    const { version } = await amendSubmission(deps.temporal, { cycleId: access.cycleId, amendment: parsed.data, ...requestIdOf(form) });
    const sent = await latestSubmission(deps.db, access.cycleId);
    return chairReceipt(
      c,
      access,
      html`${t('amendReceipt', { version })}${
        withdraw.length ? ` ${t('amendReceiptWithdrawn', { units: withdraw.map(access.name).join(', ') })}` : ''
      }${sent?.version === version ? html` <a href="${documentPath(sent.documentId)}">${t('submissionDocLink', { version })}</a>` : ''}`,
    );
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    if (error.reason === 'InvalidInput') return rerender({ amend: { values, errors: {}, general: error.message } }, 400);
    return refusalPage(c, error);
  }
}
