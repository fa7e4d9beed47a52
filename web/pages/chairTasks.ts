import { cycleStatus } from '../../client/operations.ts';
import { cyclesLedBy, recordedCertificates, type LeadershipRole } from '../../db/queries/leadership.ts';
import type { CycleCalendar } from '../../domain/calendar.ts';
import { PHASES } from '../../domain/cycle.ts';
import { parseIsoDuration } from '../../domain/duration.ts';
import type { WebDeps } from '../env.ts';
import type { Translate } from '../i18n.ts';
import { CERTIFICATE_PHASES, chairPath } from './chairView.ts';

// What My tasks lists for a cluster's chair and deputy: each cycle they lead where something waits
// for them now — the chair's adjustments while the table is a draft, the flag decision (for the one
// of the two who has not chosen, or whose choice the other did not match), the chair's giấy khen
// once the cluster's nominations are in and until the conference, the chair's amendment of the
// submission while the council has returned it. The phase and calendar come from
// PostgreSQL; the leaders' choices from the cycle itself (2 s at most, as My tasks asks rounds).

export interface ChairTask {
  cycleId: string;
  /** The chair's page: `/task?wf=<cycle id>`. */
  href: string;
  kind: 'adjust' | 'decide' | 'certificates' | 'amend';
  role: LeadershipRole;
  /** The unit the person represents (the chair unit or the deputy unit). */
  unit: string;
  unitName: string;
  clusterName: string;
  year: number;
  deadline?: Date;
}

const STATUS_WAIT_MS = 2000;

export async function chairTasksFor(deps: Pick<WebDeps, 'db' | 'temporal'>, personId: string): Promise<ChairTask[]> {
  const tasks: ChairTask[] = [];
  for (const cycle of await cyclesLedBy(deps.db, personId)) {
    const calendar = cycle.calendar as Partial<CycleCalendar>;
    const base = {
      cycleId: cycle.cycleId,
      href: chairPath(cycle.cycleId),
      role: cycle.role,
      unit: cycle.unit,
      unitName: cycle.unitName,
      clusterName: cycle.clusterName,
      year: cycle.year,
    };
    const at = (iso: string | undefined) => (iso ? { deadline: new Date(iso) } : {});
    if (cycle.phase === PHASES.consolidation && cycle.role === 'chair')
      tasks.push({ ...base, kind: 'adjust', ...at(calendar.ballot?.opensAt) });
    if (cycle.phase === PHASES.leadersDecide) {
      const report = await deps.temporal
        .withDeadline(Date.now() + STATUS_WAIT_MS, () => cycleStatus(deps.temporal, cycle.cycleId))
        .catch(() => undefined);
      const leaders = report?.cycle.scoring?.leaders;
      const other = cycle.role === 'chair' ? 'deputy' : 'chair';
      const mine = leaders?.[cycle.role];
      // Waiting for me: I have not chosen, or the other has chosen differently (I may follow them); not when the other has yet to choose.
      const waiting = !leaders || mine === undefined || (leaders[other] !== undefined && leaders[other] !== mine);
      if (waiting) tasks.push({ ...base, kind: 'decide', ...at(leaders?.deadline) });
    }
    // The council returned a nomination: the chair amends the submission until the council's session ends (the mail's link expires then).
    if (cycle.phase === PHASES.revision && cycle.role === 'chair') {
      const council = calendar.council;
      const end = council ? Date.parse(council.sessionAt) + (parseIsoDuration(council.sessionLength) ?? 0) : NaN;
      tasks.push({ ...base, kind: 'amend', ...(Number.isFinite(end) ? { deadline: new Date(end) } : {}) });
    }
    if (cycle.role === 'chair' && calendar.conference && CERTIFICATE_PHASES.includes(cycle.phase)) {
      if (!(await recordedCertificates(deps.db, cycle.cycleId)).recorded)
        tasks.push({ ...base, kind: 'certificates', ...at(calendar.conference.at) });
    }
  }
  return tasks.sort((a, b) => (a.deadline?.getTime() ?? Infinity) - (b.deadline?.getTime() ?? Infinity));
}

/** What My tasks calls the task: "Điều chỉnh điểm (Trưởng cụm)", "Quyết định Cờ thi đua", "Ghi Giấy khen của cụm", "Sửa và gửi lại tờ trình". */
export function chairTaskLabel(task: Pick<ChairTask, 'kind'>, t: Translate): string {
  return t(`chairTask_${task.kind}`);
}
