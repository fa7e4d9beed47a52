import { representativeOf, type CycleContext } from '../db/queries/cycleContext.ts';
import { REPORT_PERIODS, type ReportPeriod } from '../domain/report.ts';
import { splitRoundId } from '../domain/ids.ts';
import { ROUND_KINDS, type Received, type RoundKind } from '../domain/round.ts';
import { reportWording, submissionReceipt, type Wording } from './mail/templates.ts';
import type { OutgoingMail } from './outbox.ts';

// What every round's mails share: how the round names what is submitted, how to submit it, and
// the receipt for an accepted submission.

export interface RoundRef {
  roundId: string;
  cycleId: string;
  kind: RoundKind;
  period?: ReportPeriod;
}

export function wordingOf(ref: RoundRef): Wording {
  // A report's words name its period ("nộp báo cáo sơ kết 6 tháng").
  if (ref.kind === 'report' && ref.period) return reportWording(REPORT_PERIODS[ref.period]);
  // (A report round always has its period; one without fell back to the pledge's words, and still does.)
  return ref.kind === 'report' ? ROUND_KINDS.pledge.mail : ROUND_KINDS[ref.kind].mail;
}

/** A ballot round's number, from its id (`…/ballot-2`). */
function ballotNumber(roundId: string): number {
  return splitRoundId(roundId)?.ballot ?? 1;
}

export function howToSubmit(ref: RoundRef, unit: string, personId: string): string {
  const command = ROUND_KINDS[ref.kind].command;
  switch (ref.kind) {
    case 'report':
      return `${command} --cycle ${ref.cycleId} --unit ${unit} --period ${ref.period} --submitter ${personId} --file <báo-cáo.json>`;
    case 'score':
      return `${command} --cycle ${ref.cycleId} --unit ${unit} --scorer ${personId} --file <phiếu-chấm.json>`;
    case 'ballot':
      // The round is named: a ballot without --round goes to round 1 only.
      return `tdkt ballot show ${ref.cycleId}, then ${command} --cycle ${ref.cycleId} --round ${ballotNumber(ref.roundId)} --unit ${unit} --voter ${personId} --flag <đơn vị|abstain> --for <đơn vị…> --against <đơn vị…>`;
    default:
      return `${command} --cycle ${ref.cycleId} --unit ${unit} --signer ${personId}`;
  }
}

/** The receipt to the unit's representative for an accepted submission (version-keyed for reports). */
export function receiptFor(ctx: CycleContext, input: RoundRef & Received): OutgoingMail {
  const to = representativeOf(ctx, input.unit);
  const mail = submissionReceipt({
    recipientName: to.fullName,
    clusterName: ctx.clusterName,
    year: ctx.year,
    w: wordingOf(input),
    unitName: ctx.unitNames.get(input.unit) ?? input.unit,
    at: input.at,
    late: input.late,
    version: input.version,
    penalty: input.penalty,
    ...(input.totals ? { total: input.totals.total } : {}),
  });
  const key = ROUND_KINDS[input.kind].keepsVersions
    ? `${input.roundId}:receipt:${input.unit}:v${input.version}`
    : `${input.roundId}:receipt:${input.unit}`;
  return { key, cycleId: input.cycleId, to, mail };
}
