import { table } from '../client/format.ts';
import { createSchedule, triggerSchedule } from '../client/yearEndOperations.ts';
import { AWARDS } from '../domain/council.ts';
import { cycleId, cycleIdPrefix } from '../domain/ids.ts';
import type { Skip } from '../domain/rotation.ts';
import type { LocalRuntime } from './localRuntime.ts';

// The end of the demo's second year: what that year gave, the chair's rotation over the years,
// and the secretariat's yearly Schedule finding the next year already started by the hand-over.

export async function printNextYear(rt: LocalRuntime, year: { id: string; council: string; cluster: string; year: number }): Promise<void> {
  const { db } = rt;
  const ranking = await db
    .selectFrom('score_consolidation')
    .select(['rank', 'unit_code', 'total'])
    .where('cycle_id', '=', year.id)
    .orderBy('rank')
    .orderBy('unit_code')
    .execute();
  const decision = await db
    .selectFrom('decision')
    .select(['number', 'decided_on'])
    .where('council_id', '=', year.council)
    .executeTakeFirst();
  const awards = await db
    .selectFrom('award')
    .select(['award', 'unit_code', 'handed_over_at'])
    .where('cycle_id', '=', year.id)
    .orderBy('award', 'desc')
    .execute();
  const certificates = await db
    .selectFrom('cluster_certificate')
    .select(['number', 'recipient', 'signed_by_unit'])
    .where('cycle_id', '=', year.id)
    .orderBy('seq')
    .execute();
  const leadership = await db
    .selectFrom('cluster_leadership')
    .selectAll()
    .where('cluster_code', '=', year.cluster)
    .orderBy('year')
    .execute();
  const handovers = await db.selectFrom('handover').selectAll().where('cluster_code', '=', year.cluster).execute();
  const launches = await db
    .selectFrom('cycle_launch')
    .selectAll()
    .where('cycle_id', 'like', `${cycleIdPrefix(year.cluster)}%`)
    .execute();

  // The schedule the secretariat would keep for every cluster: here it runs once, after the hand-over.
  const schedule = await createSchedule(rt.client, {
    cluster: year.cluster,
    at: { month: 1, day: 15, hour: 8 },
    taskQueue: rt.taskQueue,
    by: 'snv.ha',
  });
  const run = await triggerSchedule(rt.client, year.cluster);
  const ran =
    'cycleId' in run.result
      ? `${run.result.cycleId} was already running (started by the ${run.result.startedBy}): nothing started twice`
      : `nothing started: ${run.result.reason}`;

  console.log(`════════ ${year.id} ════════
ranking: ${ranking.map((r) => `${r.rank}. ${r.unit_code} ${Number(r.total).toFixed(1)}`).join(', ')}
decision ${decision?.number ?? '—'}: ${awards.map((a) => `${AWARDS[a.award].title} → ${a.unit_code}${a.handed_over_at ? ' (handed over at the conference)' : ''}`).join('; ') || 'no awards'}
giấy khen of the cluster: ${certificates.map((c) => `${c.number} ${c.recipient} (signed for ${c.signed_by_unit})`).join('; ') || 'none'}

Luân phiên Trưởng cụm (the chair's rotation of ${year.cluster}; by default this year's deputy chairs next year):
${table(
  ['YEAR', 'CHAIR', 'DEPUTY', 'HOW', 'PASSED OVER'],
  leadership.map((l) => {
    const h = handovers.find((x) => x.to_year === l.year);
    const launch = launches.find((x) => x.cycle_id === cycleId(year.cluster, l.year));
    const how = h
      ? `hand-over at the ${l.year - 1} conference (${h.policy})${launch ? `, cycle started by the ${launch.started_by}` : ''}`
      : 'reference data';
    const skipped = ((h?.rotation as { skipped?: Skip[] } | undefined)?.skipped ?? []).map((s) => `${s.unit}: ${s.reason}`).join(', ');
    return [String(l.year), l.chair_unit, l.deputy_unit, how, skipped];
  }),
)}

Yearly schedule ${schedule.scheduleId} (${schedule.fires}), triggered now: ${ran}
`);
}
