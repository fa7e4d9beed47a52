import { sql, type Kysely } from 'kysely';

// The secretariat's and administrators' console: two more provincial roles. A council secretary
// does the secretariat's part of the council (appraisal, attendance, reschedule, written votes)
// and nothing of the clusters' cycles; an administrator reads everything of the province and acts
// on nothing.

const ROLES_BEFORE = `('representative', 'secretariat', 'council_member', 'council_chair')`;
const ROLES_AFTER = `('representative', 'secretariat', 'council_member', 'council_chair', 'council_secretary', 'administrator')`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table person_role drop constraint person_role_role_check`.execute(db);
  await sql.raw(`alter table person_role add constraint person_role_role_check check (role in ${ROLES_AFTER})`).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from person_role where role in ('council_secretary', 'administrator')`.execute(db);
  await sql`alter table person_role drop constraint person_role_role_check`.execute(db);
  await sql.raw(`alter table person_role add constraint person_role_role_check check (role in ${ROLES_BEFORE})`).execute(db);
}
