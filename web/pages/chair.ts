import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { CycleReport } from '../../client/operations.ts';
import { cycleLeadership, isSecretariatOf, leadershipRoleOf } from '../../db/queries/leadership.ts';
import { parseCycleId } from '../../domain/ids.ts';
import type { AppEnv, WebDeps } from '../env.ts';
import { formatTime, phaseName } from '../i18n.ts';
import { messagePage, page } from '../layout.ts';
import { amendAction, amendSection } from './chairAmend.ts';
import { certificatesAction, certificatesSection } from './chairCertificates.ts';
import { explainPage } from './chairExplain.ts';
import { adjustAction, adjustSection, decideAction, decideSection } from './chairForms.ts';
import { loadReport, type ChairAccess, type ChairReader, type ChairView, type TableReader } from './chairView.ts';

// The cluster chair's and deputy's page (`/task?wf=cycle/<CLUSTER>/<YEAR>`, the task link of the
// chair's mails): the consolidated table with how each unit's score was computed, the chair's
// adjustments with a reason while the table is a draft, the flag decision the chair and the deputy
// make when two ballot rounds left it open, and the chair's list of the cluster's giấy khen before
// the conference, and the chair's amendment of the submission the council returned (chairAmend.ts).
// Who may: the representative of the cycle's chair unit or deputy unit that year
// (cluster_leadership, person_role), checked here before every Update; the acting person is the
// session's. The cycle's Update validators check again (role, phase, duplicates). The province's
// secretariat (person_role secretariat, the cluster's province, that year; their scoring mail links
// here) reads the table and the explanations, without any form; posting one is refused (403).

type Checked<A> = { ok: true; access: A } | { ok: false; response: Response | Promise<Response> };

/**
 * Signed in; a cycle id; the cycle and its leadership recorded; the person the chair unit's or the
 * deputy unit's representative that year, or of the province's secretariat that year, who reads
 * the table and the explanations only.
 */
async function checkChairReader(c: Context<AppEnv>, deps: WebDeps, wf: string | undefined): Promise<Checked<ChairReader>> {
  const t = c.get('t');
  const session = c.get('session');
  if (!session) return { ok: false, response: c.redirect('/sign-in', 303) };
  if (!wf || !parseCycleId(wf)) return { ok: false, response: messagePage(c, 404, 'notFoundTitle', t('unknownTask')) };
  const leadership = await cycleLeadership(deps.db, wf);
  if (!leadership) return { ok: false, response: messagePage(c, 409, 'notOpenTitle', t('chairNotStarted')) };
  const names = new Map(leadership.members.map((m) => [m.unit, m.name]));
  const base = { session, cycleId: wf, leadership, name: (unit: string) => `${names.get(unit) ?? unit} (${unit})` };
  const role = await leadershipRoleOf(deps.db, session.person.id, leadership);
  if (role) return { ok: true, access: { ...base, role } };
  if (await isSecretariatOf(deps.db, session.person.id, leadership)) return { ok: true, access: { ...base, role: 'secretariat' } };
  return {
    ok: false,
    response: messagePage(c, 403, 'forbiddenTitle', t('chairForbidden', { cluster: leadership.clusterName, year: leadership.year })),
  };
}

/** The chair or the deputy, for the forms: anyone else is refused with 403 (the secretariat told that it reads only). */
export async function checkChairAccess(c: Context<AppEnv>, deps: WebDeps, wf: string | undefined): Promise<Checked<ChairAccess>> {
  const checked = await checkChairReader(c, deps, wf);
  if (!checked.ok) return checked;
  const { access } = checked;
  if (access.role !== 'secretariat') return { ok: true, access };
  const { clusterName: cluster, year } = access.leadership;
  return { ok: false, response: messagePage(c, 403, 'forbiddenTitle', c.get('t')('secretariatNoForms', { cluster, year })) };
}

function tableSection(c: Context<AppEnv>, access: ChairReader, report: CycleReport) {
  const t = c.get('t');
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

/** The phase line: the cycle's stage, or that it has ended. */
function phaseLine(c: Context<AppEnv>, report: CycleReport) {
  const t = c.get('t');
  return report.execution.status !== 'RUNNING'
    ? t('cycleEnded')
    : t('cyclePhaseLine', { phase: phaseName(t, 'cycle', report.cycle.phase) });
}

/** The province's secretariat's view of the page: the consolidated table with its explanations, read only. */
function secretariatPage(c: Context<AppEnv>, access: TableReader, report: CycleReport) {
  const t = c.get('t');
  const { leadership } = access;
  const table = tableSection(c, access, report);
  return page(
    c,
    t('chairTitle', { cluster: leadership.clusterName, year: leadership.year }),
    html`<p>${t('chairIntroSecretariat', { province: leadership.province })}</p>
<p>${t('chairLeaders', { chair: access.name(leadership.chairUnit), deputy: access.name(leadership.deputyUnit) })}</p>
<p class="notice">${t('secretariatLeadersDecide')}</p>
<p>${phaseLine(c, report)}</p>
${table === '' ? html`<p class="notice" role="status">${t('secretariatNoTable')}</p>` : table}
<p><a href="/">${t('back')}</a></p>`,
  );
}

/** The chair's page: what applies at the cycle's phase, and nothing that does not (the secretariat reads the table only). */
export async function chairPage(
  c: Context<AppEnv>,
  deps: WebDeps,
  reader: ChairReader,
  extra: Omit<ChairView, 'access' | 'report'> = {},
  status: ContentfulStatusCode = 200,
) {
  const t = c.get('t');
  const report = await loadReport(c, deps, reader.cycleId);
  if (report instanceof Response) return report;
  if (reader.role === 'secretariat') return secretariatPage(c, reader, report);
  const access = reader;
  const view: ChairView = { access, report, ...extra };
  const { leadership } = access;
  const sections = [
    await amendSection(c, deps, view),
    tableSection(c, access, report),
    adjustSection(c, view),
    decideSection(c, view),
    await certificatesSection(c, deps, view),
  ].filter((s) => s !== '');
  return page(
    c,
    t('chairTitle', { cluster: leadership.clusterName, year: leadership.year }),
    html`<p>${t(access.role === 'chair' ? 'chairIntroChair' : 'chairIntroDeputy', {
      unit: access.name(access.role === 'chair' ? leadership.chairUnit : leadership.deputyUnit),
    })}</p>
<p>${t('chairLeaders', { chair: access.name(leadership.chairUnit), deputy: access.name(leadership.deputyUnit) })}</p>
<p>${phaseLine(c, report)}</p>
${sections.length ? sections : html`<p class="notice" role="status">${t('chairNothingNow')}</p>`}
<p><a href="/">${t('back')}</a></p>`,
    status,
  );
}

/**
 * The chair's routes: the page (before the rounds' `/task`, which it passes on for other ids) and
 * how a score was computed, which the province's secretariat may read too; and the four forms,
 * the chair's and the deputy's only.
 */
export function chairRoutes(app: Hono<AppEnv>, deps: WebDeps): void {
  app.get('/task', async (c, next) => {
    const wf = c.req.query('wf');
    if (!wf || !parseCycleId(wf)) return next();
    const checked = await checkChairReader(c, deps, wf);
    if (!checked.ok) return checked.response;
    return chairPage(c, deps, checked.access);
  });
  app.get('/task/explain', async (c) => {
    const checked = await checkChairReader(c, deps, c.req.query('wf'));
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
  post('/task/chair/amend', amendAction);
}

export { chairTasksFor, chairTaskLabel, type ChairTask } from './chairTasks.ts';
