import { z } from 'zod';
import { ballotRulesSchema } from './ballot.ts';
import { councilRulesSchema } from './council.ts';
import { cycleCalendarSchema, nextYearCalendar, type CycleCalendar } from './calendar.ts';
import { clusterCode, year } from './ids.ts';
import { normaliseText, storableText } from './text.ts';

// What the secretariat gives when it starts a cluster's year, and the phases the year goes through.

export const PHASES = {
  starting: 'starting',
  /** Set up and waiting for the launch date of the calendar. */
  scheduled: 'scheduled',
  launch: 'launch',
  pledges: 'pledges',
  /** The pledge round is closed; the reporting periods come next. */
  pledgesClosed: 'pledges-closed',
  /** The report rounds of the calendar's periods are running (each opens on its own date). */
  reporting: 'reporting',
  /** Every report round is closed; cross-scoring comes next. */
  reportsClosed: 'reports-closed',
  /** Members cross-score each other. */
  scoring: 'scoring',
  /** The consolidated table is out: the chair and the secretariat may adjust it, with reasons, until the ballot. */
  consolidation: 'consolidation',
  /** The cluster ballot (bình xét, suy tôn), in up to two rounds. */
  ballot: 'ballot',
  /** The ballot left the flag undecided: the chair and the deputy decide it. */
  leadersDecide: 'leaders-decide',
  /** The cluster's nominations and minutes are recorded and mailed. */
  nominated: 'nominated',
  /** The submission (tờ trình) is with the provincial council. */
  submitted: 'submitted',
  /** The council's secretariat returned a nomination: the chair amends and resubmits. */
  revision: 'revision',
  /** The council chair decided; the outcome is recorded. */
  awarded: 'awarded',
  /** Waiting for the year-end conference; the chair records the cluster's giấy khen, the secretariat may instruct the rotation. */
  conference: 'conference',
  /** The conference is held: awards handed over, the chair rotated, next year's cycle started. */
  handedOver: 'handed-over',
} as const;
export type Phase = (typeof PHASES)[keyof typeof PHASES];

export const campaignSchema = z
  .object({
    code: z.string().regex(/^[A-Z0-9][A-Z0-9_-]{0,31}$/, 'a campaign code is up to 32 upper-case letters, digits, "-" or "_"'),
    // Normalised before it is measured: NFD text is longer, and zero-width characters are not text.
    title: z.string().max(2000).superRefine(storableText('one')).transform(normaliseText).pipe(z.string().min(3).max(300)),
  })
  .strict();
export type Campaign = z.infer<typeof campaignSchema>;

export const cycleInputSchema = z
  .object({
    cluster: clusterCode,
    year,
    calendar: cycleCalendarSchema,
    campaigns: z.array(campaignSchema).min(1).max(20),
    /** The ballot's threshold, rounds and certificate quota for this cluster-year (defaults: DOMAIN.md). */
    ballotRules: ballotRulesSchema.optional(),
    /**
     * The council's quorum, attendance and thresholds per award kind (defaults: DOMAIN.md). The
     * first cluster of the province-year to submit starts the council with its own.
     */
    councilRules: councilRulesSchema.optional(),
  })
  .strict();
export type CycleInput = z.infer<typeof cycleInputSchema>;

/** The campaigns every cluster launches unless the secretariat names others. */
export function defaultCampaigns(forYear: number): Campaign[] {
  return [
    { code: 'KTXH', title: `Thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế – xã hội năm ${forYear}` },
    { code: 'NTM', title: 'Cả nước chung sức xây dựng nông thôn mới' },
    { code: 'VNGN', title: 'Cả nước chung tay vì người nghèo – Không để ai bị bỏ lại phía sau' },
  ];
}

/**
 * Next year's campaigns, launched at the year-end conference: this year's, same codes, with the
 * year in their titles moved on (every standalone `fromYear`, not part of a longer number or word,
 * becomes fromYear + 1). Pure: the campaigns given are not changed.
 */
export function nextYearCampaigns(campaigns: Campaign[], fromYear: number): Campaign[] {
  const standalone = new RegExp(`(?<![\\p{L}\\p{N}_])${String(fromYear)}(?![\\p{L}\\p{N}_])`, 'gu');
  return campaigns.map((campaign) => ({ ...campaign, title: campaign.title.replace(standalone, String(fromYear + 1)) }));
}

/** Which path started next year's cycle: the year-end hand-over or the secretariat's yearly Schedule. */
/** The input next year's cycle starts with: this year's, a year on (old cycles without a stored input get the defaults). */
export function nextYearInput(cycle: { cluster_code: string; year: number; calendar: unknown; input: unknown }): CycleInput {
  const stored = cycleInputSchema.safeParse(cycle.input);
  const calendar: CycleCalendar = stored.success ? stored.data.calendar : cycleCalendarSchema.parse(cycle.calendar);
  const base = stored.success ? stored.data : undefined;
  return cycleInputSchema.parse({
    cluster: cycle.cluster_code,
    year: cycle.year + 1,
    calendar: nextYearCalendar(calendar),
    campaigns: base ? nextYearCampaigns(base.campaigns, cycle.year) : defaultCampaigns(cycle.year + 1),
    ...(base?.ballotRules ? { ballotRules: base.ballotRules } : {}),
    ...(base?.councilRules ? { councilRules: base.councilRules } : {}),
  });
}

export type StartPath = 'handover' | 'schedule';

/** Next year's cycle as the hand-over or the Schedule left it; the client shows it after `tdkt schedule trigger`. */
export interface NextCycle {
  cycleId: string;
  /** False when the other path (or an earlier attempt) had already started it. */
  started: boolean;
  /** Which path started it, when known. */
  startedBy?: StartPath;
  chair: string;
  deputy: string;
}
