import { z } from 'zod';

// Units, clusters and people are identified by codes from the master list, never by free text
// (DOMAIN.md "Data hazards"). Codes are short, upper-case ASCII so they are safe in workflow ids,
// search attributes, file names and mail headers alike.
export const unitCode = z
  .string()
  .regex(/^[A-Z][A-Z0-9_-]{1,15}$/, 'a unit code is 2-16 upper-case letters, digits, "-" or "_" (e.g. DBI)');
export const clusterCode = z
  .string()
  .regex(/^[A-Z][A-Z0-9_-]{1,15}$/, 'a cluster code is 2-16 upper-case letters, digits, "-" or "_" (e.g. DB-VT)');
export const personId = z
  .string()
  .regex(/^[a-z][a-z0-9._-]{1,47}$/, 'a person id is 2-48 lower-case letters, digits, ".", "_" or "-" (e.g. dbi.lo-van-hung)');
export const year = z.number().int().min(2000, 'the year must be 2000 or later').max(2100, 'the year must be 2100 or earlier');

export function cycleId(cluster: string, forYear: number): string {
  return `cycle/${cluster}/${forYear}`;
}

const CYCLE_ID = /^cycle\/([A-Z][A-Z0-9_-]{1,15})\/(\d{4})$/;

/** Splits `cycle/<cluster>/<year>`; undefined when the text is not a cycle id. */
export function parseCycleId(id: string): { cluster: string; year: number } | undefined {
  const match = CYCLE_ID.exec(id);
  if (!match || !year.safeParse(Number(match[2])).success) return undefined;
  return { cluster: match[1]!, year: Number(match[2]) };
}

export const cycleIdSchema = z.string().refine((id) => parseCycleId(id) !== undefined, {
  message: 'a cycle id looks like cycle/<CLUSTER>/<YEAR>, e.g. cycle/DB-VT/2018',
});

/** The round's workflow id: a child of the cycle, so the CLI can address it from the cycle id alone. */
export function roundId(ofCycle: string, kind: string): string {
  return `${ofCycle}/${kind}`;
}
