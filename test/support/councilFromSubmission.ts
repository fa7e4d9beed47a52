import { councilStatus } from '../../client/councilOperations.ts';
import { COUNCIL } from '../../db/referenceData.ts';
import { councilId, type ClusterSubmission } from '../../domain/council.ts';
import { cycleId } from '../../domain/ids.ts';
import type { councilSession } from '../../workflows/councilSession.ts';
import { copySeedProvince, recordCycleRow, REPS } from './fixtures.ts';
import type { Harness } from './harness.ts';

// The 2018 council of a province of its own (a copy of the seed province), started as a cluster's
// submission starts it (signal-with-start), from a cycle recorded in the database with its tờ
// trình rather than after a whole compressed year: the low-land cluster's cycle, submitted,
// nominates TGI for the flag and DBI for a certificate.

/** The province's secretariat (thường trực Hội đồng), who appraises. */
export const SECRETARIAT = 'snv.ha';
export const CHAIR = COUNCIL.chair.id;
/** The council's members other than its chair. */
export const MEMBERS = COUNCIL.members.map((m) => m.id);
/** Present at the session: the chair and 11 members (12 of 15, the 80% an award session needs); three are absent and may vote in writing. */
export const ABSENT = ['hd.phunu', 'hd.doanthanhnien', 'hd.nongdan'];
export const PRESENT = [CHAIR, ...MEMBERS.filter((m) => !ABSENT.includes(m))];

export interface CouncilFromSubmissionOptions {
  /** The session opens this long from now: the time the file's secretariat has to appraise before it. */
  sessionInMs: number;
  /** The session's length and the complaint window after the decision (ISO 8601). */
  sessionLength: string;
  complaintWindow: string;
  /** The tờ trình's page, as the document row holds it. */
  toTrinhHtml: string;
  /** Runs once the province is copied, before the council starts (and reads its people). */
  beforeStart?: (province: string) => Promise<void>;
}

export interface CouncilFromSubmission {
  province: string;
  /** The low-land cluster's code. */
  cluster: string;
  cycle: string;
  council: string;
  /** The tờ trình's document id (version 1). */
  toTrinh: string;
  /** The nominations: `<cluster>:flag:TGI` and `<cluster>:certificate:DBI`. */
  flag: string;
  certificate: string;
  /** The council's chair, once its setup (members, secretariat) is done. */
  chair: string;
}

/** Records the cycle and its submission, starts the council with it and waits until the council is set up. */
export async function startCouncilFromSubmission(h: Harness, options: CouncilFromSubmissionOptions): Promise<CouncilFromSubmission> {
  const { province, lowland: cluster } = await copySeedProvince(h.db);
  await options.beforeStart?.(province);
  const council = councilId(province, 2018);
  const cycle = cycleId(cluster, 2018);
  const toTrinh = `${cycle}/to-trinh-v1`;
  const now = Date.now();
  // The cycle and its tờ trình as the cycle's submission leaves them (activities/council.ts submitToCouncil).
  await recordCycleRow(h.db, { id: cycle, cluster, year: 2018, phase: 'submitted', at: new Date(now) });
  await h.db
    .insertInto('document')
    .values({
      id: toTrinh,
      kind: 'submission',
      title: `Tờ trình đề nghị khen thưởng năm 2018 – ${cluster}`,
      html: options.toTrinhHtml,
      cycle_id: cycle,
      council_id: council,
      created_at: new Date(now),
    })
    .execute();
  const nominations = [
    { award: 'flag' as const, unit: 'TGI' },
    { award: 'certificate' as const, unit: 'DBI' },
  ];
  await h.db
    .insertInto('council_submission')
    .values({
      cycle_id: cycle,
      version: 1,
      council_id: council,
      nominations: JSON.stringify(nominations),
      note: null,
      document_id: toTrinh,
      submitted_by: REPS.DBI,
      submitted_at: new Date(now),
    })
    .execute();
  const submission: ClusterSubmission = { cycleId: cycle, cluster, version: 1, nominations, documentId: toTrinh, at: now };
  await h.client.workflow.signalWithStart<typeof councilSession, [ClusterSubmission]>('councilSession', {
    workflowId: council,
    taskQueue: h.taskQueue,
    args: [
      {
        province,
        year: 2018,
        calendar: {
          submitBy: new Date(now + 1000).toISOString(),
          remindBefore: [],
          sessionAt: new Date(now + options.sessionInMs).toISOString(),
          sessionLength: options.sessionLength,
          complaintWindow: options.complaintWindow,
        },
      },
    ],
    signal: 'submitToCouncil',
    signalArgs: [submission],
  });
  // The council sets itself up (members, secretariat) once started: the files' pages and appraisals need that.
  const end = Date.now() + 60_000;
  for (;;) {
    const chair = (await councilStatus(h.client, council).catch(() => undefined))?.chair;
    if (chair)
      return { province, cluster, cycle, council, toTrinh, flag: `${cluster}:flag:TGI`, certificate: `${cluster}:certificate:DBI`, chair };
    if (Date.now() > end) throw new Error(`the council ${council} was not set up in 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
