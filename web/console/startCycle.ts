import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { html } from 'hono/html';
import { z } from 'zod';
import { parseDuration } from '../../client/cliArgs.ts';
import { calendarFromText, cycleStartInput, MAX_CALENDAR_BYTES } from '../../client/cycleStartInput.ts';
import { CliError, ExitCode } from '../../client/exitCodes.ts';
import { startCycle } from '../../client/operations.ts';
import { clusterInProvince, clustersOfYear } from '../../db/queries/consoleYear.ts';
import { compressedCalendar, defaultCalendar, type CycleCalendar } from '../../domain/calendar.ts';
import { defaultCampaigns } from '../../domain/cycle.ts';
import { clusterCode, cycleId as cycleIdOf } from '../../domain/ids.ts';
import { issueList } from '../../domain/rejections.ts';
import { vietnamIsoDate } from '../../domain/time.ts';
import type { AppEnv, WebDeps } from '../env.ts';
import { formatTime } from '../i18n.ts';
import { messagePage } from '../layout.ts';
import { refusalPage } from '../pages/refusal.ts';
import { consoleOf, notInProvince, refuseUnlessMayAct } from './access.ts';
import { consolePage } from './frame.ts';
import { path, yearParam } from './yearView.ts';

// /console/start: the secretariat starts a cluster's year, as `tdkt cycle start` does, with the
// same checks (client/cycleStartInput.ts) and the same operation (startCycle). The calendar is the
// real year's; a compressed test calendar or one given as JSON only where the server's
// configuration allows them (TDKT_WEB_ALLOW_TEST_CALENDAR: trials and the demo). The campaigns are
// the default ones. A cluster-year has one cycle: a second start is refused with a link to it.

/** The round length a compressed calendar gets unless the form says otherwise. */
const DEFAULT_ROUND = 'PT2M';

const startForm = z.object({
  cluster: clusterCode,
  year: yearParam,
  calendar: z.enum(['real', 'compressed', 'json']),
  roundLength: z.string().max(40).optional(),
  calendarJson: z
    .string()
    .max(MAX_CALENDAR_BYTES * 2)
    .optional(),
});

export async function startFormPage(c: Context<AppEnv>, deps: WebDeps) {
  const refused = refuseUnlessMayAct(c, 'cycle');
  if (refused) return refused;
  const t = c.get('t');
  const lang = c.get('lang');
  const access = consoleOf(c);
  const asked = yearParam.safeParse(c.req.query('year') ?? '');
  const forYear = asked.success ? asked.data : Number(vietnamIsoDate(Date.now()).slice(0, 4));
  const clusters = await clustersOfYear(deps.db, access.province, forYear);
  const chosen = c.req.query('cluster');
  const testing = deps.config.TDKT_WEB_ALLOW_TEST_CALENDAR;
  const real = defaultCalendar(forYear);
  const at = (iso: string) => formatTime(Date.parse(iso), lang);
  return consolePage(
    c,
    t('consoleStartTitle'),
    html`<form method="post" action="/console/start" class="console-start">
<input type="hidden" name="csrf" value="${c.get('csrf')}">
<p><label for="start-cluster">${t('consoleCluster')}</label>
<select id="start-cluster" name="cluster" required>
${clusters.map(
  (cl) =>
    html`<option value="${cl.code}"${cl.code === chosen ? html` selected` : ''}>${cl.name} (${cl.code})${cl.cycle ? ` – ${t('consoleStartedAlready')}` : ''}</option>`,
)}
</select></p>
<p><label for="start-year">${t('consoleYear')}</label>
<input id="start-year" name="year" type="number" inputmode="numeric" min="2000" max="2100" required value="${forYear}"></p>
<fieldset><legend>${t('consoleCalendar')}</legend>
<p><input type="radio" id="cal-real" name="calendar" value="real" checked>
<label for="cal-real">${t('consoleCalendarReal', { pledge: at(real.pledge.deadline), conference: at(real.conference!.at) })}</label></p>
${
  testing
    ? html`<p><input type="radio" id="cal-compressed" name="calendar" value="compressed">
<label for="cal-compressed">${t('consoleCalendarCompressed')}</label>
<label for="cal-round">${t('consoleRoundLength')}</label>
<input id="cal-round" name="roundLength" value="${DEFAULT_ROUND}" size="8"></p>
<p><input type="radio" id="cal-json" name="calendar" value="json">
<label for="cal-json">${t('consoleCalendarJson')}</label></p>
<p><label for="cal-text">${t('consoleCalendarText')}</label>
<textarea id="cal-text" name="calendarJson" rows="8" spellcheck="false"></textarea></p>`
    : html`<p class="hint">${t('consoleTestCalendarOffHint')}</p>`
}
</fieldset>
<h2>${t('consoleRules')}</h2>
<p>${t('consoleRulesDefault')}</p>
<ul>${defaultCampaigns(forYear).map((campaign) => html`<li>${campaign.title}</li>`)}</ul>
<input type="hidden" name="request" value="web-${randomUUID()}">
<p><button type="submit">${t('consoleStartButton')}</button></p>
</form>`,
  );
}

/** The calendar the form asks for; undefined for a test calendar this server does not allow. Throws a CliError (as the CLI would say it) for a bad one. */
function calendarOf(form: z.infer<typeof startForm>, allowTest: boolean): CycleCalendar | undefined {
  if (form.calendar === 'real') return defaultCalendar(form.year);
  if (!allowTest) return undefined;
  if (form.calendar === 'json') return calendarFromText(form.calendarJson ?? '', 'the calendar');
  let roundMs: number;
  try {
    roundMs = parseDuration(form.roundLength || DEFAULT_ROUND);
  } catch (error) {
    throw new CliError(ExitCode.usage, `the round length: ${(error as Error).message}`, 'InvalidInput');
  }
  return compressedCalendar(Date.now(), roundMs);
}

export async function startCycleAction(c: Context<AppEnv>, deps: WebDeps) {
  const refused = refuseUnlessMayAct(c, 'cycle');
  if (refused) return refused;
  const t = c.get('t');
  const back = { href: '/console/start', label: t('consoleBackToStart') };
  const parsed = startForm.safeParse(c.get('form'));
  if (!parsed.success)
    return messagePage(c, 400, 'invalidTitle', t('consoleFormInvalid', { problems: issueList(parsed.error, 'form') }), back);
  const form = parsed.data;
  const access = consoleOf(c);
  if (!(await clusterInProvince(deps.db, access.province, form.cluster))) return notInProvince(c);
  const id = cycleIdOf(form.cluster, form.year);
  try {
    const calendar = calendarOf(form, deps.config.TDKT_WEB_ALLOW_TEST_CALENDAR);
    if (!calendar) return messagePage(c, 400, 'invalidTitle', t('consoleTestCalendarOff'), back);
    const input = cycleStartInput(form.cluster, form.year, calendar);
    await startCycle(deps.temporal, deps.config.TEMPORAL_TASK_QUEUE, input);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    if (error.exitCode === ExitCode.alreadyStarted)
      return messagePage(c, 409, 'consoleAlreadyStartedTitle', t('consoleAlreadyStarted', { message: error.message }), {
        href: path.cycle(id),
        label: t('consoleOpenRunning'),
      });
    return refusalPage(c, error);
  }
  return c.redirect(`${path.cycle(id)}&done=started`, 303);
}
