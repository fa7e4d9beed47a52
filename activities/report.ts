import { ApplicationFailure } from '@temporalio/common';
import { representativeOf, type CycleContext } from '../db/queries/cycleContext.ts';
import { checkReportContent, reportContentSchema, type ReportContent, type ReportPeriod } from '../domain/report.ts';
import type { Channel, Received } from '../domain/round.ts';
import type { Rubric } from '../domain/rubric.ts';
import type { ScoreTotals } from '../domain/selfScore.ts';
import { normaliseText } from '../domain/text.ts';
import { screenText } from '../domain/textScreen.ts';
import { appendAudit } from './audit.ts';
import { PERMANENT_DATA_ERROR } from './failures.ts';
import type { ActivityDeps } from './deps.ts';
import { lateSubmissionNotice, quarantineNotice } from './mail/templates.ts';
import { deliverMails, enqueueMails, type OutgoingMail } from './outbox.ts';
import { receiptFor, wordingOf, type RoundRef } from './roundMail.ts';

// A report as it arrives: every version kept (the latest is the current one), the raw text beside
// the normalised text, the self-score's totals as the system computed them, and — when the text
// holds links or gambling terms — a quarantine row and a notice to the secretariat. The report is
// accepted either way: nothing a unit sends is silently dropped.

/** What the round passes with a report: the version of the rubric in its setup (null when it has none). */
export type ReportInput = RoundRef & Received & { content?: unknown; rubricVersion?: string | null; channel?: Channel };

interface Stored {
  content: ReportContent;
  totals?: ScoreTotals | undefined;
  rubricVersion: string | null;
}

// The workflow's validator accepted this content with the same rules; a failure here is a bug,
// and no retry would cure it.
const notValid = (problems: string[]) =>
  ApplicationFailure.nonRetryable(`the report is not valid: ${problems.join('; ')}`, PERMANENT_DATA_ERROR);

/**
 * The round's validator checked the content against the rubric of the round's setup, the totals it
 * computed come with the Received, and the round passes that rubric's version: nothing is read or
 * checked again. The content still goes through its schema, whose transforms normalise the text
 * for storage.
 */
function asChecked(input: ReportInput & { rubricVersion: string | null }): Stored {
  const parsed = reportContentSchema.safeParse(input.content);
  if (!parsed.success) throw notValid(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'report'}: ${issue.message}`));
  return { content: parsed.data, totals: input.totals, rubricVersion: input.rubricVersion };
}

/**
 * Activity tasks scheduled by workflow code from before the round passed `rubricVersion` (still in
 * flight, or retried, after a deployment) carry no rubric: for them it is read from the database
 * and the content checked again, as it was then.
 */
async function checkedAgain(deps: ActivityDeps, ctx: CycleContext, period: ReportPeriod, content: unknown): Promise<Stored> {
  const rubricRow = await deps.db
    .selectFrom('rubric')
    .select('definition')
    .where('cluster_code', '=', ctx.cluster)
    .where('year', '=', ctx.year)
    .executeTakeFirst();
  const rubric = rubricRow?.definition as Rubric | undefined;
  const checked = checkReportContent(period, content, rubric);
  if (!checked.ok) throw notValid(checked.problems);
  return { content: checked.content, totals: checked.totals, rubricVersion: rubric?.version ?? null };
}

export async function recordReport(deps: ActivityDeps, ctx: CycleContext, input: ReportInput): Promise<number> {
  const { db } = deps;
  const period = input.period!;
  const { rubricVersion } = input;
  const stored =
    rubricVersion === undefined ? await checkedAgain(deps, ctx, period, input.content) : asChecked({ ...input, rubricVersion });
  const { content, totals } = stored;
  const raw = (input.content as { narrative: string }).narrative;
  const texts = [
    content.narrative,
    ...Object.values(content.figures).filter((v): v is string => typeof v === 'string'),
    ...Object.values(content.selfScore?.evidence ?? {}),
  ];
  const fragments = [...new Set(texts.flatMap((text) => screenText(text).fragments))];
  const at = new Date(input.at);
  const w = wordingOf(input);
  const unitName = ctx.unitNames.get(input.unit) ?? input.unit;

  const keys = await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('report')
      .values({
        cycle_id: input.cycleId,
        unit_code: input.unit,
        period,
        version: input.version,
        round_id: input.roundId,
        submitted_by: input.actor,
        submitted_at: at,
        late: input.late,
        late_penalty: input.penalty,
        narrative_raw: raw,
        narrative: normaliseText(raw),
        figures: JSON.stringify(content.figures),
        self_score: content.selfScore ? JSON.stringify(content.selfScore) : null,
        score_total: totals ? totals.total : null,
        rubric_version: content.selfScore ? stored.rubricVersion : null,
        quarantined: fragments.length > 0,
      })
      .onConflict((oc) => oc.columns(['cycle_id', 'unit_code', 'period', 'version']).doNothing())
      .execute();
    if (fragments.length) {
      await tx
        .insertInto('report_quarantine')
        .values({ cycle_id: input.cycleId, unit_code: input.unit, period, version: input.version, fragments, created_at: at })
        .onConflict((oc) => oc.columns(['cycle_id', 'unit_code', 'period', 'version']).doNothing())
        .execute();
    }
    await appendAudit(tx, {
      key: `${input.roundId}:submitted:${input.unit}:v${input.version}`,
      cycleId: input.cycleId,
      actor: input.actor,
      action: 'report.submitted',
      subject: input.unit,
      details: {
        period,
        version: input.version,
        late: input.late,
        penalty: input.penalty,
        total: totals?.total ?? null,
        quarantined: fragments,
        channel: input.channel ?? 'cli',
      },
      occurredAt: at,
    });

    const mails: OutgoingMail[] = [receiptFor(ctx, input)];
    if (input.late) {
      const chair = representativeOf(ctx, ctx.chairUnit);
      const deadline = await tx.selectFrom('round').select('deadline').where('id', '=', input.roundId).executeTakeFirstOrThrow();
      const extended = await tx
        .selectFrom('round_extension')
        .select('until')
        .where('round_id', '=', input.roundId)
        .where('unit_code', '=', input.unit)
        .orderBy('granted_at', 'desc')
        .executeTakeFirst();
      const due = (extended?.until ?? deadline.deadline).getTime();
      mails.push({
        key: `${input.roundId}:late:${input.unit}:v${input.version}`,
        cycleId: input.cycleId,
        to: chair,
        mail: lateSubmissionNotice({
          recipientName: chair.fullName,
          clusterName: ctx.clusterName,
          year: ctx.year,
          w,
          unitName,
          unitCode: input.unit,
          at: input.at,
          deadline: due,
          penalty: input.penalty,
        }),
      });
    }
    if (fragments.length) {
      for (const to of ctx.secretariat) {
        mails.push({
          key: `${input.roundId}:quarantine:${input.unit}:v${input.version}:${to.id}`,
          cycleId: input.cycleId,
          to,
          mail: quarantineNotice({
            recipientName: to.fullName,
            clusterName: ctx.clusterName,
            year: ctx.year,
            w,
            unitName,
            unitCode: input.unit,
            version: input.version,
            fragments,
          }),
        });
      }
    }
    return enqueueMails(tx, deps.mailFrom, mails);
  });
  return deliverMails(deps, keys);
}
