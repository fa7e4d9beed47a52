import { sql } from 'kysely';
import { renderDecision, renderMinutes, renderSubmission } from '../../activities/documents.ts';
import { COUNCIL, PROVINCE } from '../../db/referenceData.ts';
import { councilId, decisionNumber } from '../../domain/council.ts';
import { cycleId } from '../../domain/ids.ts';
import { formatVietnamDate } from '../../domain/time.ts';
import type { connectDatabase } from '../../db/connect.ts';
import { copySeedCluster, recordCycleRow } from './fixtures.ts';

type Db = ReturnType<typeof connectDatabase>;

// Điện Biên's documents of one emulation year, as the activities record them (activities/council.ts:
// the same renderers, rows and decision number sequence), without running a year and a council
// session: a cluster's tờ trình, the council's biên bản and the chair's quyết định (numbered).
// The console's pages are Điện Biên's (its secretariat and administrator), so the documents are
// too; each call claims an emulation year of its own (from 2019 on) for its council, so that test
// files sharing the database never meet.

export interface ProvinceDocuments {
  year: number;
  cluster: string;
  clusterName: string;
  council: string;
  submission: string;
  minutes: string;
  decision: string;
  /** The decision's number, `<n>/QĐ-UBND`. */
  decisionNumber: string;
}

/** The achievement report quoted in the tờ trình: Vietnamese with stacked marks, and its own line breaks. */
export const REPORT = 'Hoàn thành 100% chỉ tiêu Nghị quyết.\nMô hình “Dân vận khéo” ở bản Cộng hòa được nhân rộng.';

export async function recordProvinceDocuments(db: Db): Promise<ProvinceDocuments> {
  const cluster = await copySeedCluster(db);
  const { name: clusterName } = await db.selectFrom('cluster').select('name').where('code', '=', cluster).executeTakeFirstOrThrow();
  const now = Date.now();
  let year = 2019;
  for (; ; year++) {
    const claimed = await db
      .insertInto('council')
      .values({
        id: councilId(PROVINCE, year),
        province: PROVINCE,
        year,
        phase: 'decided',
        started_at: new Date(now),
        updated_at: new Date(now),
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (claimed) break;
  }
  const council = councilId(PROVINCE, year);
  const cycle = cycleId(cluster, year);
  await recordCycleRow(db, { id: cycle, cluster, year, phase: 'submitted', at: new Date(now) });

  const submittedAt = now - 3 * 86_400_000;
  const countedAt = now - 2 * 86_400_000;
  const decidedAt = now - 86_400_000;
  const flag = `${cluster}:flag:TGI`;
  const toTrinh = renderSubmission({
    clusterName,
    chairUnitName: 'UBND huyện Điện Biên',
    province: PROVINCE,
    year,
    version: 1,
    nominations: [{ award: 'flag', unit: 'TGI', unitName: 'UBND huyện Tuần Giáo', rank: 1, total: 95.5, report: REPORT }],
    at: submittedAt,
  });
  const bienBan = renderMinutes({
    province: PROVINCE,
    year,
    session: 1,
    at: countedAt,
    members: 15,
    present: [COUNCIL.chair.fullName, ...COUNCIL.members.slice(0, 11).map((m) => m.fullName)],
    counts: [
      {
        nomination: flag,
        award: 'flag',
        for: 13,
        against: 1,
        abstain: 0,
        notVoted: 1,
        written: 2,
        needed: 12,
        approved: true,
        unitName: 'UBND huyện Tuần Giáo',
        clusterName,
      },
    ],
  });
  const { rows } = await sql<{ seq: string }>`select nextval('decision_number_seq') as seq`.execute(db);
  const number = decisionNumber(Number(rows[0]!.seq));
  const quyetDinh = renderDecision({
    province: PROVINCE,
    year,
    number,
    date: formatVietnamDate(decidedAt),
    chairName: COUNCIL.chair.fullName,
    awarded: [{ award: 'flag', unit: 'TGI', unitName: 'UBND huyện Tuần Giáo', clusterName }],
  });

  const ids = { submission: `${cycle}/to-trinh-v1`, minutes: `${council}/bien-ban-1`, decision: `${council}/quyet-dinh` };
  await db
    .insertInto('document')
    .values([
      { id: ids.submission, kind: 'submission', ...toTrinh, cycle_id: cycle, council_id: council, created_at: new Date(submittedAt) },
      { id: ids.minutes, kind: 'minutes', ...bienBan, cycle_id: null, council_id: council, created_at: new Date(countedAt) },
      { id: ids.decision, kind: 'decision', ...quyetDinh, cycle_id: null, council_id: council, created_at: new Date(decidedAt) },
    ])
    .execute();
  const [d, m, y] = formatVietnamDate(decidedAt).split('/');
  await db
    .insertInto('decision')
    .values({
      council_id: council,
      number,
      decided_on: `${y}-${m}-${d}`,
      status: 'approved',
      approved_by: COUNCIL.chair.id,
      approved_at: new Date(decidedAt),
      document_id: ids.decision,
    })
    .execute();
  return { year, cluster, clusterName, council, ...ids, decisionNumber: number };
}
