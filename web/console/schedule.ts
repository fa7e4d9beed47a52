import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { CliError, ExitCode } from '../../client/exitCodes.ts';
import {
  createSchedule,
  describeSchedule,
  pauseSchedule,
  scheduleNoteSchema,
  triggerSchedule,
  yearlyAtSchema,
  type ScheduleView,
} from '../../client/yearEndOperations.ts';
import { provinceOfCluster } from '../../db/queries/console.ts';
import { clusterCode } from '../../domain/ids.ts';
import { issueList } from '../../domain/rejections.ts';
import type { AppEnv, WebDeps } from '../env.ts';
import { formatTime, type Translate } from '../i18n.ts';
import { messagePage, type Markup } from '../layout.ts';
import { refusalPage } from '../pages/refusal.ts';
import { consoleOf, mayAct, notInProvince, refuseUnlessMayAct } from './access.ts';
import { consolePage } from './frame.ts';

// A cluster's yearly Temporal Schedule (/console/schedule?cluster=…), which starts its next cycle
// each year once the latest year's conference has come (the conference's hand-over starts it
// too; either way there is one): as Temporal describes it now, and the secretariat's forms to
// create it, pause it with a note, unpause it and run it now. The same client operations as
// `tdkt schedule …`; after each, the page again with a confirmation (post/redirect/get).

const PATH = '/console/schedule';
const DONE = ['created', 'existed', 'paused', 'unpaused', 'started', 'triggered'] as const;
type Done = (typeof DONE)[number];

const pagePath = (cluster: string, done?: Done) => `${PATH}?cluster=${encodeURIComponent(cluster)}${done ? `&done=${done}` : ''}`;

/** The cluster code when it is a cluster of the person's province; a Response (400/404) otherwise. */
async function clusterOf(c: Context<AppEnv>, deps: WebDeps, code: string | undefined): Promise<string | Response> {
  const t = c.get('t');
  if (!clusterCode.safeParse(code).success)
    return messagePage(c, 400, 'invalidTitle', t('scheduleBadCluster'), { href: '/console', label: t('consoleBack') });
  if ((await provinceOfCluster(deps.db, code!)) !== consoleOf(c).province) return notInProvince(c);
  return code!;
}

/** The schedule as Temporal describes it, or undefined when the cluster has none yet. */
async function scheduleOf(deps: WebDeps, cluster: string): Promise<ScheduleView | undefined> {
  try {
    return await describeSchedule(deps.temporal, cluster);
  } catch (error) {
    if (error instanceof CliError && error.exitCode === ExitCode.unknownCycle) return undefined;
    throw error;
  }
}

function describe(c: Context<AppEnv>, view: ScheduleView): Markup {
  const t = c.get('t');
  const lang = c.get('lang');
  const when = (iso: string) => formatTime(Date.parse(iso), lang);
  return html`<dl class="facts">
<dt>${t('scheduleId')}</dt><dd>${view.scheduleId}</dd>
<dt>${t('scheduleFires')}</dt><dd>${view.fires}</dd>
<dt>${t('scheduleState')}</dt><dd>${view.paused ? t('schedulePaused') : t('scheduleActive')}</dd>
${view.note ? html`<dt>${t('scheduleNote')}</dt><dd>${view.note}</dd>` : ''}
<dt>${t('scheduleNextRun')}</dt><dd>${view.nextRuns[0] && !view.paused ? when(view.nextRuns[0]) : t('scheduleNoNextRun')}</dd>
</dl>
<h2>${t('scheduleRecentRuns')}</h2>
${
  view.recentRuns.length
    ? html`<ul>${view.recentRuns.map((r) => html`<li>${when(r.at)}: ${r.workflowId}</li>`)}</ul>`
    : html`<p>${t('scheduleNoRuns')}</p>`
}`;
}

const hidden = (c: Context<AppEnv>, cluster: string) => html`<input type="hidden" name="csrf" value="${c.get('csrf')}">
<input type="hidden" name="cluster" value="${cluster}">`;

function number(id: string, name: string, label: string, min: number, max: number, value: number): Markup {
  return html`<div class="field"><label for="${id}">${label}</label>
<input type="number" id="${id}" name="${name}" min="${min}" max="${max}" step="1" value="${value}" required></div>`;
}

function forms(c: Context<AppEnv>, cluster: string, view: ScheduleView | undefined): Markup {
  const t = c.get('t');
  if (!view)
    return html`<h2 id="create">${t('scheduleCreateHeading')}</h2>
<form method="post" action="${PATH}/create" aria-labelledby="create">
${hidden(c, cluster)}
<p class="hint">${t('scheduleCreateHint')}</p>
${number('at-month', 'month', t('scheduleMonth'), 1, 12, 1)}
${number('at-day', 'day', t('scheduleDay'), 1, 28, 15)}
${number('at-hour', 'hour', t('scheduleHour'), 0, 23, 8)}
<button type="submit">${t('scheduleCreate')}</button>
</form>`;
  const pause = view.paused
    ? html`<form method="post" action="${PATH}/unpause" aria-labelledby="unpause">
<h2 id="unpause">${t('scheduleUnpauseHeading')}</h2>
${hidden(c, cluster)}
<div class="field"><label for="unpause-note">${t('scheduleNote')}</label>
<p class="hint" id="unpause-note-hint">${t('scheduleNoteHint')}</p>
<input type="text" id="unpause-note" name="note" required minlength="5" maxlength="500" aria-describedby="unpause-note-hint"></div>
<button type="submit">${t('scheduleUnpause')}</button>
</form>`
    : html`<form method="post" action="${PATH}/pause" aria-labelledby="pause">
<h2 id="pause">${t('schedulePauseHeading')}</h2>
${hidden(c, cluster)}
<div class="field"><label for="pause-note">${t('scheduleNote')}</label>
<p class="hint" id="pause-note-hint">${t('scheduleNoteHint')}</p>
<input type="text" id="pause-note" name="note" required minlength="5" maxlength="500" aria-describedby="pause-note-hint"></div>
<button type="submit">${t('schedulePause')}</button>
</form>`;
  return html`${pause}
<form method="post" action="${PATH}/trigger" aria-labelledby="trigger">
<h2 id="trigger">${t('scheduleTriggerHeading')}</h2>
${hidden(c, cluster)}
<p class="hint">${t('scheduleTriggerHint')}</p>
<button type="submit">${t('scheduleTrigger')}</button>
</form>`;
}

async function schedulePage(c: Context<AppEnv>, deps: WebDeps): Promise<Response> {
  const t = c.get('t');
  const cluster = await clusterOf(c, deps, c.req.query('cluster'));
  if (cluster instanceof Response) return cluster;
  const view = await scheduleOf(deps, cluster);
  const doneParam = c.req.query('done');
  const done = DONE.find((d) => d === doneParam);
  const main = html`${done ? html`<p class="notice" role="status">${t(`scheduleDone_${done}`)}</p>` : ''}
${view ? describe(c, view) : html`<p>${t('scheduleNone')}</p>`}
${mayAct(consoleOf(c), 'cycle') ? forms(c, cluster, view) : ''}`;
  return consolePage(c, t('scheduleTitle', { cluster }), main);
}

/** A schedule form's POST: the person may act, the cluster is of their province, then `run` (which may refuse with a 400). */
async function act(
  c: Context<AppEnv>,
  deps: WebDeps,
  run: (cluster: string, form: Record<string, string>, t: Translate) => Promise<Done | Response>,
): Promise<Response> {
  const refused = refuseUnlessMayAct(c, 'cycle');
  if (refused) return refused;
  const form = c.get('form');
  const cluster = await clusterOf(c, deps, form.cluster);
  if (cluster instanceof Response) return cluster;
  try {
    const done = await run(cluster, form, c.get('t'));
    return done instanceof Response ? done : c.redirect(pagePath(cluster, done), 303);
  } catch (error) {
    if (error instanceof CliError) return refusalPage(c, error, c.get('t')('scheduleRefused'));
    throw error;
  }
}

export function scheduleRoutes(app: Hono<AppEnv>, deps: WebDeps): void {
  const { temporal, config } = deps;
  const invalid = (c: Context<AppEnv>, cluster: string, problems: string) =>
    messagePage(c, 400, 'invalidTitle', c.get('t')('scheduleInvalid', { problems }), {
      href: pagePath(cluster),
      label: c.get('t')('scheduleBack'),
    });
  app.get(PATH, (c) => schedulePage(c, deps));
  app.post(`${PATH}/create`, (c) =>
    act(c, deps, async (cluster, form) => {
      const at = yearlyAtSchema.safeParse({ month: form.month, day: form.day, hour: form.hour });
      if (!at.success) return invalid(c, cluster, issueList(at.error, 'form'));
      const view = await createSchedule(temporal, {
        cluster,
        at: at.data,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        by: consoleOf(c).person.id,
      });
      return view.created ? 'created' : 'existed';
    }),
  );
  for (const [name, paused] of [
    ['pause', true],
    ['unpause', false],
  ] as const)
    app.post(`${PATH}/${name}`, (c) =>
      act(c, deps, async (cluster, form) => {
        const note = scheduleNoteSchema.safeParse(form.note ?? '');
        if (!note.success) return invalid(c, cluster, issueList(note.error, 'note'));
        // Who wrote the note is kept with it: Temporal keeps only the text.
        await pauseSchedule(temporal, { cluster, note: `${note.data.trim()} (${consoleOf(c).person.id})`, paused });
        return paused ? 'paused' : 'unpaused';
      }),
    );
  app.post(`${PATH}/trigger`, (c) =>
    act(c, deps, async (cluster) => {
      // The run starts next year's cycle only once it is due; otherwise it ends having started nothing.
      const run = await triggerSchedule(temporal, cluster);
      return 'cycleId' in run.result && run.result.started ? 'started' : 'triggered';
    }),
  );
}
