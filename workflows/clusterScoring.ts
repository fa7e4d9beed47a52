import type { SearchAttributePair } from '@temporalio/common';
import { allHandlersFinished, condition, executeChild, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { ballotItems, needsAnotherRound, type BallotItems, type BallotRules, type Nominations, type Tally } from '../domain/ballot.ts';
import { ballotRoundCalendar, extensionLimit, type CycleCalendar } from '../domain/calendar.ts';
import type { ConsolidatedTable } from '../domain/consolidation.ts';
import { PHASES, type Phase } from '../domain/cycle.ts';
import { parseIsoDuration } from '../domain/duration.ts';
import { ballotRoundName, roundId } from '../domain/ids.ts';
import { stillSettingUp } from '../domain/rejections.ts';
import type { RoundResult, RoundSetup } from '../domain/round.ts';
import type { Rubric } from '../domain/rubric.ts';
import {
  adjustmentSchema,
  checkAdjustment,
  checkLeadersDecision,
  checkVeto,
  vetoSchema,
  type FlagSettlement,
  type ScoringGate,
} from '../domain/scoringActions.ts';
import { RECORDING } from './activityOptions.ts';
import { sleepUntil } from './clock.ts';
import { refuseIf, refuseUntilSetUp } from './refusal.ts';
import { round } from './round.ts';
import { adjustScoreUpdate, recordVetoUpdate, decideFlagUpdate } from './messages.ts';

// The cluster's scoring and ballot, as steps of the annual cycle (DOMAIN.md steps 4-5):
// cross-scores in a round of their own → the consolidated table, which the chair and the
// secretariat may adjust (with reasons) and the secretariat may mark with veto inputs until the
// ballot opens → up to two secret ballot rounds → if the flag is still open, the chair and the
// deputy decide it → the nominations and minutes are recorded and mailed.

export interface ScoringStatus {
  /** The consolidated table as last computed; final once the ballot opens. */
  table?: ConsolidatedTable & { final: boolean };
  /**
   * Each ballot round with what it votes on and the key its ballots are sealed with (absent from
   * cycles whose ballot opened before it was published here): voters read them from the cycle,
   * which is quiet while the ballot round itself takes a stream of Updates and answers queries late.
   */
  ballots: { number: number; workflowId: string; items: BallotItems; publicKey?: string; tally?: Tally }[];
  leaders?: { candidates: string[]; deadline: string; chair?: string; deputy?: string };
  nominations?: Nominations;
}

export interface ScoringContext {
  cycleId: string;
  calendar: CycleCalendar;
  rules: BallotRules;
  rubric: Rubric;
  /** What every round of the cycle gets: participants, people, secretariat. */
  people: Pick<RoundSetup, 'cycleId' | 'cluster' | 'year' | 'participants' | 'people' | 'secretariat'>;
  enterPhase: (phase: Phase) => Promise<void>;
  openRound: (kind: string) => void;
  attributes: (phase: Phase) => SearchAttributePair[];
}

export interface ScoringOutcome {
  scores: RoundResult;
  table: ConsolidatedTable;
  ballots: { number: number; items: BallotItems; tally: Tally }[];
  nominations: Nominations;
}

const acts = proxyActivities<Activities>(RECORDING);

/**
 * Registers the cycle's scoring Updates. Called when the cycle starts, so that veto inputs can be
 * recorded at any time before the ballot; each validator says when its action is not open yet.
 */
export function handleScoringUpdates(ctx: {
  cycleId: string;
  gate: () => ScoringGate | undefined;
  status: ScoringStatus;
  vetoes: ScoringGate['vetoes'];
}): void {
  // Until the cycle's setup is loaded there is no gate, and every action is refused as too early.
  const starting = stillSettingUp(ctx.cycleId);
  const setUpGate = (): ScoringGate => {
    const gate = ctx.gate();
    refuseUntilSetUp(gate, starting);
    return gate;
  };
  // Adjustments and vetoes re-consolidate the table; one at a time, so the last table stored is the latest.
  let busy = false;
  const exclusively = async <T>(work: () => Promise<T>): Promise<T> => {
    await condition(() => !busy);
    busy = true;
    try {
      return await work();
    } finally {
      busy = false;
    }
  };
  const consolidateNow = async (at: number) => {
    const table = await acts.consolidateScores({ cycleId: ctx.cycleId, final: false, at });
    ctx.status.table = { ...table, final: false };
    return table;
  };

  // A bound on adjustments per unit keeps the cycle's history bounded too (each one re-consolidates the table).
  const adjusted: Record<string, number> = {};
  setHandler(
    adjustScoreUpdate,
    (input) =>
      exclusively(async () => {
        const adjustment = adjustmentSchema.parse(input);
        adjusted[adjustment.unit] = (adjusted[adjustment.unit] ?? 0) + 1;
        const at = Date.now();
        await acts.recordAdjustment({ cycleId: ctx.cycleId, ...adjustment, at });
        const table = await consolidateNow(at);
        return table.rows.find((r) => r.unit === adjustment.unit)!;
      }),
    { validator: (input) => refuseIf(checkAdjustment({ ...setUpGate(), adjusted }, input)) },
  );
  setHandler(
    recordVetoUpdate,
    (input) =>
      exclusively(async () => {
        const veto = vetoSchema.parse(input);
        // Claimed before the first await, so the same veto sent twice at once is refused the second time.
        ctx.vetoes.push({ unit: veto.unit, source: veto.source, reference: veto.reference });
        const at = Date.now();
        await acts.recordVeto({ cycleId: ctx.cycleId, ...veto, at });
        if (ctx.status.table) await consolidateNow(at);
        return { unit: veto.unit, vetoes: ctx.vetoes.filter((v) => v.unit === veto.unit).length };
      }),
    { validator: (input) => refuseIf(checkVeto(setUpGate(), input)) },
  );
  setHandler(
    decideFlagUpdate,
    async (input) => {
      const gate = ctx.gate()!;
      const leaders = ctx.status.leaders!;
      const role = input.actor === gate.chair.representative ? 'chair' : 'deputy';
      leaders[role] = input.flag;
      await acts.recordLeadersChoice({
        cycleId: ctx.cycleId,
        actor: input.actor,
        role,
        flag: input.flag,
        ...(input.channel ? { channel: input.channel } : {}),
        at: Date.now(),
      });
      const agreed = leaders.chair !== undefined && leaders.chair === leaders.deputy;
      return agreed ? { agreed, flag: input.flag } : { agreed };
    },
    { validator: (input) => refuseIf(checkLeadersDecision(setUpGate(), input)) },
  );
}

/** The flag nominee once a ballot round elected it, the chair and the deputy agreed, or the nominations say there is none. */
export function flagSettlement(status: ScoringStatus): FlagSettlement | undefined {
  const elected = status.ballots.find((b) => b.tally?.flagElected);
  if (elected) return { nominee: elected.tally!.flagElected!, by: 'ballot', round: elected.number };
  const leaders = status.leaders;
  if (leaders?.chair !== undefined && leaders.chair === leaders.deputy) return { nominee: leaders.chair, by: 'chair-and-deputy' };
  if (status.nominations) return { nominee: status.nominations.flag ?? 'none', by: status.nominations.flagDecidedBy ?? 'nobody' };
  return undefined;
}

/** Runs cross-scoring, consolidation, the ballot and the nominations; the cycle is in phase reports-closed. */
export async function runScoring(ctx: ScoringContext, status: ScoringStatus): Promise<ScoringOutcome> {
  const { cycleId, calendar, rules } = ctx;
  const scoring = calendar.scoring!;
  const ballot = calendar.ballot!;

  await ctx.enterPhase(PHASES.scoring);
  const scoreRound = roundId(cycleId, 'score');
  ctx.openRound('score');
  const scores = await executeChild(round, {
    workflowId: scoreRound,
    args: [
      {
        ...ctx.people,
        roundId: scoreRound,
        kind: 'score',
        rubric: ctx.rubric,
        calendar: scoring,
        extensionLimit: extensionLimit(calendar, 'score'),
      },
    ],
    typedSearchAttributes: ctx.attributes(PHASES.scoring),
  });

  // The draft table: the chair and the secretariat see it, and may adjust it, until the ballot opens.
  status.table = { ...(await acts.consolidateScores({ cycleId, final: false, at: Date.now() })), final: false };
  await ctx.enterPhase(PHASES.consolidation);
  await acts.announceTable({ cycleId, ballotOpensAt: Date.parse(ballot.opensAt), at: Date.now() });
  await sleepUntil(Date.parse(ballot.opensAt));

  // From here the validators refuse adjustments and vetoes; those already accepted finish first.
  await ctx.enterPhase(PHASES.ballot);
  await condition(allHandlersFinished);
  const table = await acts.consolidateScores({ cycleId, final: true, at: Date.now() });
  status.table = { ...table, final: true };

  const members = ctx.people.participants.length;
  const nominations: Nominations = { certificates: [] };
  const ballots: ScoringOutcome['ballots'] = [];
  let items = ballotItems({ units: table.rows }, rules);
  for (let number = 1; items.flag.length + items.certificates.length > 0; number++) {
    const ballotName = ballotRoundName(number);
    const ballotId = roundId(cycleId, ballotName);
    const { publicKey } = await acts.openBallotBox({ cycleId, ballotId, number, at: Date.now() });
    const entry: ScoringStatus['ballots'][number] = { number, workflowId: ballotId, items, publicKey };
    status.ballots.push(entry);
    ctx.openRound(ballotName);
    await executeChild(round, {
      workflowId: ballotId,
      args: [
        {
          ...ctx.people,
          roundId: ballotId,
          kind: 'ballot',
          ballot: { number, items, publicKey },
          calendar: ballotRoundCalendar(ballot, number === 1 ? Date.parse(ballot.opensAt) : Date.now()),
          extensionLimit: extensionLimit(calendar, 'ballot'),
        },
      ],
      typedSearchAttributes: ctx.attributes(PHASES.ballot),
    });
    const tally = await acts.countBallot({ cycleId, ballotId, number, items, members, rules, at: Date.now() });
    entry.tally = tally;
    ballots.push({ number, items, tally });
    if (tally.flagElected) Object.assign(nominations, { flag: tally.flagElected, flagDecidedBy: 'ballot' });
    nominations.certificates.push(...tally.certificatesApproved);
    if (!needsAnotherRound(tally, number, rules)) break;
    items = tally.undecided;
  }

  const openFlag = ballots.at(-1)?.tally.undecided.flag ?? [];
  if (!nominations.flag && openFlag.length > 0) {
    const deadline = Date.now() + (parseIsoDuration(ballot.duration) ?? 0);
    status.leaders = { candidates: openFlag, deadline: new Date(deadline).toISOString() };
    await ctx.enterPhase(PHASES.leadersDecide);
    await acts.askLeaders({ cycleId, candidates: openFlag, deadline, at: Date.now() });
    const leaders = status.leaders;
    const agreed = () => leaders.chair !== undefined && leaders.chair === leaders.deputy;
    await condition(agreed, Math.max(1, deadline - Date.now()));
    await condition(allHandlersFinished);
    if (agreed() && leaders.chair !== 'none') Object.assign(nominations, { flag: leaders.chair, flagDecidedBy: 'chair-and-deputy' });
  }

  status.nominations = nominations;
  await acts.recordNominations({ cycleId, nominations, ballots, leaders: status.leaders ?? null, at: Date.now() });
  await ctx.enterPhase(PHASES.nominated);
  return { scores, table, ballots, nominations };
}
