import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { PHASES } from '../../domain/cycle.ts';
import { clusterCode, personId, unitCode } from '../../domain/ids.ts';
import { parseChoice, parseCode, parseCycleId, parseYear, print } from '../cliArgs.ts';
import { databaseUnreachable, loadClientConfig, workflowUiLink } from '../config.ts';
import { CliError, ExitCode } from '../exitCodes.ts';
import { table, when } from '../format.ts';
import { withDatabase, type Json } from './run.ts';

// The administrators' questions: `tdkt cycle list` (what is running, in which phase), `tdkt
// pending` (what is waiting for whom) and `tdkt audit` (who changed what, and why).

/** `--status` as the command spells it, and as Temporal's visibility names it. */
const EXECUTION_STATUSES = {
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  terminated: 'Terminated',
  cancelled: 'Canceled',
  'timed-out': 'TimedOut',
  'continued-as-new': 'ContinuedAsNew',
} as const;
type ExecutionStatusName = keyof typeof EXECUTION_STATUSES;

export function addAdminCommands(program: CommandUnknownOpts, json: Json): void {
  const cycle = program.commands.find((c) => c.name() === 'cycle')!;
  cycle
    .command('list')
    .description('the cycles Temporal knows, newest first, from its visibility (search attributes cluster, year, phase)')
    .option('--year <year>', 'only this year', parseYear)
    .option('--cluster <code>', 'only this cluster', parseCode(clusterCode))
    .option(
      '--phase <phase>',
      `only cycles in this phase: ${Object.values(PHASES).join(', ')}`,
      parseChoice('--phase', Object.values(PHASES)),
    )
    .option(
      '--status <status>',
      `only cycles whose workflow is ${Object.keys(EXECUTION_STATUSES).join(', ')}`,
      parseChoice('--status', Object.keys(EXECUTION_STATUSES) as ExecutionStatusName[]),
    )
    .action(async (opts) => {
      const config = loadClientConfig(process.env);
      const [{ connectClient }, { listCycles, NOT_PICKED_UP }] = await Promise.all([
        import('../operations.ts'),
        import('../adminOperations.ts'),
      ]);
      const cycles = await listCycles(await connectClient(config), {
        ...opts,
        status: opts.status ? EXECUTION_STATUSES[opts.status] : undefined,
      });
      const human = cycles.length
        ? `${table(
            ['CYCLE', 'PHASE', 'WORKFLOW', 'STARTED (UTC+7)', 'CLOSED'],
            cycles.map((c) => [
              c.cycleId,
              c.notPickedUp ? `${NOT_PICKED_UP} (task queue ${c.notPickedUp.taskQueue})` : (c.phase ?? ''),
              c.status,
              when(c.startTime),
              when(c.closeTime),
            ]),
          )}\n${cycles.length} cycle(s)`
        : 'no cycle matches';
      print(
        json(),
        cycles.map((c) => ({ ...c, webUi: workflowUiLink(config, c.cycleId) })),
        human,
      );
    });

  program
    .command('pending')
    .description(
      'every open task across the running workflows — a round submission, a vote, an appraisal, a decision — with who must act and by when, soonest first',
    )
    .option('--person <id>', 'only what this person must do', parseCode(personId))
    .option('--unit <code>', "only this unit's tasks", parseCode(unitCode))
    .option('--cluster <code>', "only this cluster's rounds and cycle (leaves the province's council out)", parseCode(clusterCode))
    .action(async (opts) => {
      const config = loadClientConfig(process.env);
      const [{ connectClient }, { pendingTasks }] = await Promise.all([import('../operations.ts'), import('../adminOperations.ts')]);
      const tasks = await pendingTasks(await connectClient(config), opts);
      const human = tasks.length
        ? `${table(
            ['DUE (UTC+7)', 'WHO', 'TASK', 'UNIT', 'WORKFLOW'],
            tasks.map((t) => [when(t.due) || '—', t.who, t.task, t.unit ?? '', t.workflowId]),
          )}\n${tasks.length} open task(s); do them with: ${[...new Set(tasks.map((t) => t.command.split(' --')[0]))].join(', ')}`
        : 'nothing is waiting for anyone';
      print(json(), tasks, human);
    });

  program
    .command('audit')
    .description(
      'the audit log of a cycle: who did what and why — adjustments, extensions, vetoes, rotation overrides, merges… (reads $DATABASE_URL)',
    )
    .requiredOption('--cycle <id>', 'cycle id, e.g. cycle/DB-VT/2018', parseCycleId)
    .option('--unit <code>', 'only events about this unit', parseCode(unitCode))
    .option('--action <prefix>', 'only these actions, e.g. score.adjusted, round.extended, rotation, unit.merged')
    .action(async (opts) => {
      if (opts.action !== undefined && !/^[a-z][a-z.-]{0,40}$/.test(opts.action))
        throw new CliError(ExitCode.usage, '--action: an action name or its beginning, e.g. score.adjusted or rotation');
      await withDatabase(async (db) => {
        const [{ findAuditEvents }, { isCycleRecorded }] = await Promise.all([
          import('../../db/queries/audit.ts'),
          import('../../db/queries/cycleContext.ts'),
        ]);
        const rows = await findAuditEvents(db, { cycleId: opts.cycle, actionPrefix: opts.action }).catch((error: unknown) => {
          throw databaseUnreachable(error);
        });
        if (rows.length === 0 && !(await isCycleRecorded(db, opts.cycle))) {
          throw new CliError(ExitCode.unknownCycle, `unknown cycle ${opts.cycle}: nothing is recorded for it in the database`);
        }
        // A unit is named as the event's subject, or in its details (`unit`, or among `units`).
        const about = (e: (typeof rows)[number]) => {
          const d = e.details as { unit?: string; units?: string[] };
          return !opts.unit || e.subject === opts.unit || d.unit === opts.unit || (Array.isArray(d.units) && d.units.includes(opts.unit));
        };
        const events = rows.filter(about).map((e) => ({
          at: e.occurred_at.toISOString(),
          actor: e.actor,
          action: e.action,
          subject: e.subject,
          details: e.details as Record<string, unknown>,
        }));
        const why = (d: Record<string, unknown>) => {
          const text = d.reason ?? d.description ?? d.note;
          return typeof text === 'string' ? text : '';
        };
        const human = events.length
          ? `${table(
              ['WHEN (UTC+7)', 'WHO', 'ACTION', 'SUBJECT', 'WHY'],
              events.map((e) => [when(e.at), e.actor, e.action, e.subject, why(e.details).slice(0, 80)]),
            )}\n${events.length} event(s); --json for every detail`
          : 'no audit event matches';
        print(json(), events, human);
      });
    });
}
