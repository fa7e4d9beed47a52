import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { z } from 'zod';
import { pendingTasks, type PendingTask } from '../../client/adminOperations.ts';
import { provinceOfCluster } from '../../db/queries/console.ts';
import { clustersOfProvince, namesOf } from '../../db/queries/provinceClusters.ts';
import { clusterCode, parseCycleId, personId, splitRoundId, unitCode } from '../../domain/ids.ts';
import { issueList } from '../../domain/rejections.ts';
import type { AppEnv, WebDeps } from '../env.ts';
import { formatTime } from '../i18n.ts';
import { messagePage } from '../layout.ts';
import { roundLabel } from '../pages/myTasks.ts';
import { consoleOf, mayAct, notInProvince } from './access.ts';
import { consolePage } from './frame.ts';
import { isRoundTask, resendReminderAction, resentNotice } from './reminderResend.ts';

// /console/pending: what is waiting for whom across the person's province — `tdkt pending` limited
// to the province's clusters and its own council — filtered by cluster, person and unit. The
// secretariat may mail a unit's reminder again from here (reminderResend.ts); nobody acts for a
// participant: each task links to its cycle's console page, not to the participant's task page.

const EMPTY_TO_UNDEFINED = (value: unknown) => (value === '' ? undefined : value);

/** The page's query string: every filter optional, each a code of the right shape. */
const pendingFilters = z.object({
  cluster: z.preprocess(EMPTY_TO_UNDEFINED, clusterCode.optional()),
  person: z.preprocess(EMPTY_TO_UNDEFINED, personId.optional()),
  unit: z.preprocess(EMPTY_TO_UNDEFINED, unitCode.optional()),
  resentRound: z.preprocess(EMPTY_TO_UNDEFINED, z.string().max(200).optional()),
  resentUnit: z.preprocess(EMPTY_TO_UNDEFINED, unitCode.optional()),
});
type PendingFilters = z.infer<typeof pendingFilters>;

/** The page's address with these filters (and nothing else), to come back to after an action. */
function pendingPath(filters: Partial<PendingFilters>): string {
  const query = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
  const text = query.toString();
  return text ? `/console/pending?${text}` : '/console/pending';
}

/** The cycle a task belongs to, for its link: a round's or the cycle's own; a council's task has none. */
function cycleOfTask(task: PendingTask): string | undefined {
  const ofRound = splitRoundId(task.workflowId)?.cycleId;
  if (ofRound) return ofRound;
  return parseCycleId(task.workflowId) ? task.workflowId : undefined;
}

async function pendingPage(c: Context<AppEnv>, deps: WebDeps): Promise<Response> {
  const t = c.get('t');
  const lang = c.get('lang');
  const access = consoleOf(c);
  const parsed = pendingFilters.safeParse(c.req.query());
  if (!parsed.success) {
    return messagePage(c, 400, 'invalidTitle', t('pendingBadFilter', { problems: issueList(parsed.error, 'query') }), {
      href: '/console/pending',
      label: t('pendingAll'),
    });
  }
  const filters = parsed.data;
  if (filters.cluster && (await provinceOfCluster(deps.db, filters.cluster)) !== access.province) return notInProvince(c);
  const clusters = await clustersOfProvince(deps.db, access.province);
  const tasks = await pendingTasks(deps.temporal, {
    ...(filters.cluster ? { cluster: filters.cluster } : {}),
    ...(filters.person ? { person: filters.person } : {}),
    ...(filters.unit ? { unit: filters.unit } : {}),
    province: { name: access.province, clusters: clusters.map((cl) => cl.code) },
  });
  const names = await namesOf(deps.db, [...new Set(tasks.flatMap((task) => [task.who, task.unit ?? '']))]);
  const mayResend = mayAct(access, 'cycle');
  const notice = filters.resentRound && filters.resentUnit ? await resentNotice(c, deps, filters.resentRound, filters.resentUnit) : '';
  const back = pendingPath({ cluster: filters.cluster, person: filters.person, unit: filters.unit });
  const when = (iso: string | undefined) => (iso ? formatTime(Date.parse(iso), lang) : '—');

  const rows = tasks.map((task) => {
    const cycle = cycleOfTask(task);
    const label = splitRoundId(task.workflowId) ? roundLabel(task.workflowId, t, lang) : task.task;
    return html`<tr>
<td>${cycle ? html`<a href="/console/cycle?id=${encodeURIComponent(cycle)}">${label}</a>` : label}<br><small>${task.workflowId}</small></td>
<td>${names.get(task.who) ?? task.who}${names.has(task.who) ? html`<br><small>${task.who}</small>` : ''}</td>
<td>${task.unit ? html`${names.get(task.unit) ?? task.unit}<br><small>${task.unit}</small>` : '—'}</td>
<td>${when(task.since)}</td>
<td>${when(task.due)}</td>
${
  mayResend
    ? html`<td>${
        isRoundTask(task)
          ? html`<form method="post" action="/console/pending/resend">
<input type="hidden" name="csrf" value="${c.get('csrf')}">
<input type="hidden" name="wf" value="${task.workflowId}">
<input type="hidden" name="unit" value="${task.unit}">
<input type="hidden" name="back" value="${back}">
<button type="submit" class="secondary" aria-label="${t('pendingResendFor', { unit: task.unit, task: label })}">${t('pendingResend')}</button>
</form>`
          : '—'
      }</td>`
    : ''
}
</tr>`;
  });

  return consolePage(
    c,
    t('pendingTitle'),
    html`${notice}
<p>${t('pendingIntro')}</p>
<form method="get" action="/console/pending" class="filters">
<p><label for="f-cluster">${t('pendingCluster')}</label>
<select id="f-cluster" name="cluster">
<option value="">${t('pendingWholeProvince')}</option>
${clusters.map((cl) => html`<option value="${cl.code}"${cl.code === filters.cluster ? ' selected' : ''}>${cl.code} – ${cl.name}</option>`)}
</select></p>
<p><label for="f-person">${t('pendingPerson')}</label>
<input id="f-person" name="person" value="${filters.person ?? ''}" maxlength="48" autocomplete="off"></p>
<p><label for="f-unit">${t('pendingUnit')}</label>
<input id="f-unit" name="unit" value="${filters.unit ?? ''}" maxlength="16" autocomplete="off"></p>
<p class="actions"><button type="submit">${t('pendingFilter')}</button> <a href="/console/pending">${t('pendingAll')}</a></p>
</form>
${
  tasks.length
    ? html`<div class="table-scroll" role="region" aria-labelledby="pending-caption" tabindex="0"><table>
<caption id="pending-caption">${t('pendingCount', { count: tasks.length })}</caption>
<thead><tr><th scope="col">${t('pendingTask')}</th><th scope="col">${t('pendingWho')}</th><th scope="col">${t('pendingUnit')}</th><th scope="col">${t('pendingSince')}</th><th scope="col">${t('pendingDue')}</th>${
        mayResend ? html`<th scope="col">${t('pendingReminder')}</th>` : ''
      }</tr></thead>
<tbody>
${rows}
</tbody>
</table></div>`
    : html`<p role="status">${t('pendingNone')}</p>`
}
<p><small>${t('pendingCli')}</small></p>`,
  );
}

export function pendingRoutes(app: Hono<AppEnv>, deps: WebDeps): void {
  app.get('/console/pending', (c) => pendingPage(c, deps));
  app.post('/console/pending/resend', (c) => resendReminderAction(c, deps));
}
