import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import type { z } from 'zod';
import { CliError } from '../../client/exitCodes.ts';
import { excuseFromRotation, overrideRotation, recordMerge } from '../../client/yearEndOperations.ts';
import { namesOf } from '../../db/queries/council.ts';
import { findYearEndCycle, handoverTo, rotationFacts, rotationInstructionsOf, type YearEndCycle } from '../../db/queries/yearEnd.ts';
import { cycleCalendarSchema } from '../../domain/calendar.ts';
import { mergeSchema } from '../../domain/conference.ts';
import { nextYearInput } from '../../domain/cycle.ts';
import { cycleIdSchema } from '../../domain/ids.ts';
import { issueList } from '../../domain/rejections.ts';
import {
  excuseSchema,
  nextMembership,
  overrideSchema,
  RotationError,
  rotationAsItStands,
  type RotationAsItStands,
  type RotationInput,
} from '../../domain/rotation.ts';
import { vietnamIsoDate } from '../../domain/time.ts';
import type { AppEnv, WebDeps } from '../env.ts';
import { formatTime, phaseName, type Translate } from '../i18n.ts';
import { formFields, messagePage, type Markup } from '../layout.ts';
import { refusalPage } from '../pages/refusal.ts';
import { requestIdOf } from '../pages/task.ts';
import { consoleOf, cycleInProvince, mayAct, notInProvince, refuseUnlessMayAct } from './access.ts';
import { consolePage } from './frame.ts';
import { scheduleRoutes } from './schedule.ts';

// The year's end of a cycle (/console/cycle/year-end?id=…): next year's rotation as the hand-over
// would record it now (from the same stored facts and the same rule as activities/nextYear.ts),
// or as recorded once the hand-over is done; and the secretariat's forms to excuse a unit, override
// the order and record a member merged away. Each form goes through the same client operation
// as the CLI, as the signed-in person; the cycle's workflow validates it again and may refuse.

const PATH = '/console/cycle/year-end';
const DONE = ['excused', 'overridden', 'merged'] as const;
type Done = (typeof DONE)[number];

const pagePath = (cycleId: string, done?: Done) => `${PATH}?id=${encodeURIComponent(cycleId)}${done ? `&done=${done}` : ''}`;

/** The cycle named by `id` when it is a cycle of the person's province; a Response (400/404) otherwise. */
async function cycleOf(c: Context<AppEnv>, deps: WebDeps, id: string | undefined): Promise<YearEndCycle | Response> {
  const t = c.get('t');
  if (!cycleIdSchema.safeParse(id).success) return messagePage(c, 400, 'invalidTitle', t('yearEndBadCycle'), backToConsole(t));
  if (!(await cycleInProvince(c, deps, id!))) return notInProvince(c);
  return (await findYearEndCycle(deps.db, id!)) ?? notInProvince(c);
}

const backToConsole = (t: Translate) => ({ href: '/console', label: t('consoleBack') });

/** Next year's rotation: as recorded at the hand-over, else as the hand-over would compute it now (or why it cannot). */
async function rotationNow(deps: WebDeps, cycle: YearEndCycle) {
  const recorded = await handoverTo(deps.db, cycle.cluster_code, cycle.year + 1);
  const facts = await rotationFacts(deps.db, cycle, Date.parse(nextYearInput(cycle).calendar.launchAt));
  if (recorded) return { facts, recorded: true as const, rotation: recorded.rotation as RotationAsItStands };
  try {
    return { facts, recorded: false as const, rotation: rotationAsItStands(facts) };
  } catch (error) {
    if (error instanceof RotationError) return { facts, recorded: false as const, problem: error.message };
    throw error;
  }
}

function rotationSection(t: Translate, name: (unit: string) => string, now: Awaited<ReturnType<typeof rotationNow>>): Markup {
  // The domain's detail is English (for the CLI and the minutes); the page says why in its own words, with the recorded reason.
  const why = (unit: string) =>
    now.facts.excused.find((e) => e.unit === unit)?.reason ??
    now.facts.departures.find((d) => d.unit === unit && d.kind === 'merged')?.reason;
  const r = now.rotation;
  if (!r) return html`<p class="notice" role="alert">${t('yearEndNoRotation', { problem: now.problem ?? '' })}</p>`;
  return html`<p>${now.recorded ? t('yearEndRecorded') : t('yearEndAsItStands')}</p>
<dl class="facts">
<dt>${t('yearEndNextChair')}</dt><dd>${name(r.chair)}</dd>
<dt>${t('yearEndNextDeputy')}</dt><dd>${name(r.deputy)}</dd>
<dt>${t('yearEndPolicy')}</dt><dd>${r.policy === 'override' ? t('yearEndPolicyOverride', { reason: r.override?.reason ?? '' }) : t('yearEndPolicyDefault')}</dd>
${r.defaultChoice ? html`<dt>${t('yearEndDefaultWas')}</dt><dd>${name(r.defaultChoice.chair)} / ${name(r.defaultChoice.deputy)}</dd>` : ''}
${r.overrideSetAside ? html`<dt>${t('yearEndSetAside')}</dt><dd>${r.overrideSetAside}</dd>` : ''}
</dl>
${
  r.skipped.length
    ? html`<h3>${t('yearEndSkipped')}</h3>
<ul>${r.skipped.map((s) => {
        const reason = why(s.unit);
        return html`<li>${name(s.unit)} (${t(s.as === 'chair' ? 'yearEndAsChair' : 'yearEndAsDeputy')}): ${t(`skip_${s.reason}`)}${reason ? ` – ${reason}` : ''}</li>`;
      })}</ul>`
    : html`<p>${t('yearEndNoneSkipped')}</p>`
}`;
}

/** This year's members in rotation order, with what is known of each for next year. */
function membersTable(t: Translate, name: (unit: string) => string, facts: RotationInput): Markup {
  const ordered = [...facts.members].sort((a, b) => a.order - b.order);
  const note = (unit: string) => {
    const left = facts.departures.find((d) => d.unit === unit);
    if (left)
      return left.kind === 'merged'
        ? t('yearEndMergedInto', { into: left.into ?? '', on: left.on })
        : t('yearEndDissolved', { on: left.on });
    if (facts.excused.some((e) => e.unit === unit)) return t('skip_council-consent');
    return '';
  };
  return html`<div class="scroll" role="region" aria-labelledby="members-caption" tabindex="0"><table>
<caption id="members-caption">${t('yearEndMembersCaption')}</caption>
<thead><tr><th scope="col">${t('yearEndOrder')}</th><th scope="col">${t('yearEndUnit')}</th><th scope="col">${t('yearEndRole')}</th><th scope="col">${t('yearEndNote')}</th></tr></thead>
<tbody>${ordered.map(
    (m) =>
      html`<tr><td>${m.order}</td><th scope="row">${name(m.unit)}</th><td>${
        m.unit === facts.chair
          ? t('yearEndChairNow')
          : m.unit === facts.deputy
            ? t('yearEndDeputyNow')
            : m.neverChair
              ? t('skip_never-chair')
              : ''
      }</td><td>${note(m.unit)}</td></tr>`,
  )}</tbody>
</table></div>`;
}

const unitOptions = (units: string[], name: (unit: string) => string) => units.map((u) => html`<option value="${u}">${name(u)}</option>`);

/** The secretariat's three forms; each names the cycle in its hidden `wf` field. */
function forms(c: Context<AppEnv>, cycle: YearEndCycle, units: string[], name: (unit: string) => string): Markup {
  const t = c.get('t');
  const reason = (id: string, hint: string) => html`<div class="field">
<label for="${id}">${t('yearEndReason')}</label>
<p class="hint" id="${id}-hint">${hint}</p>
<textarea id="${id}" name="reason" rows="3" minlength="10" maxlength="1000" required aria-describedby="${id}-hint"></textarea>
</div>`;
  const select = (id: string, field: string, label: string) => html`<div class="field">
<label for="${id}">${label}</label>
<select id="${id}" name="${field}" required>${unitOptions(units, name)}</select>
</div>`;
  return html`<h2 id="excuse">${t('yearEndExcuseHeading')}</h2>
<form method="post" action="${PATH}/excuse" aria-labelledby="excuse">
${formFields(c, cycle.id)}
${select('excuse-unit', 'unit', t('yearEndUnit'))}
${reason('excuse-reason', t('yearEndExcuseHint'))}
<button type="submit">${t('yearEndExcuse')}</button>
</form>
<h2 id="override">${t('yearEndOverrideHeading')}</h2>
<form method="post" action="${PATH}/override" aria-labelledby="override">
${formFields(c, cycle.id)}
${select('override-chair', 'chair', t('yearEndNextChair'))}
${select('override-deputy', 'deputy', t('yearEndNextDeputy'))}
${reason('override-reason', t('yearEndOverrideHint'))}
<button type="submit">${t('yearEndOverride')}</button>
</form>
<h2 id="merge">${t('yearEndMergeHeading')}</h2>
<form method="post" action="${PATH}/merge" aria-labelledby="merge">
${formFields(c, cycle.id)}
${select('merge-unit', 'unit', t('yearEndMergeUnit'))}
<div class="field">
<label for="merge-into">${t('yearEndMergeInto')}</label>
<p class="hint" id="merge-into-hint">${t('yearEndMergeIntoHint')}</p>
<input type="text" id="merge-into" name="into" required maxlength="16" autocomplete="off" aria-describedby="merge-into-hint">
</div>
<div class="field">
<label for="merge-on">${t('yearEndMergeOn')}</label>
<input type="date" id="merge-on" name="on" required value="${vietnamIsoDate(Date.now())}">
</div>
<fieldset>
<legend>${t('yearEndOpenTasks')}</legend>
<div class="choice"><input type="radio" id="merge-close" name="openTasks" value="close" checked><label for="merge-close">${t('yearEndOpenTasksClose')}</label></div>
<div class="choice"><input type="radio" id="merge-transfer" name="openTasks" value="transfer"><label for="merge-transfer">${t('yearEndOpenTasksTransfer')}</label></div>
</fieldset>
${reason('merge-reason', t('yearEndMergeHint'))}
<button type="submit">${t('yearEndMerge')}</button>
</form>`;
}

async function yearEndPage(c: Context<AppEnv>, deps: WebDeps): Promise<Response> {
  const t = c.get('t');
  const lang = c.get('lang');
  const cycle = await cycleOf(c, deps, c.req.query('id'));
  if (cycle instanceof Response) return cycle;
  const now = await rotationNow(deps, cycle);
  const instructions = await rotationInstructionsOf(deps.db, cycle.id);
  const units = now.facts.members.map((m) => m.unit);
  // Next year's members too: a merged unit's successor may chair or deputise next year.
  const nextUnits = nextMembership(now.facts.members, now.facts.departures).map((m) => m.unit);
  const mentioned = [...units, ...nextUnits, ...now.facts.departures.flatMap((d) => (d.into ? [d.into] : []))];
  const names = (await namesOf(deps.db, mentioned, [])).units;
  const name = (unit: string) => `${names.get(unit) ?? unit} (${unit})`;
  const conference = cycleCalendarSchema.safeParse(cycle.calendar).data?.conference;
  const doneParam = c.req.query('done');
  const done = DONE.find((d) => d === doneParam);
  const main = html`${done ? html`<p class="notice" role="status">${t(`yearEndDone_${done}`)}</p>` : ''}
<dl class="facts">
<dt>${t('yearEndCluster')}</dt><dd>${cycle.cluster_name} (${cycle.cluster_code})</dd>
<dt>${t('yearEndPhase')}</dt><dd>${phaseName(t, 'cycle', cycle.phase)}</dd>
<dt>${t('yearEndChairNow')}</dt><dd>${name(cycle.chair_unit)}</dd>
<dt>${t('yearEndDeputyNow')}</dt><dd>${name(cycle.deputy_unit)}</dd>
<dt>${t('yearEndConference')}</dt><dd>${conference ? formatTime(Date.parse(conference.at), lang) : t('yearEndNoConference')}</dd>
</dl>
<h2>${t('yearEndRotationHeading', { year: cycle.year + 1 })}</h2>
${rotationSection(t, name, now)}
${membersTable(t, name, now.facts)}
<h2>${t('yearEndInstructionsHeading')}</h2>
${
  instructions.length
    ? html`<ul>${instructions.map(
        (i) =>
          html`<li>${formatTime(i.at, lang)}, ${i.actor}: ${
            i.kind === 'excuse'
              ? t('yearEndInstructionExcuse', { unit: name(i.unit_code ?? '') })
              : t('yearEndInstructionOverride', { chair: name(i.chair_unit ?? ''), deputy: name(i.deputy_unit ?? '') })
          } – ${i.reason}</li>`,
      )}</ul>`
    : html`<p>${t('yearEndNoInstructions')}</p>`
}
${mayAct(consoleOf(c), 'cycle') && !now.recorded ? forms(c, cycle, [...new Set([...units, ...nextUnits])], name) : ''}
<p><a href="/console/schedule?cluster=${encodeURIComponent(cycle.cluster_code)}">${t('yearEndToSchedule')}</a></p>`;
  return consolePage(c, t('yearEndTitle', { cluster: cycle.cluster_name, year: cycle.year }), main);
}

/**
 * A form's POST: the person may act on cycles, the cycle is of their province, the fields pass the
 * domain's schema (else a 400 page naming the problems), then the client operation; its refusal
 * is shown as a page, its success as the page again with a confirmation (post/redirect/get).
 */
async function act<S extends z.ZodType>(
  c: Context<AppEnv>,
  deps: WebDeps,
  schema: S,
  fields: (form: Record<string, string>) => Record<string, string>,
  send: (cycleId: string, input: z.infer<S>, request: { requestId?: string }) => Promise<unknown>,
  done: Done,
): Promise<Response> {
  const refused = refuseUnlessMayAct(c, 'cycle');
  if (refused) return refused;
  const t = c.get('t');
  const form = c.get('form');
  const cycle = await cycleOf(c, deps, form.wf);
  if (cycle instanceof Response) return cycle;
  const back = { href: pagePath(cycle.id), label: t('yearEndBack') };
  // The actor is the signed-in person, set last so that no form field can name another.
  const parsed = schema.safeParse({ ...fields(form), actor: consoleOf(c).person.id });
  if (!parsed.success) return messagePage(c, 400, 'invalidTitle', t('yearEndInvalid', { problems: issueList(parsed.error, 'form') }), back);
  try {
    await send(cycle.id, parsed.data, requestIdOf(form));
  } catch (error) {
    if (error instanceof CliError) return refusalPage(c, error, t('yearEndRefused'));
    throw error;
  }
  return c.redirect(pagePath(cycle.id, done), 303);
}

/** The year-end page and its forms, and the cluster's yearly schedule (web/console/schedule.ts). */
export function yearEndRoutes(app: Hono<AppEnv>, deps: WebDeps): void {
  const { temporal } = deps;
  const text = (form: Record<string, string>, ...names: string[]) => Object.fromEntries(names.map((n) => [n, (form[n] ?? '').trim()]));
  app.get(PATH, (c) => yearEndPage(c, deps));
  app.post(`${PATH}/excuse`, (c) =>
    act(
      c,
      deps,
      excuseSchema,
      (f) => ({ ...text(f, 'unit'), reason: f.reason ?? '' }),
      (cycleId, excuse, request) => excuseFromRotation(temporal, { cycleId, excuse, ...request }),
      'excused',
    ),
  );
  app.post(`${PATH}/override`, (c) =>
    act(
      c,
      deps,
      overrideSchema,
      (f) => ({ ...text(f, 'chair', 'deputy'), reason: f.reason ?? '' }),
      (cycleId, override, request) => overrideRotation(temporal, { cycleId, override, ...request }),
      'overridden',
    ),
  );
  app.post(`${PATH}/merge`, (c) =>
    act(
      c,
      deps,
      mergeSchema,
      (f) => ({ ...text(f, 'unit', 'on', 'openTasks'), into: (f.into ?? '').trim().toUpperCase(), reason: f.reason ?? '' }),
      (cycleId, merge, request) => recordMerge(temporal, { cycleId, merge, ...request }),
      'merged',
    ),
  );
  scheduleRoutes(app, deps);
}
