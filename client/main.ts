import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { compressedCalendar, cycleCalendarSchema, defaultCalendar, type CycleCalendar } from '../domain/calendar.js';
import { cycleInputSchema, defaultCampaigns } from '../domain/cycle.js';
import { personId, unitCode } from '../domain/ids.js';
import { MAX_REPORT_BYTES, REPORT_PERIODS, reportPeriodSchema, type ReportPeriod } from '../domain/report.js';
import { extensionSchema } from '../domain/round.js';
import { terminalText } from '../domain/text.js';
import { formatVietnamTime } from '../domain/time.js';
import { databaseUnreachable, loadClientConfig, workflowUiLink } from './config.js';
import { CliError, EXIT_CODE_HELP, ExitCode } from './exitCodes.js';
import { checkRequestId, issues, listOf, parseBallotRound, parseChoice, parseCode, parseCouncilId, parseCycleId, parseDocumentId, parseDuration, parseNomination, parsePoints, parseYear, print, readInputFile, readJsonFile } from './cliArgs.js';
import { describeCycle, screen, when } from './format.js';
import { adjustScore, castBallot, causeChain, connectClient, isTemporalUnreachable, temporalUnreachable, currentBallot, cycleStatus, decideFlag, extendDeadline, recordVeto, signPledge, startCycle, submitReport, submitScores } from './operations.js';
import { ballotChoicesSchema, leadersDecisionSchema } from '../domain/ballot.js';
import { adjustmentSchema, VETO_SOURCES, vetoSchema, type VetoSource } from '../domain/scoringActions.js';
import { connectDatabase } from '../db/connect.js';
import { explainUnit, formatExplanation } from './explain.js';
import { describeBallot, describeCouncil, describeScoring } from './format.js';
import { amendmentSchema, appraisalSchema, attendanceSchema, councilVoteSchema, decisionActionSchema, rescheduleSchema, type CouncilVote } from '../domain/council.js';
import { addAdminCommands } from './adminCommands.js';
import { addExportCommands } from './exportCommands.js';
import { addHistoryCommands } from './historyCommands.js';
import { addYearEndCommands } from './yearEndCommands.js';
import { amendSubmission, appraise, councilStatus, councilVeto, councilVote, decide, recordAttendance, reschedule } from './councilOperations.js';

// tdkt: the command line of the secretariat and the participants. Every command takes --json.


function readCalendar(file: string): CycleCalendar {
  const json = readJsonFile(file, 'calendar file', 100_000, 'a calendar is a few hundred bytes of JSON');
  const parsed = cycleCalendarSchema.safeParse(json);
  if (!parsed.success) throw new CliError(ExitCode.usage, `the calendar file ${file} is not a valid calendar: ${issues(parsed.error)}`, 'InvalidInput');
  return parsed.data;
}

/**
 * A report file: JSON ({ narrative, figures?, selfScore? }) or plain text / Markdown (the narrative
 * alone). Its kind is told by its extension before it is read; its content is checked by the round itself.
 */
function readReport(file: string): unknown {
  const extension = path.extname(file).toLowerCase();
  if (extension !== '.json' && extension !== '.md' && extension !== '.txt') throw new CliError(ExitCode.usage, `the report file must be .json, .md or .txt, not ${extension || 'without an extension'}`, 'InvalidInput');
  const hint = 'attach long annexes separately';
  return extension === '.json' ? readJsonFile(file, 'report file', MAX_REPORT_BYTES, hint) : { narrative: readInputFile(file, 'report file', MAX_REPORT_BYTES, hint) };
}

/** A cross-score file: JSON { sheets: { <unit>: { criteria: { A1: 9.5, … } } } }, checked by the round itself. */
function readScores(file: string): unknown {
  return readJsonFile(file, 'score file', 262_144, "a cluster's sheets are a few kilobytes");
}

export function buildProgram(): Command {
  const program = new Command('tdkt')
    .description('Thi đua – khen thưởng: run a cluster\'s yearly emulation-and-commendation cycle on Temporal.\nTalks to Temporal at $TEMPORAL_ADDRESS (default localhost:7233, the local stack of `npm run stack`).')
    .option('--json', 'print machine-readable JSON instead of text')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    // Commander's messages echo arguments as typed: escaped like every other message.
    .configureOutput({ outputError: (text, write) => write(`${terminalText(text.replace(/\n$/, ''))}\n`) })
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const json = () => Boolean(program.opts().json);

  const cycle = program.command('cycle').description('the secretariat: start a cluster\'s year and follow it');
  cycle
    .command('start')
    .description('start the annual cycle of a cluster (refused if that cluster-year was already started)')
    .requiredOption('--cluster <code>', 'cluster code from the master list, e.g. DB-VT')
    .requiredOption('--year <year>', 'the year of the cycle', parseYear)
    .addOption(new Option('--calendar <file>', 'JSON calendar (see the README): launchAt, pledge, reporting (H1 and YEAR at least), scoring, ballot, council and conference; default: the real year').conflicts('compress'))
    .addOption(new Option('--compress <duration>', 'squeeze the whole year into rounds of this length from now (ISO 8601, e.g. PT3M): pledge, reports, cross-scores, ballot, council and conference, about 13 rounds in all — for trials and demos').argParser(parseDuration))
    .action(async (opts: { cluster: string; year: number; calendar?: string; compress?: number }) => {
      const calendar = opts.calendar ? readCalendar(opts.calendar) : opts.compress ? compressedCalendar(Date.now(), opts.compress) : defaultCalendar(opts.year);
      if (!calendar.reporting) throw new CliError(ExitCode.usage, 'the calendar has no reporting periods: give at least H1 (sơ kết) and YEAR (tổng kết) under "reporting"');
      const parsed = cycleInputSchema.safeParse({ cluster: opts.cluster, year: opts.year, calendar, campaigns: defaultCampaigns(opts.year) });
      if (!parsed.success) throw new CliError(ExitCode.usage, `invalid cycle: ${issues(parsed.error)}`);
      const config = loadClientConfig(process.env);
      const client = await connectClient(config);
      const started = await startCycle(client, config.TEMPORAL_TASK_QUEUE, parsed.data);
      const link = workflowUiLink(config, started.cycleId);
      const waiting = started.phase === 'starting' ? '\na worker has taken the cycle up and is still setting it up: tdkt cycle status shows when it is ready' : '';
      print(json(), { ...started, calendar, webUi: link }, `started ${started.cycleId} (phase: ${started.phase})\npledges due ${formatVietnamTime(Date.parse(calendar.pledge.deadline))}\nTemporal Web UI: ${link}${waiting}`);
    });
  cycle
    .command('status')
    .description('phase, rounds, who has submitted, who is pending, deadlines')
    .argument('<cycle>', 'cycle id, e.g. cycle/DB-VT/2018', parseCycleId)
    .action(async (id: string) => {
      const config = loadClientConfig(process.env);
      const report = await cycleStatus(await connectClient(config), id);
      const link = workflowUiLink(config, id);
      print(json(), { ...report, webUi: link }, describeCycle(report, link));
    });

  const pledge = program.command('pledge').description('member units: the emulation pledge (giao ước thi đua)');
  pledge
    .command('sign')
    .description('sign the pledge for a unit, as its representative')
    .requiredOption('--cycle <id>', 'cycle id, e.g. cycle/DB-VT/2018', parseCycleId)
    .requiredOption('--unit <code>', 'the unit signing, e.g. DBI')
    .requiredOption('--signer <person>', "the unit's representative (person id), e.g. dbi.binh")
    .option('--request-id <id>', 'idempotency key: repeating a call with the same id does not sign twice')
    .action(async (opts: { cycle: string; unit: string; signer: string; requestId?: string }) => {
      checkRequestId(opts.requestId);
      const config = loadClientConfig(process.env);
      const receipt = await signPledge(await connectClient(config), { cycleId: opts.cycle, unit: opts.unit, signer: opts.signer, ...(opts.requestId ? { requestId: opts.requestId } : {}) });
      print(json(), receipt, `${receipt.unit} signed the pledge of ${opts.cycle} at ${formatVietnamTime(receipt.at)}${receipt.late ? ' (late: after the deadline)' : ''}`);
    });
  const report = program.command('report').description('member units: periodic reports and the year-end report with its self-score');
  report
    .command('submit')
    .description('submit (or re-submit before the deadline) a unit\'s report for a period; after the deadline the late policy applies')
    .requiredOption('--cycle <id>', 'cycle id, e.g. cycle/DB-VT/2018', parseCycleId)
    .requiredOption('--unit <code>', 'the unit reporting, e.g. DBI')
    .requiredOption('--period <period>', `the period: ${Object.entries(REPORT_PERIODS).map(([p, t]) => `${p} (${t})`).join(', ')}`, parseChoice('--period', reportPeriodSchema.options))
    .requiredOption('--submitter <person>', "the unit's representative (person id), e.g. dbi.binh")
    .requiredOption('--file <file>', `the report: .json { narrative, figures?, selfScore? } or .md/.txt (narrative only); at most ${MAX_REPORT_BYTES.toLocaleString('en')} bytes`)
    .option('--request-id <id>', 'idempotency key: repeating a call with the same id does not submit twice')
    .action(async (opts: { cycle: string; unit: string; period: ReportPeriod; submitter: string; file: string; requestId?: string }) => {
      checkRequestId(opts.requestId);
      const content = readReport(opts.file);
      const config = loadClientConfig(process.env);
      const receipt = await submitReport(await connectClient(config), { cycleId: opts.cycle, unit: opts.unit, period: opts.period, submitter: opts.submitter, content, ...(opts.requestId ? { requestId: opts.requestId } : {}) });
      const notes = [receipt.version > 1 ? `version ${receipt.version}, replacing the earlier one (kept)` : '', receipt.late ? `LATE: after the deadline${receipt.penalty ? `, ${receipt.penalty} point(s) off` : ''}` : '', receipt.totals ? `self-score total ${receipt.totals.total}` : ''].filter(Boolean);
      print(json(), receipt, `${receipt.unit} submitted its ${opts.period} report of ${opts.cycle} at ${formatVietnamTime(receipt.at)}${notes.length ? ` (${notes.join('; ')})` : ''}`);
    });

  const roundCommand = program.command('round').description('the secretariat: manage a round of a cycle');
  roundCommand
    .command('extend')
    .description('move the deadline of a round for some units or all, with a reason; reminders move with it')
    .requiredOption('--cycle <id>', 'cycle id, e.g. cycle/DB-VT/2018', parseCycleId)
    .requiredOption('--round <round>', 'pledge, or a report period: Q1, H1, Q3, YEAR', parseChoice('--round', ['pledge', ...reportPeriodSchema.options] as const))
    .option('--unit <code...>', 'the units whose deadline moves (repeat or list them)')
    .option('--all', 'move the deadline of every unit')
    .requiredOption('--until <date-time>', 'the new deadline, ISO 8601 with a zone, e.g. 2018-07-20T17:00:00+07:00')
    .requiredOption('--reason <text>', 'why: kept, audited and mailed to the units')
    .requiredOption('--by <person>', 'the secretariat member granting it, e.g. snv.ha', parseCode(personId))
    .option('--request-id <id>', 'idempotency key: repeating a call with the same id does not extend twice')
    .action(async (opts: { cycle: string; round: string; unit?: string[]; all?: boolean; until: string; reason: string; by: string; requestId?: string }) => {
      checkRequestId(opts.requestId);
      if (Boolean(opts.all) === Boolean(opts.unit?.length)) throw new CliError(ExitCode.usage, 'give either --all or --unit <code...>');
      const parsed = extensionSchema.safeParse({ actor: opts.by, units: opts.all ? 'all' : opts.unit, until: opts.until, reason: opts.reason });
      if (!parsed.success) throw new CliError(ExitCode.usage, `invalid extension: ${issues(parsed.error)}`);
      const config = loadClientConfig(process.env);
      const roundKind = opts.round === 'pledge' ? 'pledge' : `report-${opts.round}`;
      const result = await extendDeadline(await connectClient(config), { cycleId: opts.cycle, round: roundKind, extension: parsed.data, ...(opts.requestId ? { requestId: opts.requestId } : {}) });
      print(json(), result, `the ${opts.round} deadline of ${opts.cycle} for ${result.units.join(', ')} is now ${formatVietnamTime(Date.parse(result.until))}`);
    });
  const score = program.command('score').description('cross-scoring (chấm chéo), the consolidated table, adjustments');
  score
    .command('submit')
    .description("submit (or re-submit before the deadline) a unit's cross-scores of every other member; never of itself")
    .requiredOption('--cycle <id>', 'cycle id, e.g. cycle/DB-VT/2018', parseCycleId)
    .requiredOption('--unit <code>', 'the unit scoring, e.g. DBI')
    .requiredOption('--scorer <person>', "the unit's representative (person id), e.g. dbi.binh")
    .requiredOption('--file <file>', 'JSON { "sheets": { "<unit>": { "criteria": { "A1": 9.5, … } }, … } }: every criterion of the rubric, for every other member')
    .option('--request-id <id>', 'idempotency key: repeating a call with the same id does not submit twice')
    .action(async (opts: { cycle: string; unit: string; scorer: string; file: string; requestId?: string }) => {
      checkRequestId(opts.requestId);
      const content = readScores(opts.file);
      const config = loadClientConfig(process.env);
      const receipt = await submitScores(await connectClient(config), { cycleId: opts.cycle, unit: opts.unit, scorer: opts.scorer, content, ...(opts.requestId ? { requestId: opts.requestId } : {}) });
      print(json(), receipt, `${receipt.unit}'s cross-scores of ${opts.cycle} recorded at ${formatVietnamTime(receipt.at)}${receipt.version > 1 ? ` (version ${receipt.version}, replacing the earlier one, which is kept)` : ''}${receipt.late ? ' (late)' : ''}`);
    });
  score
    .command('table')
    .description('the consolidated table (draft until the ballot opens, then final), the ballots and the nominations')
    .argument('<cycle>', 'cycle id, e.g. cycle/DB-VT/2018', parseCycleId)
    .action(async (id: string) => {
      const config = loadClientConfig(process.env);
      const report = await cycleStatus(await connectClient(config), id);
      if (!report.cycle.scoring?.table) throw new CliError(ExitCode.roundNotOpen, `${id} has no consolidated table yet (phase: ${report.cycle.phase}); it is made when the cross-score round closes`, 'RoundNotOpen');
      print(json(), report.cycle.scoring, describeScoring(report));
    });
  score
    .command('adjust')
    .description("the chair or the secretariat: adjust a unit's consolidated score, with a written reason (until the ballot opens)")
    .requiredOption('--cycle <id>', 'cycle id, e.g. cycle/DB-VT/2018', parseCycleId)
    .requiredOption('--unit <code>', 'the unit whose score changes')
    .requiredOption('--points <points>', 'points to add (+) or take away (-), at most 2 decimals, e.g. -1.5', parsePoints)
    .requiredOption('--reason <text>', 'why (at least 10 characters): kept, audited, mailed to the unit and shown with the score')
    .requiredOption('--by <person>', "the chair's representative or a secretariat member", parseCode(personId))
    .option('--request-id <id>', 'idempotency key: repeating a call with the same id does not adjust twice')
    .action(async (opts: { cycle: string; unit: string; points: number; reason: string; by: string; requestId?: string }) => {
      checkRequestId(opts.requestId);
      const parsed = adjustmentSchema.safeParse({ actor: opts.by, unit: opts.unit, points: opts.points, reason: opts.reason });
      if (!parsed.success) throw new CliError(ExitCode.usage, `invalid adjustment: ${issues(parsed.error)}`);
      const config = loadClientConfig(process.env);
      const row = await adjustScore(await connectClient(config), { cycleId: opts.cycle, adjustment: parsed.data, ...(opts.requestId ? { requestId: opts.requestId } : {}) });
      print(json(), row, `${row.unit} is now at ${row.total} (rank ${row.rank}) after ${opts.points > 0 ? '+' : ''}${opts.points}: ${parsed.data.reason}`);
    });

  program
    .command('veto')
    .description('the secretariat: veto inputs (violations reported by other agencies)')
    .command('record')
    .description('record a violation for a unit before the ballot: it may then not rank first or receive the flag')
    .requiredOption('--cycle <id>', 'cycle id, e.g. cycle/DB-VT/2018', parseCycleId)
    .requiredOption('--unit <code>', 'the unit concerned')
    .requiredOption('--source <source>', `who reported it: ${Object.keys(VETO_SOURCES).join(', ')}`, parseChoice('--source', Object.keys(VETO_SOURCES) as VetoSource[]))
    .requiredOption('--reference <text>', 'the document reporting it, e.g. "Công văn 45/CAT-PV01"')
    .requiredOption('--description <text>', 'what the violation is')
    .requiredOption('--by <person>', 'the secretariat member recording it', parseCode(personId))
    .option('--request-id <id>', 'idempotency key')
    .action(async (opts: { cycle: string; unit: string; source: VetoSource; reference: string; description: string; by: string; requestId?: string }) => {
      checkRequestId(opts.requestId);
      const parsed = vetoSchema.safeParse({ actor: opts.by, unit: opts.unit, source: opts.source, reference: opts.reference, description: opts.description });
      if (!parsed.success) throw new CliError(ExitCode.usage, `invalid veto input: ${issues(parsed.error)}`);
      const config = loadClientConfig(process.env);
      const result = await recordVeto(await connectClient(config), { cycleId: opts.cycle, veto: parsed.data, ...(opts.requestId ? { requestId: opts.requestId } : {}) });
      print(json(), result, `veto input recorded for ${result.unit} (${result.vetoes} in all): it may not rank first or receive the flag`);
    });

  const ballot = program.command('ballot').description('members: the secret cluster ballot (bình xét, suy tôn); the chair and deputy: the flag decision');
  ballot
    .command('show')
    .description('what the open ballot round votes on, and who has voted (never how)')
    .argument('<cycle>', 'cycle id, e.g. cycle/DB-VT/2018', parseCycleId)
    .action(async (id: string) => {
      const config = loadClientConfig(process.env);
      const open = await currentBallot(await connectClient(config), id);
      print(json(), { number: open.ballot.number, items: open.ballot.items, phase: open.phase, deadline: open.deadline, voted: open.units.filter((u) => u.submittedAt).map((u) => u.unit) }, describeBallot(open));
    });
  ballot
    .command('cast')
    .description('cast a unit\'s secret ballot: it is sealed on this machine; only the count opens it')
    .requiredOption('--cycle <id>', 'cycle id, e.g. cycle/DB-VT/2018', parseCycleId)
    .requiredOption('--unit <code>', 'the unit voting')
    .requiredOption('--voter <person>', "the unit's representative", parseCode(personId))
    .option('--flag <unit>', 'the flag candidate you vote for, or "abstain" (omitted: abstain)')
    .option('--for <units...>', 'certificate nominees you vote for')
    .option('--against <units...>', 'certificate nominees you vote against')
    .option('--abstain <units...>', 'certificate nominees you abstain on (omitted nominees: abstain)')
    .option('--round <n>', 'the ballot round you vote in (needed for round 2; refused unless it is the open round)', parseBallotRound)
    .option('--request-id <id>', 'idempotency key: repeating a call with the same id does not vote twice')
    .action(async (opts: { cycle: string; unit: string; voter: string; flag?: string; for?: string[]; against?: string[]; abstain?: string[]; round?: number; requestId?: string }) => {
      checkRequestId(opts.requestId);
      const votes = [...(opts.for ?? []).map((u) => [u, 'for']), ...(opts.against ?? []).map((u) => [u, 'against']), ...(opts.abstain ?? []).map((u) => [u, 'abstain'])];
      const twice = votes.map(([u]) => u).filter((u, i, all) => all.indexOf(u) !== i);
      if (twice.length) throw new CliError(ExitCode.usage, `a nominee can have one vote only: ${[...new Set(twice)].join(', ')}`);
      const parsed = ballotChoicesSchema.safeParse({ ...(opts.flag ? { flag: opts.flag } : {}), certificates: Object.fromEntries(votes) });
      if (!parsed.success) throw new CliError(ExitCode.usage, `invalid ballot: ${issues(parsed.error)}`);
      const config = loadClientConfig(process.env);
      const receipt = await castBallot(await connectClient(config), { cycleId: opts.cycle, unit: opts.unit, voter: opts.voter, choices: parsed.data, ...(opts.round ? { round: opts.round } : {}), ...(opts.requestId ? { requestId: opts.requestId } : {}) });
      print(json(), receipt, `${receipt.unit}'s ballot in round ${receipt.ballot} of ${opts.cycle} was cast at ${formatVietnamTime(receipt.at)}; it is sealed and counted only with the others`);
    });
  ballot
    .command('decide')
    .description('the chair or the deputy: name the flag nominee the ballot left open (settled when both name the same)')
    .requiredOption('--cycle <id>', 'cycle id, e.g. cycle/DB-VT/2018', parseCycleId)
    .requiredOption('--by <person>', "the chair's or the deputy's representative", parseCode(personId))
    .requiredOption('--flag <unit>', 'the candidate, or "none" to propose no flag')
    .option('--request-id <id>', 'idempotency key')
    .action(async (opts: { cycle: string; by: string; flag: string; requestId?: string }) => {
      checkRequestId(opts.requestId);
      const parsed = leadersDecisionSchema.safeParse({ actor: opts.by, flag: opts.flag });
      if (!parsed.success) throw new CliError(ExitCode.usage, `invalid decision: ${issues(parsed.error)}`);
      const config = loadClientConfig(process.env);
      const result = await decideFlag(await connectClient(config), { cycleId: opts.cycle, decision: parsed.data, ...(opts.requestId ? { requestId: opts.requestId } : {}) });
      print(json(), result, result.agreed ? `the chair and the deputy agree: flag nominee ${result.flag}` : `${opts.by} chose ${opts.flag}; waiting for the other to agree`);
    });

  program
    .command('explain')
    .description("how a unit's consolidated score and rank were computed, recomputed from the stored raw data (reads $DATABASE_URL)")
    .requiredOption('--cycle <id>', 'cycle id, e.g. cycle/DB-VT/2018', parseCycleId)
    .requiredOption('--unit <code>', 'the unit, e.g. TGI', parseCode(unitCode))
    .action(async (opts: { cycle: string; unit: string }) => {
      const config = loadClientConfig(process.env);
      const db = connectDatabase(config.DATABASE_URL, { poolSize: 1 });
      try {
        const explanation = await explainUnit(db, opts.cycle, opts.unit).catch((error: unknown) => {
          if (error instanceof CliError) throw error;
          throw databaseUnreachable(error);
        });
        const rubric = await db.selectFrom('cycle').innerJoin('rubric', (j) => j.onRef('rubric.cluster_code', '=', 'cycle.cluster_code').onRef('rubric.year', '=', 'cycle.year')).select('rubric.definition').where('cycle.id', '=', opts.cycle).executeTakeFirstOrThrow();
        const titles = new Map((rubric.definition as { groups: { criteria: { code: string; title: string; max: number }[] }[] }).groups.flatMap((g) => g.criteria.map((c) => [c.code, { title: c.title, max: c.max }] as const)));
        print(json(), explanation, formatExplanation(explanation, titles));
      } finally {
        await db.destroy();
      }
    });
  const council = program.command('council').description('the provincial council (Hội đồng Thi đua – Khen thưởng tỉnh): the secretariat\'s appraisal, attendance, the members\' ballot');
  council
    .command('status')
    .description('phase, expected and missing clusters, each nomination with its appraisal, sessions with quorum, who has voted (never how), the counts and the decision')
    .argument('<council>', 'council id, e.g. council/DIEN-BIEN/2018', parseCouncilId)
    .action(async (id: string) => {
      const config = loadClientConfig(process.env);
      const status = await councilStatus(await connectClient(config), id);
      const link = workflowUiLink(config, id);
      print(json(), { ...status, webUi: link }, `${describeCouncil(status)}\n\nTemporal Web UI: ${link}`);
    });
  council
    .command('appraise')
    .description('the secretariat: appraise (thẩm định) a nomination — accept it for the council\'s ballot, or return it to its cluster for revision with a reason')
    .requiredOption('--council <id>', 'council id, e.g. council/DIEN-BIEN/2018', parseCouncilId)
    .requiredOption('--nomination <id>', 'the nomination, CLUSTER:award:UNIT with award flag (Cờ thi đua) or certificate (Bằng khen), e.g. DB-VT:flag:TGI', parseNomination)
    .addOption(new Option('--accept', 'the nomination goes to the council\'s ballot').conflicts('return'))
    .addOption(new Option('--return', 'send the nomination back to its cluster (trả lại hồ sơ); needs --reason').conflicts('accept'))
    .option('--reason <text>', 'why it is returned (at least 10 characters): mailed to the cluster chair')
    .requiredOption('--by <person>', 'the secretariat member appraising, e.g. snv.ha', parseCode(personId))
    .option('--request-id <id>', 'idempotency key: repeating a call with the same id does not appraise twice')
    .action(async (opts: { council: string; nomination: string; accept?: boolean; return?: boolean; reason?: string; by: string; requestId?: string }) => {
      checkRequestId(opts.requestId);
      if (Boolean(opts.accept) === Boolean(opts.return)) throw new CliError(ExitCode.usage, 'give either --accept or --return --reason <text>');
      if (opts.accept && opts.reason !== undefined) throw new CliError(ExitCode.usage, '--reason goes with --return only');
      const parsed = appraisalSchema.safeParse({ actor: opts.by, nomination: opts.nomination, verdict: opts.accept ? 'accept' : 'return', ...(opts.reason !== undefined ? { reason: opts.reason } : {}) });
      if (!parsed.success) throw new CliError(ExitCode.usage, `invalid appraisal: ${issues(parsed.error)}`);
      const config = loadClientConfig(process.env);
      const verdict = await appraise(await connectClient(config), { councilId: opts.council, appraisal: parsed.data, ...(opts.requestId ? { requestId: opts.requestId } : {}) });
      const human = verdict.status === 'accepted' ? `${opts.nomination} accepted for the council's ballot by ${verdict.by}` : verdict.status === 'returned' ? `${opts.nomination} returned to its cluster by ${verdict.by}: ${verdict.reason}` : `${opts.nomination}: ${verdict.status}`;
      print(json(), { nomination: opts.nomination, ...verdict }, human);
    });
  council
    .command('veto')
    .description('the secretariat: record a violation reported late by another agency; the unit\'s nominations leave the council\'s ballot')
    .requiredOption('--council <id>', 'council id, e.g. council/DIEN-BIEN/2018', parseCouncilId)
    .requiredOption('--unit <code>', 'the unit concerned, e.g. TGI', parseCode(unitCode))
    .requiredOption('--source <source>', `who reported it: ${Object.entries(VETO_SOURCES).map(([k, v]) => `${k} (${v})`).join(', ')}`, parseChoice('--source', Object.keys(VETO_SOURCES) as VetoSource[]))
    .requiredOption('--reference <text>', 'the document reporting it, e.g. "Công văn 45/CAT-PV01"')
    .requiredOption('--description <text>', 'what the violation is')
    .requiredOption('--by <person>', 'the secretariat member recording it', parseCode(personId))
    .option('--request-id <id>', 'idempotency key')
    .action(async (opts: { council: string; unit: string; source: VetoSource; reference: string; description: string; by: string; requestId?: string }) => {
      checkRequestId(opts.requestId);
      const parsed = vetoSchema.safeParse({ actor: opts.by, unit: opts.unit, source: opts.source, reference: opts.reference, description: opts.description });
      if (!parsed.success) throw new CliError(ExitCode.usage, `invalid veto input: ${issues(parsed.error)}`);
      const config = loadClientConfig(process.env);
      const result = await councilVeto(await connectClient(config), { councilId: opts.council, veto: parsed.data, ...(opts.requestId ? { requestId: opts.requestId } : {}) });
      print(json(), result, `veto input recorded for ${result.unit}: ${result.affected.length ? `${result.affected.join(', ')} leave the council's ballot` : 'it has no nomination before the council'}`);
    });
  council
    .command('attendance')
    .description('the secretariat: record who is present at the session (điểm danh) and check the quorum; the council votes once it is met')
    .requiredOption('--council <id>', 'council id, e.g. council/DIEN-BIEN/2018', parseCouncilId)
    .requiredOption('--present <people...>', 'the council members present (person ids)', listOf(parseCode(personId)))
    .requiredOption('--by <person>', 'the secretariat member recording it', parseCode(personId))
    .option('--request-id <id>', 'idempotency key')
    .action(async (opts: { council: string; present: string[]; by: string; requestId?: string }) => {
      checkRequestId(opts.requestId);
      const twice = opts.present.filter((p, i, all) => all.indexOf(p) !== i);
      if (twice.length) throw new CliError(ExitCode.usage, `a member is present once: ${[...new Set(twice)].join(', ')}`);
      const parsed = attendanceSchema.safeParse({ actor: opts.by, present: opts.present });
      if (!parsed.success) throw new CliError(ExitCode.usage, `invalid attendance: ${issues(parsed.error)}`);
      const config = loadClientConfig(process.env);
      const check = await recordAttendance(await connectClient(config), { councilId: opts.council, attendance: parsed.data, ...(opts.requestId ? { requestId: opts.requestId } : {}) });
      print(json(), check, check.ok ? `quorum ok: ${check.present} of ${check.members} members present (${check.needed} needed); the council may vote (tdkt council vote)` : `quorum NOT met: ${check.reason ?? `${check.present} of ${check.members} present, ${check.needed} needed`}; reschedule the session (tdkt council reschedule)`);
    });
  council
    .command('reschedule')
    .description('the secretariat: set a new session date (after a session without quorum, or a returned decision)')
    .requiredOption('--council <id>', 'council id, e.g. council/DIEN-BIEN/2018', parseCouncilId)
    .requiredOption('--at <date-time>', 'when the council meets, ISO 8601 with a zone, e.g. 2018-12-20T08:00:00+07:00')
    .requiredOption('--by <person>', 'the secretariat member', parseCode(personId))
    .option('--request-id <id>', 'idempotency key')
    .action(async (opts: { council: string; at: string; by: string; requestId?: string }) => {
      checkRequestId(opts.requestId);
      const parsed = rescheduleSchema.safeParse({ actor: opts.by, at: opts.at });
      if (!parsed.success) throw new CliError(ExitCode.usage, `invalid reschedule: ${issues(parsed.error)}`);
      const config = loadClientConfig(process.env);
      const session = await reschedule(await connectClient(config), { councilId: opts.council, reschedule: parsed.data, ...(opts.requestId ? { requestId: opts.requestId } : {}) });
      print(json(), session, `session ${session.number} of ${opts.council} is set for ${when(session.at)}`);
    });
  council
    .command('vote')
    .description('a council member: vote on the accepted nominations, in session or in writing when absent (phiếu bằng văn bản); nominations left out count as not-for')
    .requiredOption('--council <id>', 'council id, e.g. council/DIEN-BIEN/2018', parseCouncilId)
    .requiredOption('--member <person>', 'the member voting (person id)', parseCode(personId))
    .option('--approve <nominations...>', 'nominations you approve, e.g. DB-VT:flag:TGI', listOf(parseNomination))
    .option('--reject <nominations...>', 'nominations you reject', listOf(parseNomination))
    .option('--abstain <nominations...>', 'nominations you abstain on', listOf(parseNomination))
    .option('--written', 'a written vote of an absent member')
    .option('--request-id <id>', 'idempotency key: repeating a call with the same id does not vote twice')
    .action(async (opts: { council: string; member: string; approve?: string[]; reject?: string[]; abstain?: string[]; written?: boolean; requestId?: string }) => {
      checkRequestId(opts.requestId);
      const votes: [string, CouncilVote][] = [...(opts.approve ?? []).map((n) => [n, 'approve'] as [string, CouncilVote]), ...(opts.reject ?? []).map((n) => [n, 'reject'] as [string, CouncilVote]), ...(opts.abstain ?? []).map((n) => [n, 'abstain'] as [string, CouncilVote])];
      const twice = votes.map(([n]) => n).filter((n, i, all) => all.indexOf(n) !== i);
      if (twice.length) throw new CliError(ExitCode.usage, `a nomination can have one vote only: ${[...new Set(twice)].join(', ')}`);
      if (!votes.length) throw new CliError(ExitCode.usage, 'give at least one of --approve, --reject or --abstain <nominations...>');
      const parsed = councilVoteSchema.safeParse({ actor: opts.member, votes: Object.fromEntries(votes), written: Boolean(opts.written) });
      if (!parsed.success) throw new CliError(ExitCode.usage, `invalid vote: ${issues(parsed.error)}`);
      const config = loadClientConfig(process.env);
      const receipt = await councilVote(await connectClient(config), { councilId: opts.council, ballot: parsed.data, ...(opts.requestId ? { requestId: opts.requestId } : {}) });
      print(json(), receipt, `${receipt.member}'s ${receipt.written ? 'written ' : ''}vote on ${votes.length} nomination(s) of ${opts.council} is recorded`);
    });

  const decision = program.command('decision').description("the council's chair (Chủ tịch UBND tỉnh): the decision (quyết định khen thưởng) on the council's counts");
  const DECISION_HELP = {
    approve: 'approve the counts: the decision gets its number (…/QĐ-UBND), the awards their amounts, the clusters are told',
    return: 'return the counts to the council for a new session (needs --reason)',
    revoke: 'revoke an approved decision within the complaint window, wholly or for --nomination <ids...> (thu hồi; needs --reason)',
  } as const;
  for (const action of ['approve', 'return', 'revoke'] as const) {
    const command = decision
      .command(action)
      .description(DECISION_HELP[action])
      .requiredOption('--council <id>', 'council id, e.g. council/DIEN-BIEN/2018', parseCouncilId)
      .requiredOption('--by <person>', "the chair's person id", parseCode(personId))
      .option('--reason <text>', action === 'approve' ? 'an optional note' : 'why (at least 10 characters): kept, audited and mailed');
    if (action === 'revoke') command.option('--nomination <ids...>', 'revoke these nominations only, e.g. DB-VT:certificate:DBP (default: the whole decision)', listOf(parseNomination));
    command.option('--request-id <id>', 'idempotency key').action(async (opts: { council: string; by: string; reason?: string; nomination?: string[]; requestId?: string }) => {
      checkRequestId(opts.requestId);
      const parsed = decisionActionSchema.safeParse({ actor: opts.by, action, ...(opts.reason !== undefined ? { reason: opts.reason } : {}), ...(opts.nomination?.length ? { nominations: opts.nomination } : {}) });
      if (!parsed.success) throw new CliError(ExitCode.usage, `invalid decision: ${issues(parsed.error)}`);
      const config = loadClientConfig(process.env);
      const result = await decide(await connectClient(config), { councilId: opts.council, action: parsed.data, ...(opts.requestId ? { requestId: opts.requestId } : {}) });
      const human = screen([
        `decision on ${opts.council}: ${result.status}${result.number ? ` ${result.number}` : ''}${result.date ? ` of ${result.date}` : ''}`,
        ...(result.reason ? [`reason: ${result.reason}`] : []),
        ...(result.revoked?.length ? [`revoked: ${result.revoked.join(', ')}`] : []),
        ...(action === 'revoke' && result.revocations?.length ? [`revocation decision (quyết định thu hồi): ${result.revocations.at(-1)!.number}`] : []),
        ...(result.complaintsUntil ? [`complaints until ${when(result.complaintsUntil)}`] : []),
      ]);
      print(json(), result, human);
    });
  }

  program
    .command('submission')
    .description("the cluster chair: the cluster's submission to the council (tờ trình)")
    .command('amend')
    .description('amend a submission the council returned, with a note, withdrawing units if need be; it goes back as a new version')
    .requiredOption('--cycle <id>', 'cycle id, e.g. cycle/DB-VT/2018', parseCycleId)
    .requiredOption('--by <person>', "the cluster chair's representative", parseCode(personId))
    .requiredOption('--note <text>', 'what changed (at least 10 characters): printed in the new tờ trình')
    .option('--withdraw <units...>', 'units whose nominations are withdrawn', listOf(parseCode(unitCode)))
    .option('--request-id <id>', 'idempotency key: repeating a call with the same id does not amend twice')
    .action(async (opts: { cycle: string; by: string; note: string; withdraw?: string[]; requestId?: string }) => {
      checkRequestId(opts.requestId);
      const parsed = amendmentSchema.safeParse({ actor: opts.by, note: opts.note, withdraw: opts.withdraw ?? [] });
      if (!parsed.success) throw new CliError(ExitCode.usage, `invalid amendment: ${issues(parsed.error)}`);
      const config = loadClientConfig(process.env);
      const result = await amendSubmission(await connectClient(config), { cycleId: opts.cycle, amendment: parsed.data, ...(opts.requestId ? { requestId: opts.requestId } : {}) });
      print(json(), result, `the submission of ${opts.cycle} was amended: version ${result.version} goes to the council${parsed.data.withdraw.length ? ` without ${parsed.data.withdraw.join(', ')}` : ''}`);
    });

  program
    .command('document')
    .description('the printable documents: tờ trình (submission), biên bản (minutes), quyết định (decision)')
    .command('get')
    .description('print a stored document as HTML, or write it to a file (reads $DATABASE_URL)')
    .argument('<document>', 'document id, e.g. cycle/DB-VT/2018/to-trinh-v1 or council/DIEN-BIEN/2018/quyet-dinh', parseDocumentId)
    .option('--out <file>', 'write the HTML to this file instead of stdout')
    .action(async (id: string, opts: { out?: string }) => {
      const config = loadClientConfig(process.env);
      const db = connectDatabase(config.DATABASE_URL, { poolSize: 1 });
      try {
        const document = await db
          .selectFrom('document')
          .select(['id', 'kind', 'title', 'html', 'cycle_id', 'council_id', 'created_at'])
          .where('id', '=', id)
          .executeTakeFirst()
          .catch((error: unknown) => {
            throw databaseUnreachable(error);
          });
        if (!document) throw new CliError(ExitCode.unknownCycle, `unknown document ${id}: no such document (documents are made when a cluster submits, a session counts, or the chair decides)`);
        const meta = { id: document.id, kind: document.kind, title: document.title, cycleId: document.cycle_id, councilId: document.council_id, createdAt: document.created_at.toISOString() };
        if (opts.out) {
          try {
            writeFileSync(opts.out, document.html, 'utf8');
          } catch (error) {
            throw new CliError(ExitCode.usage, `cannot write ${opts.out}: ${(error as Error).message}`);
          }
          print(json(), { ...meta, out: opts.out, bytes: Buffer.byteLength(document.html) }, `${document.kind} "${document.title}" written to ${opts.out}`);
        } else if (json()) {
          print(true, { ...meta, html: document.html }, '');
        } else {
          process.stdout.write(document.html);
        }
      } finally {
        await db.destroy();
      }
    });
  addYearEndCommands(program, json);
  addAdminCommands(program, json);
  addExportCommands(program, json);
  addHistoryCommands(program, json);
  return program;
}


/**
 * Any error as the CLI reports it: a CliError as it is, Temporal failing to answer as exit code 11,
 * anything else as an unexpected error — each one line, so a script and a person read it alike.
 */
function reported(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (isTemporalUnreachable(error)) {
    let config;
    try {
      config = loadClientConfig(process.env);
    } catch {
      config = { TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS ?? '', TEMPORAL_NAMESPACE: process.env.TEMPORAL_NAMESPACE ?? '' };
    }
    return temporalUnreachable(config, error);
  }
  return new CliError(ExitCode.failure, `unexpected error: ${causeChain(error)}`, 'Unexpected');
}

const EXIT_NAMES = Object.fromEntries(Object.entries(ExitCode).map(([name, code]) => [code, name])) as Record<number, string>;

async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  const asJson = argv.includes('--json');
  try {
    await program.parseAsync(argv);
    return ExitCode.ok;
  } catch (caught) {
    if (caught instanceof CommanderError) {
      // Help and version are "errors" to commander; they already printed what they had to (usage
      // errors on stderr), and a script reading --json output gets the error there too.
      if (caught.exitCode === 0) return ExitCode.ok;
      if (asJson) process.stdout.write(`${JSON.stringify({ error: caught.message.replace(/^error: /, ''), reason: 'InvalidInput', exitCode: ExitCode.usage })}\n`);
      return ExitCode.usage;
    }
    const error = reported(caught);
    if (asJson) process.stdout.write(`${JSON.stringify({ error: error.message, reason: error.reason ?? EXIT_NAMES[error.exitCode], exitCode: error.exitCode })}\n`);
    // A message may echo what was typed or stored: escaped, it stays one line and sends nothing raw to the terminal.
    process.stderr.write(`tdkt: ${terminalText(error.message)}\n`);
    return error.exitCode;
  }
}

process.exitCode = await main(process.argv);
// The Temporal connection keeps the event loop alive; the command is done.
process.exit();
