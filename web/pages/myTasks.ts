import type { Context } from 'hono';
import { html } from 'hono/html';
import { roundStatus } from '../../client/operations.ts';
import { openRoundsFor, pledgesSignedBy, reportsSubmittedBy } from '../../db/queries/participants.ts';
import { splitRoundId } from '../../domain/ids.ts';
import { REPORT_PERIODS } from '../../domain/report.ts';
import type { RoundStatus } from '../../domain/round.ts';
import type { AppEnv, Session, WebDeps } from '../env.ts';
import { formatTime, periodName, type Lang, type Translate } from '../i18n.ts';
import { page } from '../layout.ts';

// My tasks: what is waiting for the person (the open rounds of the units they represent, not yet
// done, each with the unit's own deadline and a link), and what they did before (pledges signed,
// report versions with the time they were received). The rounds come from PostgreSQL; whether the
// unit is done and its deadline (extensions included) from the round itself.

function taskLabel(roundId: string, t: Translate, lang: Lang): string {
  const parts = splitRoundId(roundId);
  if (!parts) return roundId;
  if (parts.kind === 'report') return t('kind_report', { period: periodName(parts.period ?? '', lang, REPORT_PERIODS) });
  return t(`kind_${parts.kind}`);
}

const STATUS_WAIT_MS = 2000;

export async function myTasksPage(c: Context<AppEnv>, deps: WebDeps, session: Session) {
  const t = c.get('t');
  const lang = c.get('lang');
  const person = session.person.id;
  const [rows, pledges, reports] = await Promise.all([
    openRoundsFor(deps.db, person),
    pledgesSignedBy(deps.db, person),
    reportsSubmittedBy(deps.db, person),
  ]);
  // The rounds are asked all at once, and for 2 s at most: a round no worker answers for (its cycle ended
  // without closing it, say) would otherwise hold the page until the query times out. A round that does not
  // answer in time is shown from the database alone.
  const roundIds = [...new Set(rows.map((r) => r.roundId))];
  const answers = await deps.temporal.withDeadline(Date.now() + STATUS_WAIT_MS, () =>
    Promise.all(roundIds.map((roundId) => roundStatus(deps.temporal, roundId).catch(() => undefined))),
  );
  const statuses = new Map<string, RoundStatus | undefined>(roundIds.map((roundId, i) => [roundId, answers[i]]));
  const waiting = rows.flatMap((row) => {
    const status = statuses.get(row.roundId);
    if (status?.phase === 'closed' || status?.phase === 'scheduled') return [];
    const line = status?.units.find((u) => u.unit === row.unit);
    if (status && (!line || line.submittedAt || line.excused)) return [];
    const deadline = line?.deadline ?? status?.deadline;
    return [{ ...row, deadline: deadline ? new Date(deadline) : row.deadline }];
  });
  const period = (p: string) => periodName(p, lang, REPORT_PERIODS);
  return page(
    c,
    t('myTasks'),
    html`<h2>${t('waiting')}</h2>
${
  waiting.length
    ? html`<ul class="tasks">${waiting.map(
        (w) => html`<li>
<a href="/task?wf=${encodeURIComponent(w.roundId)}&amp;unit=${encodeURIComponent(w.unit)}">${taskLabel(w.roundId, t, lang)}</a>
<span>${t('forUnit', { unit: w.unitName })} – ${w.clusterName} ${w.year}</span>
<span>${t('deadline')}: <time datetime="${w.deadline.toISOString()}">${formatTime(w.deadline, lang)}</time></span>
</li>`,
      )}</ul>`
    : html`<p>${t('nothingWaiting')}</p>`
}
<h2>${t('done')}</h2>
${
  pledges.length || reports.length
    ? html`<ul class="history">
${pledges.map((p) => html`<li>${t('pledgeSigned', { unit: p.unit, cycle: p.cycleId, at: formatTime(p.signedAt, lang) })}${p.late ? html` (${t('late')})` : ''}</li>`)}
${reports.map(
  (r) =>
    html`<li>${t('reportVersion', {
      unit: r.unit,
      period: period(r.period),
      cycle: r.cycleId,
      version: r.version,
      at: formatTime(r.submittedAt, lang),
    })}${r.scoreTotal !== null ? html`, ${t('total', { total: Number(r.scoreTotal) })}` : ''}${r.late ? html` (${t('late')})` : ''}</li>`,
)}
</ul>`
    : html`<p>${t('nothingDone')}</p>`
}`,
  );
}
