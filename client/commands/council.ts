import { Option, type CommandUnknownOpts } from '@commander-js/extra-typings';
import {
  amendmentSchema,
  appraisalSchema,
  attendanceSchema,
  councilVoteSchema,
  decisionActionSchema,
  rescheduleSchema,
  type CouncilVote,
} from '../../domain/council.ts';
import { personId, unitCode } from '../../domain/ids.ts';
import { VETO_SOURCES, vetoSchema, type VetoSource } from '../../domain/scoringActions.ts';
import { listOf, parseChoice, parseCode, parseCouncilId, parseCycleId, parseNomination, print } from '../cliArgs.ts';
import { loadClientConfig, workflowUiLink } from '../config.ts';
import { CliError, ExitCode } from '../exitCodes.ts';
import { describeCouncil, screen, when } from '../format.ts';
import { parseInput, sendUpdate, type Json } from './run.ts';

// The provincial council (`council`): the secretariat's appraisal, late vetoes, attendance and
// sessions, the members' votes; its chair's decision (`decision`); and the cluster chair's amended
// submission after a return (`submission amend`).

const DECISION_HELP = {
  approve: 'approve the counts: the decision gets its number (…/QĐ-UBND), the awards their amounts, the clusters are told',
  return: 'return the counts to the council for a new session (needs --reason)',
  revoke: 'revoke an approved decision within the complaint window, wholly or for --nomination <ids...> (thu hồi; needs --reason)',
} as const;

export function addCouncilCommands(program: CommandUnknownOpts, json: Json): void {
  const council = program
    .command('council')
    .description(
      "the provincial council (Hội đồng Thi đua – Khen thưởng tỉnh): the secretariat's appraisal, attendance, the members' ballot",
    );
  council
    .command('status')
    .description(
      'phase, expected and missing clusters, each nomination with its appraisal, sessions with quorum, who has voted (never how), the counts and the decision',
    )
    .argument('<council>', 'council id, e.g. council/DIEN-BIEN/2018', parseCouncilId)
    .action(async (id) => {
      const config = loadClientConfig(process.env);
      const [{ connectClient }, { councilStatus }] = await Promise.all([import('../operations.ts'), import('../councilOperations.ts')]);
      const status = await councilStatus(await connectClient(config), id);
      const link = workflowUiLink(config, id);
      print(json(), { ...status, webUi: link }, `${describeCouncil(status)}\n\nTemporal Web UI: ${link}`);
    });
  council
    .command('appraise')
    .description(
      "the secretariat: appraise (thẩm định) a nomination — accept it for the council's ballot, or return it to its cluster for revision with a reason",
    )
    .requiredOption('--council <id>', 'council id, e.g. council/DIEN-BIEN/2018', parseCouncilId)
    .requiredOption(
      '--nomination <id>',
      'the nomination, CLUSTER:award:UNIT with award flag (Cờ thi đua) or certificate (Bằng khen), e.g. DB-VT:flag:TGI',
      parseNomination,
    )
    .addOption(new Option('--accept', "the nomination goes to the council's ballot").conflicts('return'))
    .addOption(new Option('--return', 'send the nomination back to its cluster (trả lại hồ sơ); needs --reason').conflicts('accept'))
    .option('--reason <text>', 'why it is returned (at least 10 characters): mailed to the cluster chair')
    .requiredOption('--by <person>', 'the secretariat member appraising, e.g. snv.ha', parseCode(personId))
    .option('--request-id <id>', 'idempotency key: repeating a call with the same id does not appraise twice')
    .action((opts) =>
      sendUpdate(json, {
        requestId: opts.requestId,
        input: () => {
          if (Boolean(opts.accept) === Boolean(opts.return))
            throw new CliError(ExitCode.usage, 'give either --accept or --return --reason <text>');
          if (opts.accept && opts.reason !== undefined) throw new CliError(ExitCode.usage, '--reason goes with --return only');
          return parseInput(
            appraisalSchema,
            {
              actor: opts.by,
              nomination: opts.nomination,
              verdict: opts.accept ? 'accept' : 'return',
              ...(opts.reason !== undefined ? { reason: opts.reason } : {}),
            },
            'appraisal',
          );
        },
        send: async (client, appraisal, request) =>
          (await import('../councilOperations.ts')).appraise(client, { councilId: opts.council, appraisal, ...request }),
        human: (verdict) =>
          verdict.status === 'accepted'
            ? `${opts.nomination} accepted for the council's ballot by ${verdict.by}`
            : verdict.status === 'returned'
              ? `${opts.nomination} returned to its cluster by ${verdict.by}: ${verdict.reason}`
              : `${opts.nomination}: ${verdict.status}`,
        data: (verdict) => ({ nomination: opts.nomination, ...verdict }),
      }),
    );
  council
    .command('veto')
    .description("the secretariat: record a violation reported late by another agency; the unit's nominations leave the council's ballot")
    .requiredOption('--council <id>', 'council id, e.g. council/DIEN-BIEN/2018', parseCouncilId)
    .requiredOption('--unit <code>', 'the unit concerned, e.g. TGI', parseCode(unitCode))
    .requiredOption(
      '--source <source>',
      `who reported it: ${Object.entries(VETO_SOURCES)
        .map(([k, v]) => `${k} (${v})`)
        .join(', ')}`,
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
          (await import('../councilOperations.ts')).councilVeto(client, { councilId: opts.council, veto, ...request }),
        human: (result) =>
          `veto input recorded for ${result.unit}: ${result.affected.length ? `${result.affected.join(', ')} leave the council's ballot` : 'it has no nomination before the council'}`,
      }),
    );
  council
    .command('attendance')
    .description('the secretariat: record who is present at the session (điểm danh) and check the quorum; the council votes once it is met')
    .requiredOption('--council <id>', 'council id, e.g. council/DIEN-BIEN/2018', parseCouncilId)
    .requiredOption('--present <people...>', 'the council members present (person ids)', listOf(parseCode(personId)))
    .requiredOption('--by <person>', 'the secretariat member recording it', parseCode(personId))
    .option('--request-id <id>', 'idempotency key')
    .action((opts) =>
      sendUpdate(json, {
        requestId: opts.requestId,
        input: () => {
          const twice = opts.present.filter((p, i, all) => all.indexOf(p) !== i);
          if (twice.length) throw new CliError(ExitCode.usage, `a member is present once: ${[...new Set(twice)].join(', ')}`);
          return parseInput(attendanceSchema, { actor: opts.by, present: opts.present }, 'attendance');
        },
        send: async (client, attendance, request) =>
          (await import('../councilOperations.ts')).recordAttendance(client, { councilId: opts.council, attendance, ...request }),
        human: (check) =>
          check.ok
            ? `quorum ok: ${check.present} of ${check.members} members present (${check.needed} needed); the council may vote (tdkt council vote)`
            : `quorum NOT met: ${check.reason ?? `${check.present} of ${check.members} present, ${check.needed} needed`}; reschedule the session (tdkt council reschedule)`,
      }),
    );
  council
    .command('reschedule')
    .description('the secretariat: set a new session date (after a session without quorum, or a returned decision)')
    .requiredOption('--council <id>', 'council id, e.g. council/DIEN-BIEN/2018', parseCouncilId)
    .requiredOption('--at <date-time>', 'when the council meets, ISO 8601 with a zone, e.g. 2018-12-20T08:00:00+07:00')
    .requiredOption('--by <person>', 'the secretariat member', parseCode(personId))
    .option('--request-id <id>', 'idempotency key')
    .action((opts) =>
      sendUpdate(json, {
        requestId: opts.requestId,
        input: () => parseInput(rescheduleSchema, { actor: opts.by, at: opts.at }, 'reschedule'),
        send: async (client, schedule, request) =>
          (await import('../councilOperations.ts')).reschedule(client, { councilId: opts.council, reschedule: schedule, ...request }),
        human: (session) => `session ${session.number} of ${opts.council} is set for ${when(session.at)}`,
      }),
    );
  council
    .command('vote')
    .description(
      'a council member: vote on the accepted nominations, in session or in writing when absent (phiếu bằng văn bản); nominations left out count as not-for',
    )
    .requiredOption('--council <id>', 'council id, e.g. council/DIEN-BIEN/2018', parseCouncilId)
    .requiredOption('--member <person>', 'the member voting (person id)', parseCode(personId))
    .option('--approve <nominations...>', 'nominations you approve, e.g. DB-VT:flag:TGI', listOf(parseNomination))
    .option('--reject <nominations...>', 'nominations you reject', listOf(parseNomination))
    .option('--abstain <nominations...>', 'nominations you abstain on', listOf(parseNomination))
    .option('--written', 'a written vote of an absent member')
    .option('--request-id <id>', 'idempotency key: repeating a call with the same id does not vote twice')
    .action((opts) => {
      const votes: [string, CouncilVote][] = [
        ...(opts.approve ?? []).map((n) => [n, 'approve'] as [string, CouncilVote]),
        ...(opts.reject ?? []).map((n) => [n, 'reject'] as [string, CouncilVote]),
        ...(opts.abstain ?? []).map((n) => [n, 'abstain'] as [string, CouncilVote]),
      ];
      return sendUpdate(json, {
        requestId: opts.requestId,
        input: () => {
          const twice = votes.map(([n]) => n).filter((n, i, all) => all.indexOf(n) !== i);
          if (twice.length) throw new CliError(ExitCode.usage, `a nomination can have one vote only: ${[...new Set(twice)].join(', ')}`);
          if (!votes.length) throw new CliError(ExitCode.usage, 'give at least one of --approve, --reject or --abstain <nominations...>');
          return parseInput(
            councilVoteSchema,
            { actor: opts.member, votes: Object.fromEntries(votes), written: Boolean(opts.written) },
            'vote',
          );
        },
        send: async (client, ballot, request) =>
          (await import('../councilOperations.ts')).councilVote(client, { councilId: opts.council, ballot, ...request }),
        human: (receipt) =>
          `${receipt.member}'s ${receipt.written ? 'written ' : ''}vote on ${votes.length} nomination(s) of ${opts.council} is recorded`,
      });
    });

  const decision = program
    .command('decision')
    .description("the council's chair (Chủ tịch UBND tỉnh): the decision (quyết định khen thưởng) on the council's counts");
  for (const action of ['approve', 'return', 'revoke'] as const) {
    const command = decision
      .command(action)
      .description(DECISION_HELP[action])
      .requiredOption('--council <id>', 'council id, e.g. council/DIEN-BIEN/2018', parseCouncilId)
      .requiredOption('--by <person>', "the chair's person id", parseCode(personId))
      .option('--reason <text>', action === 'approve' ? 'an optional note' : 'why (at least 10 characters): kept, audited and mailed');
    if (action === 'revoke')
      command.option(
        '--nomination <ids...>',
        'revoke these nominations only, e.g. DB-VT:certificate:DBP (default: the whole decision)',
        listOf(parseNomination),
      );
    command
      .option('--request-id <id>', 'idempotency key')
      .action((opts: { council: string; by: string; reason?: string | undefined; nomination?: string[]; requestId?: string | undefined }) =>
        sendUpdate(json, {
          requestId: opts.requestId,
          input: () =>
            parseInput(
              decisionActionSchema,
              {
                actor: opts.by,
                action,
                ...(opts.reason !== undefined ? { reason: opts.reason } : {}),
                ...(opts.nomination?.length ? { nominations: opts.nomination } : {}),
              },
              'decision',
            ),
          send: async (client, decisionAction, request) =>
            (await import('../councilOperations.ts')).decide(client, { councilId: opts.council, action: decisionAction, ...request }),
          human: (result) =>
            screen([
              `decision on ${opts.council}: ${result.status}${result.number ? ` ${result.number}` : ''}${result.date ? ` of ${result.date}` : ''}`,
              ...(result.reason ? [`reason: ${result.reason}`] : []),
              ...(result.revoked?.length ? [`revoked: ${result.revoked.join(', ')}`] : []),
              ...(action === 'revoke' && result.revocations?.length
                ? [`revocation decision (quyết định thu hồi): ${result.revocations.at(-1)!.number}`]
                : []),
              ...(result.complaintsUntil ? [`complaints until ${when(result.complaintsUntil)}`] : []),
            ]),
        }),
      );
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
    .action((opts) =>
      sendUpdate(json, {
        requestId: opts.requestId,
        input: () => parseInput(amendmentSchema, { actor: opts.by, note: opts.note, withdraw: opts.withdraw ?? [] }, 'amendment'),
        send: async (client, amendment, request) =>
          (await import('../councilOperations.ts')).amendSubmission(client, { cycleId: opts.cycle, amendment, ...request }),
        human: (result, amendment) =>
          `the submission of ${opts.cycle} was amended: version ${result.version} goes to the council${amendment.withdraw.length ? ` without ${amendment.withdraw.join(', ')}` : ''}`,
      }),
    );
}
