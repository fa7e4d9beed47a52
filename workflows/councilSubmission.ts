import { condition, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import { amendmentSchema, type Amendment, type CouncilCalendar, type CouncilRules } from '../domain/council.ts';
import { PHASES, type Phase } from '../domain/cycle.ts';
import { checkAmendment } from '../domain/councilState.ts';
import { RECORDING } from './activityOptions.ts';
import { sleepUntil } from './clock.ts';
import { refuseIf } from './refusal.ts';
import type { CouncilOutcome, CouncilRevocation } from '../domain/council.ts';
import { amendSubmissionUpdate, councilReturnedSignal, councilOutcomeSignal, councilRevokedSignal } from './messages.ts';

// The cycle's side of the provincial council (DOMAIN.md steps 6-9): it sends the cluster's
// submission (tờ trình) to the province-year's council, lets the chair amend and resubmit it when
// the secretariat returns a nomination, and waits for the council's outcome.

export interface CouncilSubmissionStatus {
  councilId?: string;
  version: number;
  returned: { nominations: string[]; reason: string; by: string }[];
  outcome?: CouncilOutcome;
  /** Awards of the outcome the council's chair revoked since (quyết định thu hồi). */
  revocations?: CouncilRevocation[];
}

const acts = proxyActivities<Activities>(RECORDING);

export async function runCouncilSubmission(
  ctx: {
    cycleId: string;
    calendar: CouncilCalendar;
    rules?: CouncilRules;
    chairRepresentative: string;
    phase: () => Phase;
    enterPhase: (phase: Phase) => Promise<void>;
  },
  status: CouncilSubmissionStatus,
): Promise<CouncilOutcome> {
  let amendment: Amendment | undefined;
  let handled = 0;
  setHandler(councilReturnedSignal, (returned) => {
    status.returned.push(returned);
  });
  setHandler(councilOutcomeSignal, (outcome) => {
    status.outcome = outcome;
  });
  // A repeated signal (the council's retried step) is recorded once.
  setHandler(councilRevokedSignal, (revocation) => {
    if (status.revocations?.some((r) => r.revocationNumber === revocation.revocationNumber)) return;
    status.revocations = [...(status.revocations ?? []), revocation];
  });
  setHandler(
    amendSubmissionUpdate,
    async (input) => {
      amendment = amendmentSchema.parse(input);
      await condition(() => amendment === undefined);
      return { version: status.version };
    },
    {
      validator: (raw) =>
        refuseIf(
          checkAmendment({ chairRepresentative: ctx.chairRepresentative, phase: ctx.phase(), amending: amendment !== undefined }, raw),
        ),
    },
  );

  const submit = async (extra: { note?: string; withdraw?: string[] } = {}) => {
    const sent = await acts.submitToCouncil({
      cycleId: ctx.cycleId,
      version: status.version,
      by: ctx.chairRepresentative,
      calendar: ctx.calendar,
      ...(ctx.rules ? { rules: ctx.rules } : {}),
      ...extra,
      at: Date.now(),
    });
    status.councilId = sent.councilId;
  };
  await ctx.enterPhase(PHASES.submitted);
  status.version = 1;
  await submit();
  for (;;) {
    await condition(() => status.outcome !== undefined || status.returned.length > handled);
    if (status.outcome) break;
    handled = status.returned.length;
    await ctx.enterPhase(PHASES.revision);
    await condition(() => amendment !== undefined || status.outcome !== undefined);
    if (status.outcome) break;
    status.version++;
    await submit({ note: amendment!.note.trim(), withdraw: amendment!.withdraw });
    amendment = undefined;
    await ctx.enterPhase(PHASES.submitted);
  }
  await acts.recordCouncilOutcome({ cycleId: ctx.cycleId, outcome: status.outcome, at: Date.now() });
  await ctx.enterPhase(PHASES.awarded);
  return status.outcome;
}

/**
 * Keeps the cycle open until the council's complaint window has closed, so that it hears of a
 * revocation of its awards (its status and result show them). Outcomes from councils before
 * revocations were told to cycles carry no window, and cycles from before this wait do not wait.
 */
export async function awaitComplaintWindow(status: CouncilSubmissionStatus): Promise<void> {
  const until = status.outcome?.complaintsUntil;
  if (until && patched('await-revocations')) await sleepUntil(Date.parse(until));
}
