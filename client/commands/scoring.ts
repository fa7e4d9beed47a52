import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { ballotChoicesSchema, leadersDecisionSchema } from '../../domain/ballot.ts';
import { personId, unitCode } from '../../domain/ids.ts';
import { adjustmentSchema, VETO_SOURCES, vetoSchema, type VetoSource } from '../../domain/scoringActions.ts';
import { parseBallotRound, parseChoice, parseCode, parseCycleId, parsePoints, print, readJsonFile } from '../cliArgs.ts';
import { shownTime } from '../cliLang.ts';
import { databaseUnreachable, loadClientConfig } from '../config.ts';
import { CliError, ExitCode } from '../exitCodes.ts';
import { describeBallot, describeScoring } from '../format.ts';
import { parseInput, sendUpdate, withDatabase, type Json } from './run.ts';

// Cross-scoring and the consolidated table (`score`), the secretariat's veto inputs (`veto`), the
// secret cluster ballot and the flag decision (`ballot`), and how a score was computed (`explain`).

/** A cross-score file: JSON { sheets: { <unit>: { criteria: { A1: 9.5, … } } } }, checked by the round itself. */
function readScores(file: string): unknown {
  return readJsonFile(file, 'score file', 262_144, "a cluster's sheets are a few kilobytes");
}

export function addScoringCommands(program: CommandUnknownOpts, json: Json): void {
  const score = program.command('score').description('cross-scoring (chấm chéo), the consolidated table, adjustments');
  score
    .command('submit')
    .description("submit (or re-submit before the deadline) a unit's cross-scores of every other member; never of itself")
    .requiredOption('--cycle <id>', 'cycle id, e.g. cycle/DB-VT/2018', parseCycleId)
    .requiredOption('--unit <code>', 'the unit scoring, e.g. DBI')
    .requiredOption('--scorer <person>', "the unit's representative (person id), e.g. dbi.binh")
    .requiredOption(
      '--file <file>',
      'JSON { "sheets": { "<unit>": { "criteria": { "A1": 9.5, … } }, … } }: every criterion of the rubric, for every other member',
    )
    .option('--request-id <id>', 'idempotency key: repeating a call with the same id does not submit twice')
    .action((opts) =>
      sendUpdate(json, {
        requestId: opts.requestId,
        input: () => readScores(opts.file),
        send: async (client, content, request) =>
          (await import('../operations.ts')).submitScores(client, {
            cycleId: opts.cycle,
            unit: opts.unit,
            scorer: opts.scorer,
            content,
            channel: 'cli',
            ...request,
          }),
        human: (receipt) =>
          `${receipt.unit}'s cross-scores of ${opts.cycle} recorded at ${shownTime(receipt.at)}${receipt.version > 1 ? ` (version ${receipt.version}, replacing the earlier one, which is kept)` : ''}${receipt.late ? ' (late)' : ''}`,
      }),
    );
  score
    .command('table')
    .description('the consolidated table (draft until the ballot opens, then final), the ballots and the nominations')
    .argument('<cycle>', 'cycle id, e.g. cycle/DB-VT/2018', parseCycleId)
    .action(async (id) => {
      const config = loadClientConfig(process.env);
      const { connectClient, cycleStatus } = await import('../operations.ts');
      const report = await cycleStatus(await connectClient(config), id);
      if (!report.cycle.scoring?.table)
        throw new CliError(
          ExitCode.roundNotOpen,
          `${id} has no consolidated table yet (phase: ${report.cycle.phase}); it is made when the cross-score round closes`,
          'RoundNotOpen',
        );
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
    .action((opts) =>
      sendUpdate(json, {
        requestId: opts.requestId,
        input: () =>
          parseInput(adjustmentSchema, { actor: opts.by, unit: opts.unit, points: opts.points, reason: opts.reason }, 'adjustment'),
        send: async (client, adjustment, request) =>
          (await import('../operations.ts')).adjustScore(client, { cycleId: opts.cycle, adjustment, ...request }),
        human: (row, adjustment) =>
          `${row.unit} is now at ${row.total} (rank ${row.rank}) after ${opts.points > 0 ? '+' : ''}${opts.points}: ${adjustment.reason}`,
      }),
    );

  program
    .command('veto')
    .description('the secretariat: veto inputs (violations reported by other agencies)')
    .command('record')
    .description('record a violation for a unit before the ballot: it may then not rank first or receive the flag')
    .requiredOption('--cycle <id>', 'cycle id, e.g. cycle/DB-VT/2018', parseCycleId)
    .requiredOption('--unit <code>', 'the unit concerned')
    .requiredOption(
      '--source <source>',
      `who reported it: ${Object.keys(VETO_SOURCES).join(', ')}`,
      parseChoice('--source', Object.keys(VETO_SOURCES) as VetoSource[]),
    )
    .requiredOption('--reference <text>', 'the document reporting it, e.g. "Công văn 45/CAT-PV01"')
    .requiredOption('--description <text>', 'what the violation is')
    .requiredOption('--by <person>', 'the secretariat member recording it', parseCode(personId))
    .option('--request-id <id>', 'idempotency key')
    .action((opts) =>
      sendUpdate(json, {
        requestId: opts.requestId,
        input: () =>
          parseInput(
            vetoSchema,
            { actor: opts.by, unit: opts.unit, source: opts.source, reference: opts.reference, description: opts.description },
            'veto input',
          ),
        send: async (client, veto, request) =>
          (await import('../operations.ts')).recordVeto(client, { cycleId: opts.cycle, veto, ...request }),
        human: (result) => `veto input recorded for ${result.unit} (${result.vetoes} in all): it may not rank first or receive the flag`,
      }),
    );

  const ballot = program
    .command('ballot')
    .description('members: the secret cluster ballot (bình xét, suy tôn); the chair and deputy: the flag decision');
  ballot
    .command('show')
    .description('what the open ballot round votes on, and who has voted (never how)')
    .argument('<cycle>', 'cycle id, e.g. cycle/DB-VT/2018', parseCycleId)
    .action(async (id) => {
      const config = loadClientConfig(process.env);
      const { connectClient, currentBallot } = await import('../operations.ts');
      const open = await currentBallot(await connectClient(config), id);
      print(
        json(),
        {
          number: open.ballot.number,
          items: open.ballot.items,
          phase: open.phase,
          deadline: open.deadline,
          voted: open.units.filter((u) => u.submittedAt).map((u) => u.unit),
        },
        describeBallot(open),
      );
    });
  ballot
    .command('cast')
    .description("cast a unit's secret ballot: it is sealed on this machine; only the count opens it")
    .requiredOption('--cycle <id>', 'cycle id, e.g. cycle/DB-VT/2018', parseCycleId)
    .requiredOption('--unit <code>', 'the unit voting')
    .requiredOption('--voter <person>', "the unit's representative", parseCode(personId))
    .option('--flag <unit>', 'the flag candidate you vote for, or "abstain" (omitted: abstain)')
    .option('--for <units...>', 'certificate nominees you vote for')
    .option('--against <units...>', 'certificate nominees you vote against')
    .option('--abstain <units...>', 'certificate nominees you abstain on (omitted nominees: abstain)')
    .option('--round <n>', 'the ballot round you vote in (needed for round 2; refused unless it is the open round)', parseBallotRound)
    .option('--request-id <id>', 'idempotency key: repeating a call with the same id does not vote twice')
    .action((opts) =>
      sendUpdate(json, {
        requestId: opts.requestId,
        input: () => {
          const votes = [
            ...(opts.for ?? []).map((u) => [u, 'for']),
            ...(opts.against ?? []).map((u) => [u, 'against']),
            ...(opts.abstain ?? []).map((u) => [u, 'abstain']),
          ] as [string, string][];
          const twice = votes.map(([u]) => u).filter((u, i, all) => all.indexOf(u) !== i);
          if (twice.length) throw new CliError(ExitCode.usage, `a nominee can have one vote only: ${[...new Set(twice)].join(', ')}`);
          return parseInput(
            ballotChoicesSchema,
            { ...(opts.flag ? { flag: opts.flag } : {}), certificates: Object.fromEntries(votes) },
            'ballot',
          );
        },
        send: async (client, choices, request) =>
          (await import('../operations.ts')).castBallot(client, {
            cycleId: opts.cycle,
            unit: opts.unit,
            voter: opts.voter,
            choices,
            channel: 'cli',
            ...(opts.round ? { round: opts.round } : {}),
            ...request,
          }),
        human: (receipt) =>
          `${receipt.unit}'s ballot in round ${receipt.ballot} of ${opts.cycle} was cast at ${shownTime(receipt.at)}; it is sealed and counted only with the others`,
      }),
    );
  ballot
    .command('decide')
    .description('the chair or the deputy: name the flag nominee the ballot left open (settled when both name the same)')
    .requiredOption('--cycle <id>', 'cycle id, e.g. cycle/DB-VT/2018', parseCycleId)
    .requiredOption('--by <person>', "the chair's or the deputy's representative", parseCode(personId))
    .requiredOption('--flag <unit>', 'the candidate, or "none" to propose no flag')
    .option('--request-id <id>', 'idempotency key')
    .action((opts) =>
      sendUpdate(json, {
        requestId: opts.requestId,
        input: () => parseInput(leadersDecisionSchema, { actor: opts.by, flag: opts.flag }, 'decision'),
        send: async (client, decision, request) =>
          (await import('../operations.ts')).decideFlag(client, { cycleId: opts.cycle, decision, ...request }),
        human: (result) =>
          result.agreed
            ? `the chair and the deputy agree: flag nominee ${result.flag}`
            : `${opts.by} chose ${opts.flag}; waiting for the other to agree`,
      }),
    );

  program
    .command('explain')
    .description("how a unit's consolidated score and rank were computed, recomputed from the stored raw data (reads $DATABASE_URL)")
    .requiredOption('--cycle <id>', 'cycle id, e.g. cycle/DB-VT/2018', parseCycleId)
    .requiredOption('--unit <code>', 'the unit, e.g. TGI', parseCode(unitCode))
    .action((opts) =>
      withDatabase(async (db) => {
        const { explainUnit, formatExplanation } = await import('../explain.ts');
        const { rubricTitles } = await import('../../db/queries/rubrics.ts');
        const explanation = await explainUnit(db, opts.cycle, opts.unit).catch((error: unknown) => {
          if (error instanceof CliError) throw error;
          throw databaseUnreachable(error);
        });
        print(json(), explanation, formatExplanation(explanation, await rubricTitles(db, opts.cycle)));
      }),
    );
}
