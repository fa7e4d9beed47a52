import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

// What the cluster chair's and deputy's web page reads: who leads a cycle's cluster that year
// (cluster_leadership) and whether a person represents one of those two units (person_role), the
// cycles a person leads, the cluster's giấy khen once recorded, whether a person is of the
// province's secretariat (who may read the table), and the cycle's latest submission to the
// council. Plain reads (db first).

export type LeadershipRole = 'chair' | 'deputy';

export interface CycleLeadership {
  cycleId: string;
  cluster: string;
  clusterName: string;
  /** The cluster's province (whose secretariat may read the cycle's table). */
  province: string;
  year: number;
  phase: string;
  /** The cycle's calendar as it was started (JSON). */
  calendar: unknown;
  chairUnit: string;
  deputyUnit: string;
  /** The members in rotation order, with their names. */
  members: { unit: string; name: string }[];
}

/** The cycle's cluster, its chair and deputy units for the cycle's year, and its members; undefined when the cycle or its leadership is not recorded. */
export async function cycleLeadership(db: Kysely<Database>, cycleId: string): Promise<CycleLeadership | undefined> {
  const row = await db
    .selectFrom('cycle')
    .innerJoin('cluster', 'cluster.code', 'cycle.cluster_code')
    .innerJoin('cluster_leadership as l', (j) => j.onRef('l.cluster_code', '=', 'cycle.cluster_code').onRef('l.year', '=', 'cycle.year'))
    .select([
      'cycle.id',
      'cycle.cluster_code',
      'cycle.year',
      'cycle.phase',
      'cycle.calendar',
      'cluster.name',
      'cluster.province',
      'l.chair_unit',
      'l.deputy_unit',
    ])
    .where('cycle.id', '=', cycleId)
    .executeTakeFirst();
  if (!row) return undefined;
  const members = await db
    .selectFrom('cluster_membership as m')
    .innerJoin('unit', 'unit.code', 'm.unit_code')
    .select(['m.unit_code as unit', 'unit.name'])
    .where('m.cluster_code', '=', row.cluster_code)
    .where('m.year', '=', row.year)
    .orderBy('m.rotation_order')
    .execute();
  return {
    cycleId: row.id,
    cluster: row.cluster_code,
    clusterName: row.name,
    province: row.province,
    year: row.year,
    phase: row.phase,
    calendar: row.calendar,
    chairUnit: row.chair_unit,
    deputyUnit: row.deputy_unit,
    members,
  };
}

/** Whether the person represents the chair unit or the deputy unit that year (the chair first, should one person hold both). */
export async function leadershipRoleOf(
  db: Kysely<Database>,
  personId: string,
  leadership: Pick<CycleLeadership, 'chairUnit' | 'deputyUnit' | 'year'>,
): Promise<LeadershipRole | undefined> {
  const rows = await db
    .selectFrom('person_role')
    .select('unit_code')
    .where('person_id', '=', personId)
    .where('role', '=', 'representative')
    .where('year', '=', leadership.year)
    .where('unit_code', 'in', [leadership.chairUnit, leadership.deputyUnit])
    .execute();
  const units = rows.map((r) => r.unit_code);
  if (units.includes(leadership.chairUnit)) return 'chair';
  return units.includes(leadership.deputyUnit) ? 'deputy' : undefined;
}

/** Whether the person is of the province's secretariat that year (person_role secretariat): they may read a cycle's table there. */
export async function isSecretariatOf(
  db: Kysely<Database>,
  personId: string,
  where: Pick<CycleLeadership, 'province' | 'year'>,
): Promise<boolean> {
  const row = await db
    .selectFrom('person_role')
    .select('person_id')
    .where('person_id', '=', personId)
    .where('role', '=', 'secretariat')
    .where('province', '=', where.province)
    .where('year', '=', where.year)
    .executeTakeFirst();
  return row !== undefined;
}

export interface LedCycle {
  cycleId: string;
  clusterName: string;
  year: number;
  phase: string;
  calendar: unknown;
  role: LeadershipRole;
  unit: string;
  unitName: string;
}

/** The cycles not yet handed over whose cluster the person leads that year, as the chair unit's or the deputy unit's representative. */
export async function cyclesLedBy(db: Kysely<Database>, personId: string): Promise<LedCycle[]> {
  const rows = await db
    .selectFrom('cycle')
    .innerJoin('cluster', 'cluster.code', 'cycle.cluster_code')
    .innerJoin('cluster_leadership as l', (j) => j.onRef('l.cluster_code', '=', 'cycle.cluster_code').onRef('l.year', '=', 'cycle.year'))
    .innerJoin('person_role as r', (j) => j.onRef('r.year', '=', 'cycle.year').on('r.role', '=', 'representative'))
    .innerJoin('unit', 'unit.code', 'r.unit_code')
    .select([
      'cycle.id as cycleId',
      'cluster.name as clusterName',
      'cycle.year',
      'cycle.phase',
      'cycle.calendar',
      'l.chair_unit',
      'l.deputy_unit',
      'r.unit_code',
      'unit.name as unitName',
    ])
    .where('r.person_id', '=', personId)
    .where((eb) => eb.or([eb('r.unit_code', '=', eb.ref('l.chair_unit')), eb('r.unit_code', '=', eb.ref('l.deputy_unit'))]))
    .where('cycle.phase', '!=', 'handed-over')
    .orderBy('cycle.id')
    .execute();
  const byCycle = new Map<string, LedCycle>();
  for (const r of rows) {
    const role: LeadershipRole = r.unit_code === r.chair_unit ? 'chair' : 'deputy';
    const known = byCycle.get(r.cycleId);
    if (known?.role === 'chair') continue;
    byCycle.set(r.cycleId, {
      cycleId: r.cycleId,
      clusterName: r.clusterName,
      year: r.year,
      phase: r.phase,
      calendar: r.calendar,
      role,
      unit: r.unit_code!,
      unitName: r.unitName,
    });
  }
  return [...byCycle.values()];
}

export interface RecordedCertificate {
  number: string;
  recipient: string;
  kind: 'collective' | 'household' | 'individual';
  unit: string;
  achievement: string;
  recordedBy: string;
  issuedAt: Date;
}

/**
 * The cluster's giấy khen of a cycle: `recorded` once the chair's list is in (its audit event is
 * written with the rows, and is the only trace of an empty list), with the certificates in order.
 */
export async function recordedCertificates(
  db: Kysely<Database>,
  cycleId: string,
): Promise<{ recorded: boolean; recordedAt?: Date; certificates: RecordedCertificate[] }> {
  const event = await db.selectFrom('audit_event').select('occurred_at').where('key', '=', `${cycleId}:certificates`).executeTakeFirst();
  const certificates = await db
    .selectFrom('cluster_certificate')
    .select([
      'number',
      'recipient',
      'recipient_kind as kind',
      'unit_code as unit',
      'achievement',
      'recorded_by as recordedBy',
      'issued_at as issuedAt',
    ])
    .where('cycle_id', '=', cycleId)
    .orderBy('seq')
    .execute();
  return { recorded: event !== undefined, ...(event ? { recordedAt: event.occurred_at } : {}), certificates };
}

export interface RecordedSubmission {
  version: number;
  councilId: string;
  nominations: { award: 'flag' | 'certificate'; unit: string }[];
  note: string | null;
  documentId: string;
  submittedBy: string;
  submittedAt: Date;
}

/** The cycle's latest submission (tờ trình) to the council as recorded (council_submission), or undefined before the first. */
export async function latestSubmission(db: Kysely<Database>, cycleId: string): Promise<RecordedSubmission | undefined> {
  const row = await db
    .selectFrom('council_submission')
    .select([
      'version',
      'council_id as councilId',
      'nominations',
      'note',
      'document_id as documentId',
      'submitted_by as submittedBy',
      'submitted_at as submittedAt',
    ])
    .where('cycle_id', '=', cycleId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return undefined;
  const nominations = (
    typeof row.nominations === 'string' ? JSON.parse(row.nominations) : row.nominations
  ) as RecordedSubmission['nominations'];
  return { ...row, nominations };
}
