import type { Kysely } from 'kysely';
import { findCycle, findYearRecords } from '../db/queries/exports.ts';
import type { Database } from '../db/schema.ts';
import type { Tally } from '../domain/ballot.ts';
import type { UnitScore } from '../domain/consolidation.ts';
import { cycleId as cycleIdOf, roundNameIn } from '../domain/ids.ts';
import type { Rotation } from '../domain/rotation.ts';

// `tdkt export`: everything a cluster's year recorded, read from Postgres, as flat rows a
// spreadsheet or a script can take without knowing the schema: one section per kind of record.
// Two things never leave the database this way: the reports' text (it may hold quarantined spam,
// and its owners publish it themselves) and anything that could tie a ballot to a voter — ballots
// are exported as the stored counts only; ballot_choice, ballot_envelope and ballot_voter are not read.

export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

export const SECTIONS = [
  'pledges',
  'reports',
  'extensions',
  'scores',
  'cross_scores',
  'adjustments',
  'vetoes',
  'ballots',
  'nominations',
  'decisions',
  'certificates',
  'rotation',
  'merges',
  'excusals',
  'audit',
] as const;
export type Section = (typeof SECTIONS)[number];

export interface YearExport {
  cluster: string;
  year: number;
  cycleId: string;
  sections: Record<Section, Row[]>;
}

/** No cycle was ever recorded for this cluster-year: the command's exit code 3. */
export class NoCycleError extends Error {
  override name = 'NoCycleError';
  readonly cluster: string;
  readonly year: number;
  constructor(cluster: string, year: number) {
    super(`no cycle of ${cluster} in ${year}`);
    this.cluster = cluster;
    this.year = year;
  }
}

// pg gives numeric and bigint columns back as text to keep every digit; points have two decimals
// and amounts in VND stay far below 2^53, so numbers are exact here.
const num = (value: string | null | undefined): number | null => (value === null || value === undefined ? null : Number(value));
const iso = (value: Date | null | undefined): string | null => (value ? value.toISOString() : null);

/**
 * A report's audit entry quotes the fragments that put it in quarantine: pieces of its narrative,
 * spam as often as not. The export leaves the narrative out, so it leaves those out too and keeps
 * how many there were.
 */
function auditDetails(action: string, details: unknown): string {
  if (
    action === 'report.submitted' &&
    details &&
    typeof details === 'object' &&
    Array.isArray((details as { quarantined?: unknown }).quarantined)
  ) {
    return JSON.stringify({ ...details, quarantined: (details as { quarantined: unknown[] }).quarantined.length });
  }
  return JSON.stringify(details);
}

/** One row per candidate per ballot round, from the stored count alone. */
function ballotRows(b: { number: number; tally: unknown; counted_at: Date }): Row[] {
  const t = b.tally as Partial<Tally>;
  const round = {
    cast: t.cast ?? null,
    spoiled: t.spoiled ?? null,
    not_voted: t.members !== undefined && t.cast !== undefined ? Math.max(0, t.members - t.cast) : null,
    members: t.members ?? null,
    needed: t.needed ?? null,
    counted_at: iso(b.counted_at),
  };
  // A flag ballot names one candidate, so a candidate has votes for and nothing else: against and
  // abstain are only counted for certificates.
  const flag = (t.flag ?? []).map((f) => ({
    number: b.number,
    item: 'flag',
    unit: f.unit,
    for: f.votes,
    against: null,
    abstain: null,
    passed: t.flagElected === f.unit,
    ...round,
  }));
  const certificates = (t.certificates ?? []).map((c) => ({
    number: b.number,
    item: 'certificate',
    unit: c.unit,
    for: c.for,
    against: c.against,
    abstain: c.abstain,
    passed: (t.certificatesApproved ?? []).includes(c.unit),
    ...round,
  }));
  return [...flag, ...certificates];
}

/** `skipped` flattens who was passed over and why into one text column, so the rotation stays one row. */
function rotationRow(
  cycle: { year: number; chair_unit: string; deputy_unit: string },
  handover: { to_chair: string; to_deputy: string; policy: string; rotation: unknown; recorded_by: string; recorded_at: Date } | undefined,
  launch: { cycle_id: string; started_by: string; started_at: Date } | undefined,
): Row {
  const r = handover?.rotation as (Partial<Rotation> & { overrideSetAside?: string }) | undefined;
  return {
    year: cycle.year,
    chair: cycle.chair_unit,
    deputy: cycle.deputy_unit,
    next_year: cycle.year + 1,
    next_chair: handover?.to_chair ?? null,
    next_deputy: handover?.to_deputy ?? null,
    policy: handover?.policy ?? null,
    override_reason: r?.override?.reason ?? null,
    override_set_aside: r?.overrideSetAside ?? null,
    skipped: r ? (r.skipped ?? []).map((s) => `${s.unit} as ${s.as} (${s.reason}): ${s.detail}`).join('; ') : null,
    recorded_by: handover?.recorded_by ?? null,
    recorded_at: iso(handover?.recorded_at),
    next_cycle: launch?.cycle_id ?? null,
    started_by: launch?.started_by ?? null,
    started_at: iso(launch?.started_at),
  };
}

export async function exportYear(db: Kysely<Database>, opts: { cluster: string; year: number }): Promise<YearExport> {
  const id = cycleIdOf(opts.cluster, opts.year);
  const cycle = await findCycle(db, opts);
  if (!cycle) throw new NoCycleError(opts.cluster, opts.year);
  // Round ids are the cycle's with the round's name after it (pledge, report-H1, score…); round.kind
  // says only "report" for every period, so the name is the one to show.
  const roundName = (roundId: string) => roundNameIn(id, roundId) ?? roundId;
  const {
    pledges,
    reports,
    extensions,
    scores,
    crossScores,
    adjustments,
    vetoes,
    ballots,
    nominations,
    decisions,
    certificates,
    handover,
    launch,
    merges,
    excusals,
    audit,
  } = await findYearRecords(db, { cycleId: id, cluster: opts.cluster, year: opts.year });

  return {
    cluster: opts.cluster,
    year: opts.year,
    cycleId: id,
    sections: {
      pledges: pledges.map((p) => ({ unit: p.unit_code, signer: p.signer_id, signed_at: iso(p.signed_at), late: p.late })),
      reports: reports.map((r) => ({
        unit: r.unit_code,
        period: r.period,
        version: r.version,
        submitted_by: r.submitted_by,
        submitted_at: iso(r.submitted_at),
        late: r.late,
        late_penalty: num(r.late_penalty),
        self_score_total: num(r.score_total),
        quarantined: r.quarantined,
        rubric_version: r.rubric_version,
      })),
      extensions: extensions.map((e) => ({
        round: roundName(e.round_id),
        unit: e.unit_code,
        until: iso(e.until),
        reason: e.reason,
        by: e.granted_by,
        at: iso(e.granted_at),
      })),
      scores: scores.map((s) => {
        // The detail is the whole UnitScore as computed; tables from before it was kept have less.
        const d = s.detail as Partial<UnitScore> | null;
        return {
          rank: s.rank,
          unit: s.unit_code,
          total: num(s.total),
          base: d?.base ?? null,
          bonus: d?.bonus?.applied ?? null,
          penalty: d?.penalties?.applied ?? null,
          adjustment: d?.adjustmentSum ?? null,
          eligible_for_first: s.eligible_for_first,
          formula_version: s.formula_version,
          rubric_version: s.rubric_version,
          final: s.final,
          computed_at: iso(s.computed_at),
        };
      }),
      cross_scores: crossScores.map((c) => ({
        scorer: c.scorer_unit,
        target: c.target_unit,
        version: c.version,
        total: num(c.total),
        late: c.late,
        submitted_by: c.submitted_by,
        submitted_at: iso(c.submitted_at),
        rubric_version: c.rubric_version,
      })),
      adjustments: adjustments.map((a) => ({
        unit: a.unit_code,
        points: num(a.points),
        reason: a.reason,
        by: a.adjusted_by,
        at: iso(a.adjusted_at),
      })),
      vetoes: vetoes.map((v) => ({
        unit: v.unit_code,
        source: v.source,
        reference: v.reference,
        description: v.description,
        by: v.recorded_by,
        at: iso(v.recorded_at),
      })),
      ballots: ballots.flatMap(ballotRows),
      nominations: nominations.map((n) => ({
        award: n.award,
        unit: n.unit_code,
        decided_by: n.decided_by,
        ballot_round: n.ballot_round,
        recorded_at: iso(n.recorded_at),
      })),
      decisions: decisions.map((d) => ({
        council_id: d.council_id,
        number: d.decision_number,
        decided_on: d.decided_on,
        status: d.status,
        award: d.award,
        unit: d.unit_code,
        amount_vnd: num(d.amount_vnd),
        revoked_at: iso(d.revoked_at),
        revoked_by: d.revoked_by,
        revoked_reason: d.revoked_reason,
        revocation_number: d.revocation_number,
        handed_over_at: iso(d.handed_over_at),
      })),
      certificates: certificates.map((c) => ({
        number: c.number,
        recipient: c.recipient,
        kind: c.recipient_kind,
        unit: c.unit_code,
        achievement: c.achievement,
        amount_vnd: num(c.amount_vnd),
        signed_by_unit: c.signed_by_unit,
        issued_at: iso(c.issued_at),
      })),
      rotation: [rotationRow(cycle, handover, launch)],
      merges: merges.map((m) => ({
        unit: m.predecessor_code,
        into: m.successor_code,
        effective_on: m.effective_on,
        open_tasks: m.open_tasks,
        reason: m.reason,
        recorded_by: m.recorded_by,
        recorded_at: iso(m.recorded_at),
      })),
      excusals: excusals.map((x) => ({
        round: roundName(x.round_id),
        unit: x.unit_code,
        handled: x.handled,
        successor: x.successor_code,
        reason: x.reason,
        at: iso(x.at),
      })),
      audit: audit.map((a) => ({
        occurred_at: iso(a.occurred_at),
        actor: a.actor,
        action: a.action,
        subject: a.subject,
        details: auditDetails(a.action, a.details),
      })),
    },
  };
}

// Spreadsheets run a cell that starts with =, +, - or @ as a formula (and tab or CR can smuggle
// one in ahead of it): a unit's adjustment reason or a giấy khen's achievement is text typed by
// people outside the secretariat, and "=HYPERLINK(...)" in it would run on the reader's machine.
// A leading ' makes it text; numbers are written as numbers, so -1.5 stays a number.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

function csvField(value: Cell | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * RFC 4180 CSV (CRLF line ends), header from the union of the rows' keys in first-seen order.
 * No rows → an empty string: a section with nothing recorded has no columns to name.
 */
export function toCsv(rows: readonly Row[]): string {
  const header = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  if (header.length === 0) return '';
  const lines = [header.map(csvField), ...rows.map((r) => header.map((key) => csvField(r[key])))];
  return `${lines.map((cells) => cells.join(',')).join('\r\n')}\r\n`;
}

/** The CSV of a whole year: every section under a `# <heading>` line, as `tdkt export --format csv` prints it. */
export function toCsvSections(data: YearExport, heading: (section: Section) => string = (section) => section): string {
  return SECTIONS.map((section) => `# ${heading(section)}\r\n${toCsv(data.sections[section])}`).join('');
}

/** A year as the JSON export holds it (`exportedAt` says when it was read). */
export function toJsonObject(data: YearExport, exportedAt: string) {
  return { cluster: data.cluster, year: data.year, cycleId: data.cycleId, exportedAt, sections: data.sections };
}
