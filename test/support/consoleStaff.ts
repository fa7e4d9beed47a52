import type { Harness } from './harness.ts';

// The console's office staff of a test province (copySeedProvince leaves the reference people's
// console roles to Điện Biên, where their console opens): an officer of the secretariat, the
// council's secretary and an administrator, appointed for the province's year only, so that their
// console opens on the test province and nobody else's console changes.

export interface ConsoleStaff {
  secretariat: string;
  secretary: string;
  administrator: string;
}

export const staffEmail = (id: string) => `${id}@example.org`;

/** Appoints the staff (person and person_role rows); before the council is set up, which reads its secretariat then. */
export async function appointConsoleStaff(db: Harness['db'], province: string, year: number): Promise<ConsoleStaff> {
  const code = province.split(' ').at(-1)!.toLowerCase();
  const staff: ConsoleStaff = { secretariat: `vp.${code}`, secretary: `tk.${code}`, administrator: `qt.${code}` };
  const roles = [
    { id: staff.secretariat, fullName: 'Chu Minh Thư', role: 'secretariat' },
    { id: staff.secretary, fullName: 'Lê Hồng Nhung', role: 'council_secretary' },
    { id: staff.administrator, fullName: 'Ngô Văn Quản', role: 'administrator' },
  ] as const;
  await db
    .insertInto('person')
    .values(roles.map((r) => ({ id: r.id, full_name: r.fullName, email: staffEmail(r.id), unit_code: null })))
    .execute();
  await db
    .insertInto('person_role')
    .values(roles.map((r) => ({ person_id: r.id, role: r.role, unit_code: null, province, year })))
    .execute();
  return staff;
}
