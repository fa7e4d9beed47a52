import type { Context } from 'hono';
import { html } from 'hono/html';
import { CliError } from '../../client/exitCodes.ts';
import { explainUnit, type Explanation } from '../../client/explain.ts';
import { rubricTitles } from '../../db/queries/rubrics.ts';
import { unitCode } from '../../domain/ids.ts';
import type { AppEnv, WebDeps } from '../env.ts';
import { formatTime } from '../i18n.ts';
import { messagePage, page } from '../layout.ts';
import { chairPath, type ChairReader } from './chairView.ts';
import { refusalPage } from './refusal.ts';

// How a unit's consolidated score and rank were computed (`/task/explain?wf=<cycle>&unit=<unit>`),
// for the chair and the deputy, and the province's secretariat (reading): the client's explainUnit
// recomputes it from the raw data stored in PostgreSQL (the scorers' sheets, the bonus, the
// penalties, the adjustments, the vetoes) and says whether it matches the published table; this
// page shows each step, as `tdkt explain` prints it.

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

function scorersTable(c: Context<AppEnv>, e: Explanation, titles: Map<string, { title: string; max: number }>) {
  const t = c.get('t');
  const s = e.score;
  const criteria = [...titles.entries()].filter(([code]) => code in s.criterionMeans);
  return html`<div class="scroll" role="region" aria-labelledby="scorers-caption" tabindex="0">
<table>
<caption id="scorers-caption">${t('explainScorersCaption', { count: s.scorers.length })}</caption>
<thead><tr><th scope="col">${t('explainCriterion')}</th><th scope="col" class="num">${t('maxPoints')}</th>${s.scorers.map(
    (x) => html`<th scope="col" class="num">${x.scorer}</th>`,
  )}<th scope="col" class="num">${t('explainMean')}</th></tr></thead>
<tbody>${criteria.map(
    ([code, r]) =>
      html`<tr><th scope="row">${code}. ${r.title}</th><td class="num">${r.max}</td>${s.scorers.map(
        (x) => html`<td class="num">${x.criteria[code] ?? '—'}</td>`,
      )}<td class="num">${s.criterionMeans[code]}</td></tr>`,
  )}
<tr><th scope="row">${t('totalCol')}</th><td></td>${s.scorers.map((x) => html`<td class="num">${x.total}</td>`)}<td class="num">${s.base}</td></tr>
</tbody>
</table>
</div>`;
}

function explanation(c: Context<AppEnv>, access: ChairReader, e: Explanation, titles: Map<string, { title: string; max: number }>) {
  const t = c.get('t');
  const lang = c.get('lang');
  const s = e.score;
  const items = (list: { code: string; points: number; reason?: string }[]) =>
    list.length ? list.map((i) => `${i.code} ${i.reason ?? ''} ${i.points}`).join('; ') : t('explainNone');
  const published = e.published
    ? t(e.matchesPublished ? 'explainPublishedMatches' : 'explainPublishedDiffers', {
        rank: e.published.rank,
        total: e.published.total,
        state: e.published.final ? t('tableStateFinal') : t('tableStateDraft'),
        at: formatTime(Date.parse(e.published.computedAt), lang),
      })
    : t('explainNotPublished');
  return html`<p>${t('explainSummary', { rank: s.rank, members: e.members, total: s.total })}</p>
<p>${t('tableCaption', { formula: e.consolidation.formulaVersion, rubric: e.consolidation.rubricVersion })}</p>
<p class="notice">${published}</p>
<h2>${t('explainStep1')}</h2>
${
  e.consolidation.excludedScorers.length
    ? html`<p>${t('explainExcluded', { units: e.consolidation.excludedScorers.map((x) => `${access.name(x.unit)}: ${x.reason}`).join('; ') })}</p>`
    : ''
}
${scorersTable(c, e, titles)}
<p>${t('explainBase', { base: s.base })}</p>
<p>${t('explainGroups', { groups: s.groups.map((g) => `${g.code} ${g.score}`).join(', ') })}</p>
<h2>${t('explainStep2')}</h2>
<p>${t('explainBonus', { items: items(s.bonus.items), sum: s.bonus.sum, cap: s.bonus.cap, applied: s.bonus.applied })}</p>
<p>${t('explainPenalties', { items: items(s.penalties.items), sum: s.penalties.sum, cap: s.penalties.cap, applied: s.penalties.applied })}</p>
<h2>${t('explainStep3')}</h2>
${
  s.adjustments.length
    ? html`<ul>${s.adjustments.map(
        (a) =>
          html`<li>${t('explainAdjustment', { points: signed(a.points), by: a.by, at: formatTime(Date.parse(a.at), lang) })}: ${a.reason}</li>`,
      )}</ul>`
    : html`<p>${t('explainNone')}</p>`
}
<p><strong>${t('explainTotal', {
    formula: `${s.base} + ${s.bonus.applied} − ${s.penalties.applied}${s.adjustmentSum ? ` ${s.adjustmentSum > 0 ? '+' : '−'} ${Math.abs(s.adjustmentSum)}` : ''}`,
    total: s.total,
  })}</strong></p>
<h2>${t('explainStep4')}</h2>
<p>${
    s.eligibleForFirst
      ? t('explainEligible')
      : t('explainVetoed', { vetoes: s.vetoes.map((v) => `${v.source} ${v.reference} – ${v.description} (${v.by})`).join('; ') })
  }</p>
<p>${t('explainRank', { rank: s.rank })} ${s.tieBreak.length ? s.tieBreak.join('; ') : t('explainNoTie')}${
    e.consolidation.tiedForFirst.includes(s.unit) ? ` ${t('explainTiedForFirst')}` : ''
  }</p>
${s.notes.length ? html`<ul>${s.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ''}`;
}

export async function explainPage(c: Context<AppEnv>, deps: WebDeps, access: ChairReader, unit: string | undefined) {
  const t = c.get('t');
  if (!unit || !unitCode.safeParse(unit).success) return messagePage(c, 400, 'invalidTitle', t('explainUnknownUnit'));
  if (!access.leadership.members.some((m) => m.unit === unit)) return messagePage(c, 404, 'notFoundTitle', t('explainUnknownUnit'));
  let e: Explanation;
  try {
    e = await explainUnit(deps.db, access.cycleId, unit);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    if (error.reason === 'RoundNotOpen') return messagePage(c, 409, 'notOpenTitle', t('explainNotYet'));
    return refusalPage(c, error);
  }
  const titles = await rubricTitles(deps.db, access.cycleId);
  return page(
    c,
    t('explainTitle', { unit: access.name(unit) }),
    html`${explanation(c, access, e, titles)}
<p><a href="${chairPath(access.cycleId)}">${t('backToChair')}</a></p>
<p><a href="/">${t('back')}</a></p>`,
  );
}
