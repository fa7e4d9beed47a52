import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

// What the council's web pages read: the council's record (its province and year), the council
// roles a person holds there (the secretariat's among them), the names of the units, clusters and
// members it names, and its decision and revocations as recorded. Plain reads over a Kysely
// instance (db first).

export type CouncilRole = 'council_member' | 'council_chair' | 'secretariat';

export interface CouncilRecord {
  id: string;
  province: string;
  year: number;
}

/** The council's record, once its workflow has set it up (loadCouncilSetup); undefined before. */
export async function councilRecord(db: Kysely<Database>, councilId: string): Promise<CouncilRecord | undefined> {
  return db.selectFrom('council').select(['id', 'province', 'year']).where('id', '=', councilId).executeTakeFirst();
}

/** The council roles (member, chair, secretariat) the person holds for the province-year (person_role). */
export async function councilRolesOf(db: Kysely<Database>, personId: string, province: string, year: number): Promise<CouncilRole[]> {
  const rows = await db
    .selectFrom('person_role')
    .select('role')
    .distinct()
    .where('person_id', '=', personId)
    .where('province', '=', province)
    .where('year', '=', year)
    .where('role', 'in', ['council_member', 'council_chair', 'secretariat'])
    .execute();
  return rows.map((r) => r.role as CouncilRole);
}

/** The councils (as recorded) where the person is a member, the chair or the secretariat, with which; the latest year first. */
export async function councilsOf(
  db: Kysely<Database>,
  personId: string,
): Promise<(CouncilRecord & { phase: string; member: boolean; chair: boolean; secretariat: boolean })[]> {
  const rows = await db
    .selectFrom('council')
    .innerJoin('person_role as r', (j) => j.onRef('r.province', '=', 'council.province').onRef('r.year', '=', 'council.year'))
    .select(['council.id', 'council.province', 'council.year', 'council.phase', 'r.role'])
    .where('r.person_id', '=', personId)
    .where('r.role', 'in', ['council_member', 'council_chair', 'secretariat'])
    .orderBy('council.year', 'desc')
    .orderBy('council.id')
    .execute();
  const councils = new Map<string, CouncilRecord & { phase: string; member: boolean; chair: boolean; secretariat: boolean }>();
  for (const { role, ...council } of rows) {
    const known = councils.get(council.id) ?? { ...council, member: false, chair: false, secretariat: false };
    known.member ||= role === 'council_member' || role === 'council_chair';
    known.chair ||= role === 'council_chair';
    known.secretariat ||= role === 'secretariat';
    councils.set(council.id, known);
  }
  return [...councils.values()];
}

/** The person's council votes: the council, the session, whether written, and when (never the choices), the latest first. */
export async function councilVotesBy(
  db: Kysely<Database>,
  personId: string,
): Promise<{ councilId: string; session: number; written: boolean; votedAt: Date }[]> {
  return db
    .selectFrom('council_vote')
    .select(['council_id as councilId', 'session', 'written', 'voted_at as votedAt'])
    .where('member_id', '=', personId)
    .orderBy('voted_at', 'desc')
    .execute();
}

/** The decisions (quyết định) the person approved as the council's chair, the latest first. */
export async function decisionsApprovedBy(db: Kysely<Database>, personId: string) {
  return db
    .selectFrom('decision')
    .select(['council_id as councilId', 'number', 'approved_at as approvedAt', 'document_id as documentId'])
    .where('approved_by', '=', personId)
    .orderBy('approved_at', 'desc')
    .execute();
}

/** The names of these units and clusters (a code without a name is left out). */
export async function namesOf(
  db: Kysely<Database>,
  units: string[],
  clusters: string[],
): Promise<{ units: Map<string, string>; clusters: Map<string, string> }> {
  const [u, k] = await Promise.all([
    units.length ? db.selectFrom('unit').select(['code', 'name']).where('code', 'in', units).execute() : [],
    clusters.length ? db.selectFrom('cluster').select(['code', 'name']).where('code', 'in', clusters).execute() : [],
  ]);
  return { units: new Map(u.map((r) => [r.code, r.name])), clusters: new Map(k.map((r) => [r.code, r.name])) };
}

/** The full names of these people (an id without a person is left out). */
export async function peopleNamed(db: Kysely<Database>, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('person').select(['id', 'full_name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.full_name]));
}

/** The council's decision (quyết định) as recorded: its number, date and document. */
export async function decisionOf(db: Kysely<Database>, councilId: string) {
  return db
    .selectFrom('decision')
    .select(['number', 'decided_on as decidedOn', 'status', 'document_id as documentId'])
    .where('council_id', '=', councilId)
    .executeTakeFirst();
}

/** The council's revocation decisions (quyết định thu hồi), the latest first. */
export async function revocationsOf(db: Kysely<Database>, councilId: string) {
  return db
    .selectFrom('revocation')
    .select(['number', 'nominations', 'reason', 'revoked_at as revokedAt', 'document_id as documentId'])
    .where('council_id', '=', councilId)
    .orderBy('revoked_at', 'desc')
    .execute();
}

/** Whether a stored document with this id exists. */
export async function documentExists(db: Kysely<Database>, id: string): Promise<boolean> {
  return (await db.selectFrom('document').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** The written votes (phiếu lấy ý kiến bằng văn bản) the council has received: who, in which session, when; never the choices. */
export async function writtenVotesOf(
  db: Kysely<Database>,
  councilId: string,
): Promise<{ member: string; fullName: string | null; session: number; votedAt: Date }[]> {
  return db
    .selectFrom('council_vote as v')
    .leftJoin('person as p', 'p.id', 'v.member_id')
    .select(['v.member_id as member', 'p.full_name as fullName', 'v.session', 'v.voted_at as votedAt'])
    .where('v.council_id', '=', councilId)
    .where('v.written', '=', true)
    .orderBy('v.session')
    .orderBy('v.voted_at')
    .execute();
}
