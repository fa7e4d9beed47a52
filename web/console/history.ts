import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { z } from 'zod';
import { workflowUiLink } from '../../client/config.ts';
import type { TimelineEntry } from '../../client/historyTimeline.ts';
import { HEADINGS, REFUSALS, STATUS_VI, workflowHistory } from '../../client/workflowHistory.ts';
import { provinceOfCluster, provinceOfCouncil, provinceOfCycle } from '../../db/queries/console.ts';
import { WORKFLOW_ID, workflowOwner } from '../../domain/ids.ts';
import { formatVietnamClock, formatVietnamDate } from '../../domain/time.ts';
import type { AppEnv, WebDeps } from '../env.ts';
import { messagePage, type Markup } from '../layout.ts';
import { consoleOf, notInProvince } from './access.ts';
import { consolePage } from './frame.ts';

// /console/history?wf=<workflow id>: the timeline `tdkt history` prints, for any workflow of the
// person's province (a cycle, its rounds, a council, its ballot boxes, a cluster's scheduled
// starts), every continued run included, in the page's language, with the Temporal Web UI link for
// the full detail. Without `wf`, a form to type one. Ballot contents never appear: the timeline
// names only the voter (client/historyTimeline.ts).

const wfSchema = z.string().regex(WORKFLOW_ID);

/** The province the workflow belongs to, read from the records its id names; undefined when none is recorded. */
async function provinceOfWorkflow(deps: WebDeps, id: string): Promise<string | undefined> {
  const owner = workflowOwner(id);
  if (!owner) return undefined;
  if (owner.kind === 'cycle') return provinceOfCycle(deps.db, owner.cycleId);
  if (owner.kind === 'council') return provinceOfCouncil(deps.db, owner.councilId);
  return provinceOfCluster(deps.db, owner.cluster);
}

function lookupForm(c: Context<AppEnv>, value = ''): Markup {
  const t = c.get('t');
  return html`<form class="lookup" method="get" action="/console/history">
<label for="wf">${t('historyWorkflowId')}</label>
<p class="hint" id="wf-hint">${t('historyWorkflowHint')}</p>
<input id="wf" name="wf" type="text" value="${value}" aria-describedby="wf-hint" required maxlength="200" autocomplete="off" spellcheck="false">
<button type="submit">${t('historyShow')}</button>
</form>`;
}

/** The entries under a heading per day (Vietnam time), each with its clock time, as the CLI prints them. */
function timeline(entries: TimelineEntry[], c: Context<AppEnv>): Markup {
  const t = c.get('t');
  const days = new Map<string, TimelineEntry[]>();
  for (const entry of entries) {
    const day = formatVietnamDate(Date.parse(entry.at));
    days.set(day, [...(days.get(day) ?? []), entry]);
  }
  return html`${[...days].map(
    ([day, list]) => html`<h2>${t('historyDay', { day })}</h2>
<ol class="timeline">
${list.map(
  (e) => html`<li><time datetime="${e.at}">${formatVietnamClock(Date.parse(e.at))}</time> ${e.text}</li>
`,
)}</ol>
`,
  )}`;
}

export function historyRoutes(app: Hono<AppEnv>, deps: WebDeps): void {
  app.get('/console/history', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const asked = c.req.query('wf');
    if (asked === undefined) return consolePage(c, t('historyTitle'), html`<p>${t('historyIntro')}</p>${lookupForm(c)}`);
    const parsed = wfSchema.safeParse(asked);
    if (!parsed.success)
      return messagePage(c, 400, 'invalidTitle', t('historyBadId'), { href: '/console/history', label: t('historyTitle') });
    const id = parsed.data;
    if ((await provinceOfWorkflow(deps, id)) !== consoleOf(c).province) return notInProvince(c);
    const history = await workflowHistory(deps.temporal, id, lang);
    if (!history) return notInProvince(c);
    const status = history.description.status.name.toLowerCase();
    const link = workflowUiLink(deps.config, id);
    return consolePage(
      c,
      t('historyOf', { id }),
      html`<p>${HEADINGS[lang](id, history.description.type, lang === 'vi' ? (STATUS_VI[status] ?? status) : status)}</p>
${history.runs > 1 ? html`<p>${t('historyRuns', { runs: history.runs })}</p>` : ''}
<p class="notice">${REFUSALS[lang]}</p>
<p class="uilink"><a href="${link}" rel="noopener">${t('historyWebUi')}</a> <span class="hint">(${link})</span></p>
${timeline(history.entries, c)}
${lookupForm(c, id)}`,
    );
  });
}
