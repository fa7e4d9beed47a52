import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import type { CycleCalendar } from '../domain/calendar.ts';
import { certificatesSchema } from '../domain/conference.ts';
import { PHASES, type NextCycle, type Phase } from '../domain/cycle.ts';
import { excuseSchema, overrideSchema } from '../domain/rotation.ts';
import { checkCertificates, checkRotationExcuse, checkRotationOverride, type YearEndState } from '../domain/yearEnd.ts';
import { RECORDING } from './activityOptions.ts';
import { sleepUntil } from './clock.ts';
import { refuseIf } from './refusal.ts';
import { recordCertificatesUpdate, overrideRotationUpdate, excuseFromRotationUpdate } from './messages.ts';

// The year's end, as the last step of the annual cycle (DOMAIN.md step 10): until the conference
// the chair records the cluster's giấy khen and the secretariat may instruct the rotation (an
// override, or a unit excused with the council's consent); at the conference the awards are handed
// over, the chair rotates and next year's cycle starts. The instructions are stored in Postgres,
// not only here: the secretariat's yearly Schedule computes the same hand-over from them.

export interface YearEndStatus {
  certificates?: string[];
  conference?: { heldAt: string; awardsHandedOver: number; certificates: number };
  next?: NextCycle;
}

const acts = proxyActivities<Activities>(RECORDING);

/** Registers the year-end Updates; they are taken from the cycle's start until the conference is held. */
export function handleYearEndUpdates(
  ctx: { cycleId: string; hasConference: boolean; chairRepresentative: () => string | undefined; secretariat: () => string[] },
  status: YearEndStatus,
): void {
  // What the rules look at, as it is when an Update arrives.
  const state = (): YearEndState => ({
    cycleId: ctx.cycleId,
    hasConference: ctx.hasConference,
    chairRepresentative: ctx.chairRepresentative(),
    secretariat: ctx.secretariat(),
    certificates: status.certificates,
    conference: status.conference,
  });

  setHandler(
    recordCertificatesUpdate,
    async (input) => {
      const parsed = certificatesSchema.parse(input);
      // Marked before the first await so a second list arriving meanwhile is refused; unmarked if this one fails.
      status.certificates = [];
      try {
        status.certificates = await acts.recordCertificates({
          cycleId: ctx.cycleId,
          actor: parsed.actor,
          certificates: parsed.certificates,
          ...(parsed.channel ? { channel: parsed.channel } : {}),
          at: Date.now(),
        });
      } catch (error) {
        delete status.certificates;
        throw error;
      }
      return { numbers: status.certificates };
    },
    { validator: (input) => refuseIf(checkCertificates(state(), input)) },
  );
  setHandler(
    overrideRotationUpdate,
    async (input) => {
      const parsed = overrideSchema.parse(input);
      await acts.recordRotationInstruction({
        cycleId: ctx.cycleId,
        actor: parsed.actor,
        kind: 'override',
        chair: parsed.chair,
        deputy: parsed.deputy,
        reason: parsed.reason,
        at: Date.now(),
      });
    },
    { validator: (input) => refuseIf(checkRotationOverride(state(), input)) },
  );
  setHandler(
    excuseFromRotationUpdate,
    async (input) => {
      const parsed = excuseSchema.parse(input);
      await acts.recordRotationInstruction({
        cycleId: ctx.cycleId,
        actor: parsed.actor,
        kind: 'excuse',
        unit: parsed.unit,
        reason: parsed.reason,
        at: Date.now(),
      });
    },
    { validator: (input) => refuseIf(checkRotationExcuse(state(), input)) },
  );
}

/** Waits for the conference's date, holds it, hands the chair over and starts next year's cycle. */
export async function runConference(
  ctx: { cycleId: string; calendar: CycleCalendar; enterPhase: (phase: Phase) => Promise<void> },
  status: YearEndStatus,
): Promise<YearEndStatus> {
  await ctx.enterPhase(PHASES.conference);
  await sleepUntil(Date.parse(ctx.calendar.conference!.at));
  // From here the year takes no more certificates or instructions; those already accepted finish first.
  status.conference = { heldAt: new Date(Date.now()).toISOString(), awardsHandedOver: 0, certificates: 0 };
  await condition(allHandlersFinished);
  Object.assign(status.conference, await acts.holdConference({ cycleId: ctx.cycleId, at: Date.now() }));
  status.next = await acts.handOverAndStart({ cycleId: ctx.cycleId, at: Date.now() });
  await ctx.enterPhase(PHASES.handedOver);
  return status;
}
