import { type Kysely, sql } from 'kysely';

// A member may be merged away while a round is still scheduled: the round stops expecting it from
// the start, but the round's row is only written when it opens (months later on a real calendar).
// The excusal's reference to that row made the merge's recording fail and retry until then, so the
// excusal now names its round by id alone (a round id is `<cycle id>/<kind>`, checked by the
// workflow that records it).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table round_excusal drop constraint round_excusal_round_id_fkey`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table round_excusal add constraint round_excusal_round_id_fkey foreign key (round_id) references round (id)`.execute(db);
}
