import type { Context } from 'hono';
import { html } from 'hono/html';
import { z } from 'zod';
import { pendingTasks, type PendingTask } from '../../client/adminOperations.ts';
import { clustersOfYear, councilOfYear, type ClusterYear } from '../../db/queries/consoleYear.ts';
import { cycleYearsOfProvince } from '../../db/queries/provinceClusters.ts';
import { councilId } from '../../domain/council.ts';
import { roundIdPrefix, year as yearSchema } from '../../domain/ids.ts';
import { vietnamIsoDate } from '../../domain/time.ts';
import type { AppEnv, WebDeps } from '../env.ts';
import { formatTime, phaseName } from '../i18n.ts';
import { messagePage } from '../layout.ts';
import { consoleOf, mayAct } from './access.ts';
import { consolePage } from './frame.ts';

// /console: the province's year at a glance. Every cluster of the person's province with its cycle
// of the year (phase, next deadline, open tasks) and the council's session. The phases are the
// ones PostgreSQL last recorded; the deadlines and open tasks are what the running workflows say
// (tdkt pending --cluster), asked side by side and for a few seconds at most: a cluster whose
// workflows do not answer in time is shown without them.

const ASK_MS = 4000;

/** A four-digit year within the years the system takes, from `?year=`. */
export const yearParam = z
  .string()
  .regex(/^\d{4}$/, 'a year has four digits')
  .transform(Number)
  .pipe(yearSchema);

export const path = {
  cycle: (id: string) => `/console/cycle?id=${encodeURIComponent(id)}`,
  history: (id: string) => `/console/history?wf=${encodeURIComponent(id)}`,
  schedule: (cluster: string) => `/console/schedule?cluster=${encodeURIComponent(cluster)}`,
  yearEnd: (id: string) => `/console/cycle/year-end?id=${encodeURIComponent(id)}`,
  council: (id: string) => `/console/council?id=${encodeURIComponent(id)}`,
  start: (cluster: string, forYear: number) => `/console/start?cluster=${encodeURIComponent(cluster)}&year=${forYear}`,
};

/** The cycle's own tasks among a cluster's: those of the cycle and of its rounds. */
function tasksOfCycle(tasks: PendingTask[], cycleId: string): PendingTask[] {
  return tasks.filter((t) => t.workflowId === cycleId || t.workflowId.startsWith(roundIdPrefix(cycleId)));
}

/** What the workflows say of a cluster's open tasks, or undefined when they do not answer in time. */
async function openTasksOf(deps: WebDeps, cluster: string, cycleId: string): Promise<PendingTask[] | undefined> {
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ASK_MS).unref());
  const asked = pendingTasks(deps.temporal, { cluster }).then(
    (tasks) => tasksOfCycle(tasks, cycleId),
    () => undefined,
  );
  return Promise.race([asked, timeout]);
}

export async function yearOverviewPage(c: Context<AppEnv>, deps: WebDeps) {
  const t = c.get('t');
  const lang = c.get('lang');
  const access = consoleOf(c);
  const years = await cycleYearsOfProvince(deps.db, access.province);
  const asked = c.req.query('year');
  let forYear: number;
  if (asked === undefined) forYear = years[0] ?? Number(vietnamIsoDate(Date.now()).slice(0, 4));
  else {
    const parsed = yearParam.safeParse(asked);
    if (!parsed.success) return messagePage(c, 400, 'invalidTitle', t('consoleYearInvalid'), { href: '/console', label: t('consoleBack') });
    forYear = parsed.data;
  }
  const clusters = await clustersOfYear(deps.db, access.province, forYear);
  const tasks = await Promise.all(clusters.map((cl) => (cl.cycle ? openTasksOf(deps, cl.code, cl.cycle.id) : Promise.resolve(undefined))));
  const council = await councilOfYear(deps.db, councilId(access.province, forYear));
  const acts = mayAct(access, 'cycle');

  const row = (cl: ClusterYear, open: PendingTask[] | undefined) => {
    if (!cl.cycle)
      return html`<tr>
<th scope="row">${cl.name} <span class="code">${cl.code}</span></th>
<td colspan="3">${t('consoleNotStarted')}</td>
<td>${acts ? html`<a href="${path.start(cl.code, forYear)}">${t('consoleStartThis')}</a>` : ''}</td>
</tr>`;
    const next = open?.find((task) => task.due)?.due;
    return html`<tr>
<th scope="row">${cl.name} <span class="code">${cl.code}</span></th>
<td>${phaseName(t, 'cycle', cl.cycle.phase)}</td>
<td>${next ? html`<time datetime="${next}">${formatTime(Date.parse(next), lang)}</time>` : open ? t('consoleNoDeadline') : t('consoleUnknown')}</td>
<td>${open ? open.length : t('consoleUnknown')}</td>
<td><ul class="links">
<li><a href="${path.cycle(cl.cycle.id)}">${t('consoleCycleLink')}</a></li>
<li><a href="${path.history(cl.cycle.id)}">${t('consoleHistoryLink')}</a></li>
<li><a href="${path.schedule(cl.code)}">${t('consoleScheduleLink')}</a></li>
</ul></td>
</tr>`;
  };

  const shown = years.includes(forYear) ? years : [...years, forYear].sort((a, b) => b - a);
  const id = councilId(access.province, forYear);
  return consolePage(
    c,
    t('consoleYearTitle', { year: forYear }),
    html`<nav class="years" aria-label="${t('consoleYears')}"><ul>
${shown.map((y) => html`<li><a href="/console?year=${y}"${y === forYear ? html` aria-current="page"` : ''}>${y}</a></li>`)}
</ul></nav>
<h2>${t('consoleClusters')}</h2>
${
  clusters.length
    ? html`<div class="table-scroll" role="region" aria-label="${t('consoleClusters')}" tabindex="0"><table class="console-year">
<thead><tr><th scope="col">${t('consoleCluster')}</th><th scope="col">${t('consolePhase')}</th><th scope="col">${t(
        'consoleNextDeadline',
      )}</th><th scope="col">${t('consoleOpenTasks')}</th><th scope="col">${t('consoleLinks')}</th></tr></thead>
<tbody>
${clusters.map((cl, i) => row(cl, tasks[i]))}
</tbody>
</table></div>`
    : html`<p>${t('consoleNoClusters')}</p>`
}
<h2>${t('consoleCouncil')}</h2>
<p>${
      council
        ? html`${t('councilName', { province: access.province, year: forYear })}: ${phaseName(t, 'council', council.phase)}. <a href="${path.council(
            id,
          )}">${t('consoleCouncilLink')}</a>`
        : t('consoleCouncilNotYet', { id })
    }</p>`,
  );
}
