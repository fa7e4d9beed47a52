import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { z } from 'zod';
import type { NextCycle } from '../domain/cycle.ts';
import type { Certificates, Merge } from '../domain/conference.ts';
import type { ExcuseRequest, OverrideRequest } from '../domain/rotation.ts';
import { nextCycleScheduleId } from '../domain/ids.ts';
import { recordMergeUpdate } from '../workflows/messages.ts';
import type { ScheduledStartInput } from '../workflows/scheduledCycleStart.ts';
import { excuseFromRotationUpdate, overrideRotationUpdate, recordCertificatesUpdate } from '../workflows/messages.ts';
import { CliError, ExitCode } from './exitCodes.ts';
import { onWorkflow } from './operations.ts';

// The year's end and membership changes, as functions over a Temporal client (the CLI and the
// tests use them): the chair's giấy khen, the secretariat's rotation instructions and merges, and
// the yearly Schedule that starts each cluster's next cycle.

const updateOptions = (requestId?: string) => (requestId ? { updateId: requestId } : {});

export function recordCertificates(
  client: Client,
  args: { cycleId: string; certificates: Certificates; requestId?: string },
): Promise<{ numbers: string[] }> {
  return onWorkflow(client, args.cycleId, 'cycle', (h) =>
    h.executeUpdate(recordCertificatesUpdate, { args: [args.certificates], ...updateOptions(args.requestId) }),
  );
}

export function overrideRotation(client: Client, args: { cycleId: string; override: OverrideRequest; requestId?: string }): Promise<void> {
  return onWorkflow(client, args.cycleId, 'cycle', (h) =>
    h.executeUpdate(overrideRotationUpdate, { args: [args.override], ...updateOptions(args.requestId) }),
  );
}

export function excuseFromRotation(client: Client, args: { cycleId: string; excuse: ExcuseRequest; requestId?: string }): Promise<void> {
  return onWorkflow(client, args.cycleId, 'cycle', (h) =>
    h.executeUpdate(excuseFromRotationUpdate, { args: [args.excuse], ...updateOptions(args.requestId) }),
  );
}

export function recordMerge(client: Client, args: { cycleId: string; merge: Merge; requestId?: string }): Promise<{ rounds: string[] }> {
  return onWorkflow(client, args.cycleId, 'cycle', (h) =>
    h.executeUpdate(recordMergeUpdate, { args: [args.merge], ...updateOptions(args.requestId) }),
  );
}

/** The schedule of a cluster: one per cluster, so creating it again finds the first. */
export function scheduleIdOf(cluster: string): string {
  return nextCycleScheduleId(cluster);
}

export interface YearlyAt {
  month: number;
  day: number;
  hour: number;
}

/** When a yearly schedule may fire: a day every month has (1-28), a whole hour, Vietnam time. */
export const yearlyAtSchema = z
  .object({
    month: z.coerce.number().int().min(1, 'the month is 1-12').max(12, 'the month is 1-12'),
    day: z.coerce.number().int().min(1, 'the day is 1-28').max(28, 'the day is 1-28'),
    hour: z.coerce.number().int().min(0, 'the hour is 0-23').max(23, 'the hour is 0-23'),
  })
  .strict() satisfies z.ZodType<YearlyAt, unknown>;

/** Why a schedule is paused or unpaused, kept on the schedule for whoever looks next. */
export const scheduleNoteSchema = z
  .string()
  .refine((note) => note.trim().length >= 5 && note.length <= 500, 'give a note of 5 to 500 characters');

export interface ScheduleView {
  scheduleId: string;
  cluster: string;
  /** When it fires, in Vietnam's time: "15/01 08:00 every year". */
  fires: string;
  paused: boolean;
  note?: string;
  nextRuns: string[];
  recentRuns: { at: string; workflowId: string }[];
  created: boolean;
}

const MONTHS = [
  'JANUARY',
  'FEBRUARY',
  'MARCH',
  'APRIL',
  'MAY',
  'JUNE',
  'JULY',
  'AUGUST',
  'SEPTEMBER',
  'OCTOBER',
  'NOVEMBER',
  'DECEMBER',
] as const;
const two = (n: number) => String(n).padStart(2, '0');

async function view(client: Client, cluster: string, created: boolean): Promise<ScheduleView> {
  const scheduleId = scheduleIdOf(cluster);
  let described;
  try {
    described = await client.schedule.getHandle(scheduleId).describe();
  } catch (error) {
    if (error instanceof ScheduleNotFoundError)
      throw new CliError(
        ExitCode.unknownCycle,
        `${cluster} has no yearly schedule; create it with tdkt schedule create --cluster ${cluster}`,
      );
    throw error;
  }
  const calendar = described.spec.calendars?.[0];
  const month = calendar ? MONTHS.indexOf(calendar.month[0]!.start) + 1 : 0;
  const fires = calendar
    ? `${two(calendar.dayOfMonth[0]!.start)}/${two(month)} ${two(calendar.hour[0]!.start)}:${two(calendar.minute[0]!.start)} every year (${described.spec.timezone ?? 'UTC'})`
    : 'on demand';
  return {
    scheduleId,
    cluster,
    fires,
    paused: described.state.paused,
    ...(described.state.note ? { note: described.state.note } : {}),
    nextRuns: described.info.nextActionTimes.map((t) => t.toISOString()),
    recentRuns: described.info.recentActions.map((a) => ({ at: a.takenAt.toISOString(), workflowId: a.action.workflow.workflowId })),
    created,
  };
}

/** Creates the cluster's yearly schedule; when it exists already, returns it unchanged (created: false). */
export async function createSchedule(
  client: Client,
  args: { cluster: string; at: YearlyAt; taskQueue: string; by: string },
): Promise<ScheduleView> {
  const input: ScheduledStartInput = { cluster: args.cluster };
  try {
    await client.schedule.create({
      scheduleId: scheduleIdOf(args.cluster),
      spec: {
        calendars: [{ month: MONTHS[args.at.month - 1]!, dayOfMonth: args.at.day, hour: args.at.hour, minute: 0 }],
        timezone: 'Asia/Ho_Chi_Minh',
      },
      action: {
        type: 'startWorkflow',
        workflowType: 'scheduledCycleStart',
        args: [input],
        taskQueue: args.taskQueue,
        workflowId: scheduleIdOf(args.cluster),
      },
      // A run that is still going when the next is due (or triggered) is enough: skip the second.
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '7 days' },
      state: { note: `created by ${args.by}` },
    });
  } catch (error) {
    if (error instanceof ScheduleAlreadyRunning) return view(client, args.cluster, false);
    throw error;
  }
  return view(client, args.cluster, true);
}

export function describeSchedule(client: Client, cluster: string): Promise<ScheduleView> {
  return view(client, cluster, false);
}

export async function pauseSchedule(client: Client, args: { cluster: string; note: string; paused: boolean }): Promise<ScheduleView> {
  await view(client, args.cluster, false);
  const handle = client.schedule.getHandle(scheduleIdOf(args.cluster));
  if (args.paused) await handle.pause(args.note);
  else await handle.unpause(args.note);
  return view(client, args.cluster, false);
}

/** Runs the schedule now and waits for what its run did. */
export async function triggerSchedule(
  client: Client,
  cluster: string,
  waitMs = 30_000,
): Promise<{ workflowId: string; result: NextCycle | { started: false; reason: string } }> {
  await view(client, cluster, false);
  const triggeredAt = Date.now();
  await client.schedule.getHandle(scheduleIdOf(cluster)).trigger(ScheduleOverlapPolicy.ALLOW_ALL);
  const until = Date.now() + waitMs;
  for (;;) {
    const now = await view(client, cluster, false);
    // A run's id carries its start time to the second, so triggers within one second are one run.
    const run = now.recentRuns.filter((r) => Date.parse(r.at) >= triggeredAt - 1000).at(-1);
    if (run)
      return {
        workflowId: run.workflowId,
        result: (await client.workflow.getHandle(run.workflowId).result()) as NextCycle | { started: false; reason: string },
      };
    if (Date.now() > until)
      throw new CliError(
        ExitCode.failure,
        `the schedule of ${cluster} was triggered but no run appeared within ${waitMs / 1000} s; see tdkt schedule describe --cluster ${cluster}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
