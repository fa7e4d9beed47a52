import { InvalidArgumentError, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { certificatesSchema, mergeSchema } from '../../domain/conference.ts';
import { clusterCode, personId, unitCode } from '../../domain/ids.ts';
import { excuseSchema, overrideSchema } from '../../domain/rotation.ts';
import { parseChoice, parseCode, parseCycleId, print, readJsonFile } from '../cliArgs.ts';
import { loadClientConfig } from '../config.ts';
import { CliError, ExitCode } from '../exitCodes.ts';
import { screen } from '../format.ts';
import type { ScheduleView } from '../yearEndOperations.ts';
import { parseInput, sendUpdate, type Json } from './run.ts';

// The year's end and membership changes on the command line: `conference`, `rotation`, `unit merge`
// and `schedule`.

function readCertificates(file: string): unknown {
  const json = readJsonFile(file, 'certificates file', 262_144, 'a list of at most 100 certificates is far smaller');
  if (Array.isArray(json)) return json;
  if (json && typeof json === 'object' && 'certificates' in json) return json.certificates;
  throw new CliError(ExitCode.usage, `the certificates file ${file} must hold a list of certificates, or { "certificates": [...] }`);
}

function parseNumber(name: string, min: number, max: number) {
  return (text: string): number => {
    if (!/^\d{1,2}$/.test(text) || Number(text) < min || Number(text) > max)
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
    return Number(text);
  };
}

function scheduleText(v: ScheduleView): string {
  return screen([
    `${v.scheduleId}${v.created ? ' (created)' : ''}: starts the next cycle of ${v.cluster}, ${v.fires}`,
    `state: ${v.paused ? 'paused' : 'active'}${v.note ? ` — ${v.note}` : ''}`,
    `next runs: ${v.nextRuns.join(', ') || 'none'}`,
    `recent runs: ${v.recentRuns.map((r) => `${r.at} ${r.workflowId}`).join('; ') || 'none yet'}`,
  ]);
}

export function addYearEndCommands(program: CommandUnknownOpts, json: Json): void {
  /** A client connected to Temporal. */
  const client = async () => (await import('../operations.ts')).connectClient(loadClientConfig(process.env));
  const schedules = () => import('../yearEndOperations.ts');

  program
    .command('conference')
    .description('the chair: the year-end conference (hội nghị tổng kết)')
    .command('certificates')
    .description("record the cluster's giấy khen for the conference, signed by the head of the chair unit (once per year)")
    .requiredOption('--cycle <id>', 'cycle id, e.g. cycle/DB-VT/2018', parseCycleId)
    .requiredOption('--by <person>', "the chair's representative", parseCode(personId))
    .requiredOption(
      '--file <file>',
      'JSON: a list of { recipient, kind: collective|household|individual, unit, achievement } (or { certificates: [...] }); an empty list for none',
    )
    .option('--request-id <id>', 'idempotency key')
    .action((opts) =>
      sendUpdate(json, {
        requestId: opts.requestId,
        input: () => parseInput(certificatesSchema, { actor: opts.by, certificates: readCertificates(opts.file) }, 'certificates'),
        send: async (client, certificates, request) =>
          (await import('../yearEndOperations.ts')).recordCertificates(client, { cycleId: opts.cycle, certificates, ...request }),
        human: (result) =>
          result.numbers.length
            ? `recorded ${result.numbers.length} giấy khen: ${result.numbers.join(', ')}; they are handed over and mailed at the conference`
            : 'recorded: no giấy khen this year',
      }),
    );

  const rotation = program
    .command('rotation')
    .description("the secretariat: next year's chair and deputy (by default the deputy becomes chair and the next unit in order deputy)");
  rotation
    .command('override')
    .description("name next year's chair and deputy instead of the rotation order, with a reason (before the hand-over)")
    .requiredOption('--cycle <id>', 'cycle id of this year, e.g. cycle/DB-VT/2018', parseCycleId)
    .requiredOption('--by <person>', 'the secretariat member', parseCode(personId))
    .requiredOption('--chair <unit>', "next year's chair unit", parseCode(unitCode))
    .requiredOption('--deputy <unit>', "next year's deputy unit", parseCode(unitCode))
    .requiredOption('--reason <text>', 'why the order is not followed')
    .option('--request-id <id>', 'idempotency key')
    .action((opts) =>
      sendUpdate(json, {
        requestId: opts.requestId,
        input: () =>
          parseInput(overrideSchema, { actor: opts.by, chair: opts.chair, deputy: opts.deputy, reason: opts.reason }, 'override'),
        send: async (client, override, request) =>
          (await import('../yearEndOperations.ts')).overrideRotation(client, { cycleId: opts.cycle, override, ...request }),
        human: () =>
          `recorded: at the hand-over ${opts.chair} becomes chair and ${opts.deputy} deputy (checked against next year's membership then)`,
        data: () => ({ cycleId: opts.cycle, chair: opts.chair, deputy: opts.deputy }),
      }),
    );
  rotation
    .command('excuse')
    .description("excuse a unit from next year's rotation with the council's consent, with a reason")
    .requiredOption('--cycle <id>', 'cycle id of this year', parseCycleId)
    .requiredOption('--by <person>', 'the secretariat member', parseCode(personId))
    .requiredOption('--unit <unit>', 'the unit excused', parseCode(unitCode))
    .requiredOption('--reason <text>', "the council's consent, e.g. its document number")
    .option('--request-id <id>', 'idempotency key')
    .action((opts) =>
      sendUpdate(json, {
        requestId: opts.requestId,
        input: () => parseInput(excuseSchema, { actor: opts.by, unit: opts.unit, reason: opts.reason }, 'excuse'),
        send: async (client, excuse, request) =>
          (await import('../yearEndOperations.ts')).excuseFromRotation(client, { cycleId: opts.cycle, excuse, ...request }),
        human: () => `recorded: ${opts.unit} is passed over in next year's rotation, with this reason`,
        data: () => ({ cycleId: opts.cycle, unit: opts.unit }),
      }),
    );

  program
    .command('unit')
    .description('the secretariat: changes to member units during the year')
    .command('merge')
    .description(
      'record that a member unit is merged into another from a date: its open tasks are closed or transferred, it leaves the rotation, next year the successor is the member',
    )
    .requiredOption('--cycle <id>', 'the running cycle the unit belongs to', parseCycleId)
    .requiredOption('--by <person>', 'the secretariat member', parseCode(personId))
    .requiredOption('--unit <unit>', 'the unit merged away', parseCode(unitCode))
    .requiredOption('--into <unit>', 'the unit it is merged into (from the master list)', parseCode(unitCode))
    .requiredOption('--on <date>', 'the date the merge takes effect, e.g. 2025-07-01 (not in the future)')
    .requiredOption(
      '--open-tasks <how>',
      "close: its open submissions are closed for it; transfer: the successor's representative submits them",
      parseChoice('--open-tasks', ['close', 'transfer'] as const),
    )
    .requiredOption('--reason <text>', 'the decision behind the merge, e.g. "Nghị quyết 1661/NQ-UBTVQH15"')
    .option('--request-id <id>', 'idempotency key')
    .action((opts) =>
      sendUpdate(json, {
        requestId: opts.requestId,
        input: () =>
          parseInput(
            mergeSchema,
            { actor: opts.by, unit: opts.unit, into: opts.into, on: opts.on, openTasks: opts.openTasks, reason: opts.reason },
            'merge',
          ),
        send: async (client, merge, request) =>
          (await import('../yearEndOperations.ts')).recordMerge(client, { cycleId: opts.cycle, merge, ...request }),
        human: (result) =>
          `recorded: ${opts.unit} merged into ${opts.into} from ${opts.on}; open tasks ${opts.openTasks === 'close' ? 'closed' : 'transferred'} in ${result.rounds.length} round(s): ${result.rounds.join(', ') || 'none'}`,
        data: (result, merge) => ({ cycleId: opts.cycle, ...merge, ...result }),
      }),
    );

  const schedule = program
    .command('schedule')
    .description(
      "the secretariat: the yearly Temporal Schedule that starts each cluster's next cycle (the conference's hand-over starts it too; either way there is one)",
    );
  const cluster = parseCode(clusterCode);
  schedule
    .command('create')
    .description('create the yearly schedule of a cluster (creating it again changes nothing and shows it)')
    .requiredOption('--cluster <code>', 'cluster code, e.g. DB-VT', cluster)
    .requiredOption('--by <person>', 'the secretariat member', parseCode(personId))
    .option('--month <1-12>', 'month it fires in, Vietnam time', parseNumber('--month', 1, 12), 1)
    .option('--day <1-28>', 'day of the month', parseNumber('--day', 1, 28), 15)
    .option('--hour <0-23>', 'hour of the day', parseNumber('--hour', 0, 23), 8)
    .action(async (opts) => {
      const config = loadClientConfig(process.env);
      const { createSchedule } = await schedules();
      const view = await createSchedule(await client(), {
        cluster: opts.cluster,
        at: { month: opts.month, day: opts.day, hour: opts.hour },
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        by: opts.by,
      });
      print(json(), view, `${scheduleText(view)}${view.created ? '' : '\n(it existed already: nothing was changed)'}`);
    });
  schedule
    .command('describe')
    .description('when the schedule fires, whether it is paused, and its recent runs')
    .requiredOption('--cluster <code>', 'cluster code', cluster)
    .action(async (opts) => {
      const { describeSchedule } = await schedules();
      const view = await describeSchedule(await client(), opts.cluster);
      print(json(), view, scheduleText(view));
    });
  for (const [name, paused] of [
    ['pause', true],
    ['unpause', false],
  ] as const) {
    schedule
      .command(name)
      .description(paused ? 'stop the schedule firing (the hand-over still starts next year)' : 'let a paused schedule fire again')
      .requiredOption('--cluster <code>', 'cluster code', cluster)
      .requiredOption('--note <text>', 'why, kept on the schedule')
      .action(async (opts) => {
        const { pauseSchedule, scheduleNoteSchema } = await schedules();
        const note = scheduleNoteSchema.safeParse(opts.note);
        if (!note.success) throw new CliError(ExitCode.usage, `--note: ${note.error.issues[0]!.message}`);
        const view = await pauseSchedule(await client(), { cluster: opts.cluster, note: opts.note, paused });
        print(json(), view, scheduleText(view));
      });
  }
  schedule
    .command('trigger')
    .description('run the schedule now: the latest year hands over and the next cycle starts if it is due (never twice)')
    .requiredOption('--cluster <code>', 'cluster code', cluster)
    .action(async (opts) => {
      const { triggerSchedule } = await schedules();
      const run = await triggerSchedule(await client(), opts.cluster);
      const r = run.result;
      const human =
        'cycleId' in r
          ? `${r.cycleId}: ${r.started ? 'started by this run' : `already running${r.startedBy ? ` (started by the ${r.startedBy})` : ''}`}; chair ${r.chair}, deputy ${r.deputy}`
          : `nothing started: ${r.reason}`;
      print(json(), run, `${run.workflowId}\n${human}`);
    });
}
