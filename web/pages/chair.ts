import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { cycleLeadership, leadershipRoleOf } from '../../db/queries/leadership.ts';
import { parseCycleId } from '../../domain/ids.ts';
import type { AppEnv, WebDeps } from '../env.ts';
import { formatTime, type MessageKey } from '../i18n.ts';
import { messagePage, page } from '../layout.ts';
import { certificatesAction, certificatesSection } from './chairCertificates.ts';
import { explainPage } from './chairExplain.ts';
import { adjustAction, adjustSection, decideAction, decideSection } from './chairForms.ts';
import { loadReport, type ChairAccess, type ChairView } from './chairView.ts';

// The cluster chair's and deputy's page (`/task?wf=cycle/<CLUSTER>/<YEAR>`, the task link of the
// chair's mails): the consolidated table with how each unit's score was computed, the chair's
// adjustments with a reason while the table is a draft, the flag decision the chair and the deputy
// make when two ballot rounds left it open, and the chair's list of the cluster's giấy khen before
// the conference. Who may: the representative of the cycle's chair unit or deputy unit that year
// (cluster_leadership, person_role), checked here before every Update; the acting person is the
// session's. The cycle's Update validators check again (role, phase, duplicates).

type ChairChecked = { ok: true; access: ChairAccess } | { ok: false; response: Response | Promise<Response> };

/** Signed in; a cycle id; the cycle and its leadership recorded; the person the chair unit's or the deputy unit's representative that year. */
export async function checkChairAccess(c: Context<AppEnv>, deps: WebDeps, wf: string | undefined): Promise<ChairChecked> {
  const t = c.get('t');
  const session = c.get('session');
  if (!session) return { ok: false, response: c.redirect('/sign-in', 303) };
  if (!wf || !parseCycleId(wf)) return { ok: false, response: messagePage(c, 404, 'notFoundTitle', t('unknownTask')) };
  const leadership = await cycleLeadership(deps.db, wf);
  if (!leadership) return { ok: false, response: messagePage(c, 409, 'notOpenTitle', t('chairNotStarted')) };
  const role = await leadershipRoleOf(deps.db, session.person.id, leadership);
  if (!role)
    return {
      ok: false,
      response: messagePage(c, 403, 'forbiddenTitle', t('chairForbidden', { cluster: leadership.clusterName, year: leadership.year })),
    };
  const names = new Map(leadership.members.map((m) => [m.unit, m.name]));
  return {
    ok: true,
    access: { session, cycleId: wf, role, leadership, name: (unit) => `${names.get(unit) ?? unit} (${unit})` },
  };
}

function tableSection(c: Context<AppEnv>, view: ChairView) {
  const t = c.get('t');
  const { access, report } = view;
  const table = report.cycle.scoring?.table;
  if (!table) return '';
  const opensAt = report.cycle.calendar.ballot?.opensAt;
  const adjusted = table.rows.filter((r) => r.adjustments.length);
  const explainHref = (unit: string) => `/task/explain?wf=${encodeURIComponent(access.cycleId)}&unit=${encodeURIComponent(unit)}`;
  return html`<h2>${t('table')}</h2>
<p>${table.final ? t('tableFinal') : t('tableDraft', { at: opensAt ? formatTime(Date.parse(opensAt), c.get('lang')) : '' })}</p>
<p>${t('explainHint')}</p>
<table>
<caption>${t('tableCaption', { formula: table.formulaVersion, rubric: table.rubricVersion })}</caption>
<thead><tr><th scope="col" class="num">${t('rank')}</th><th scope="col">${t('unitCol')}</th><th scope="col" class="num">${t(
    'totalCol',
  )}</th></tr></thead>
<tbody>${table.rows.map(
    (r) =>
      html`<tr><td class="num">${r.rank}</td><th scope="row"><a href="${explainHref(r.unit)}">${access.name(r.unit)}</a>${
        r.eligibleForFirst ? '' : html`<span class="help"> – ${t('notEligible')}</span>`
      }</th><td class="num">${r.total}</td></tr>`,
  )}</tbody>
</table>
${table.tiedForFirst.length ? html`<p>${t('tiedForFirst', { units: table.tiedForFirst.map(access.name).join(', ') })}</p>` : ''}
${table.excludedScorers.length ? html`<p>${t('excludedScorers', { units: table.excludedScorers.map(access.name).join(', ') })}</p>` : ''}
${
  adjusted.length
    ? html`<h3>${t('adjustmentsHeading')}</h3>
<ul>${adjusted.flatMap((r) =>
        r.adjustments.map(
          (a) =>
            html`<li>${t('adjustmentLine', { unit: access.name(r.unit), points: a.points > 0 ? `+${a.points}` : a.points, by: a.by })}: ${
              a.reason
            }</li>`,
        ),
      )}</ul>`
    : ''
}`;
}

/** The chair's page: what applies at the cycle's phase, and nothing that does not. */
export async function chairPage(
  c: Context<AppEnv>,
  deps: WebDeps,
  access: ChairAccess,
  extra: Omit<ChairView, 'access' | 'report'> = {},
  status: ContentfulStatusCode = 200,
) {
  const t = c.get('t');
  const report = await loadReport(c, deps, access.cycleId);
  if (report instanceof Response) return report;
  const view: ChairView = { access, report, ...extra };
  const { leadership } = access;
  const sections = [tableSection(c, view), adjustSection(c, view), decideSection(c, view), await certificatesSection(c, deps, view)].filter(
    (s) => s !== '',
  );
  const ended = report.execution.status !== 'RUNNING';
  return page(
    c,
    t('chairTitle', { cluster: leadership.clusterName, year: leadership.year }),
    html`<p>${t(access.role === 'chair' ? 'chairIntroChair' : 'chairIntroDeputy', {
      unit: access.name(access.role === 'chair' ? leadership.chairUnit : leadership.deputyUnit),
    })}</p>
<p>${t('chairLeaders', { chair: access.name(leadership.chairUnit), deputy: access.name(leadership.deputyUnit) })}</p>
<p>${ended ? t('cycleEnded') : t('cyclePhaseLine', { phase: t(`cyclePhase_${report.cycle.phase}` as MessageKey) })}</p>
${sections.length ? sections : html`<p class="notice" role="status">${t('chairNothingNow')}</p>`}
<p><a href="/">${t('back')}</a></p>`,
    status,
  );
}

/** The chair's routes: the page (before the rounds' `/task`, which it passes on for other ids), how a score was computed, and the three forms. */
export function chairRoutes(app: Hono<AppEnv>, deps: WebDeps): void {
  app.get('/task', async (c, next) => {
    const wf = c.req.query('wf');
    if (!wf || !parseCycleId(wf)) return next();
    const checked = await checkChairAccess(c, deps, wf);
    if (!checked.ok) return checked.response;
    return chairPage(c, deps, checked.access);
  });
  app.get('/task/explain', async (c) => {
    const checked = await checkChairAccess(c, deps, c.req.query('wf'));
    if (!checked.ok) return checked.response;
    return explainPage(c, deps, checked.access, c.req.query('unit'));
  });
  const post = (path: string, action: typeof adjustAction) =>
    app.post(path, async (c) => {
      const checked = await checkChairAccess(c, deps, c.get('form').wf);
      if (!checked.ok) return checked.response;
      const { access } = checked;
      const report = await loadReport(c, deps, access.cycleId);
      if (report instanceof Response) return report;
      return action(c, deps, { access, report }, (extra, status) => chairPage(c, deps, access, extra, status));
    });
  post('/task/chair/adjust', adjustAction);
  post('/task/chair/decide', decideAction);
  post('/task/chair/certificates', certificatesAction);
}

export { chairTasksFor, chairTaskLabel, type ChairTask } from './chairTasks.ts';
