import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../client/exitCodes.ts';
import { startCycle, submitReport } from '../../client/operations.ts';
import { sampleScoreSheets, sampleSelfScore } from '../../db/referenceData.ts';
import { cycleId, roundId } from '../../domain/ids.ts';
import type { annualCycle } from '../../workflows/annualCycle.ts';
import { copySeedCluster, fastCycle, REPS, waitForPhase, waitOpen } from '../support/fixtures.ts';
import { cliChecks, scratchFolders, stackEnv, tdktWith } from '../support/cli.ts';
import { startHarness, type Harness } from '../support/harness.ts';

// The scoring and ballot commands of tdkt as the participants and the secretariat run them: a real
// process per command, its output and its exit code, over one cycle taken from the cross-scores to
// the nominations and `tdkt explain`.

const ROUND_MS = 2500;
const MEMBERS = Object.keys(REPS) as (keyof typeof REPS)[];
/** DOMAIN.md's illustrative consolidated scores, less the +2 bonus every self-score claims. */
const BASES = { TGI: 93.5, DBI: 91, DBP: 90, MAN: 88.5, MLA: 86 };
const UNKNOWN = 'cycle/NOWHERE/2018';
const REASON = 'Bổ sung minh chứng mô hình dân vận khéo';
const VETO = [
  '--source',
  'police',
  '--reference',
  'Công văn 45/CAT-PV01',
  '--description',
  'Để xảy ra vụ việc phức tạp về an ninh trật tự',
  '--by',
  'snv.ha',
];

let h: Harness;
let env: NodeJS.ProcessEnv;

const tdkt = tdktWith(() => env);
const { ok, refused } = cliChecks(tdkt);
const scratch = scratchFolders('tdkt-cli-scoring-');
const scratchDir = () => scratch.make();

beforeAll(async () => {
  h = await startHarness();
  env = stackEnv(h.taskQueue);
});
afterAll(async () => {
  await h?.close();
  scratch.removeAll();
});

/**
 * A whole year in seconds, as in test/workflows/scoring.test.ts, with more time for the steps
 * driven through tdkt: every command is a process of its own, 0.6-1 s alone on a 2-core machine
 * and 2.5-3 s when five run at once (more on a loaded machine). The cross-score round (six
 * commands, about 4 s) gets a 12 s deadline and 1 s of grace, the table is open for adjustments
 * until 18 s after the round opened, and a ballot round lasts 30 s. The ballot round closes as soon
 * as every member is in, so only the later ballot opening lengthens the run.
 */
function scoringCycle(cluster: string) {
  const input = fastCycle(cluster, ROUND_MS, 300, { reporting: true, scoring: true });
  const iso = (ms: number) => new Date(ms).toISOString();
  const scoring = input.calendar.scoring!;
  const opens = Date.parse(scoring.opensAt);
  scoring.deadline = iso(opens + 12_000);
  scoring.late = { mode: 'accept', graceUntil: iso(opens + 13_000), penaltyPoints: 0 };
  input.calendar.ballot = { ...input.calendar.ballot!, opensAt: iso(opens + 18_000), duration: 'PT30S' };
  return input;
}

// The two tests are independent: the refusals run while the year waits on its calendar.
describe.concurrent('tdkt score, veto, ballot and explain', () => {
  it(
    'takes a cycle from cross-score files through the table, a veto, an adjustment and a secret ballot to its nominations, and explains the leader',
    { timeout: 150_000 },
    async () => {
      const cluster = await copySeedCluster(h.db);
      const id = cycleId(cluster, 2018);
      const dir = scratchDir();
      const sheetFile = (name: string, content: unknown) => {
        const file = path.join(dir, `${name}.json`);
        writeFileSync(file, JSON.stringify(content));
        return file;
      };
      const sheets = (unit: keyof typeof REPS) => sampleScoreSheets(unit, MEMBERS, BASES, 0.5);
      const files = Object.fromEntries(MEMBERS.map((unit) => [unit, sheetFile(unit, sheets(unit))])) as Record<keyof typeof REPS, string>;
      const selfScoring = sheetFile('TGI-self', { sheets: { ...sheets('TGI').sheets, TGI: sheets('DBI').sheets.TGI } });
      const submitScores = (unit: keyof typeof REPS, ...extra: string[]) =>
        tdkt(...extra, 'score', 'submit', '--cycle', id, '--unit', unit, '--scorer', REPS[unit], '--file', files[unit]);
      const cast = (unit: keyof typeof REPS, ...choices: string[]) =>
        tdkt('ballot', 'cast', '--cycle', id, '--unit', unit, '--voter', REPS[unit], ...choices);

      const started = await startCycle(h.client, h.taskQueue, scoringCycle(cluster));
      expect(started.phase).not.toBe('starting');

      // While the year's reports come in (through the API, to save time): what is not open yet, and the veto input.
      await Promise.all([
        (async () => {
          await waitOpen(h.client, roundId(id, 'report-YEAR'));
          for (const unit of MEMBERS) {
            await submitReport(h.client, {
              cycleId: id,
              unit,
              period: 'YEAR',
              submitter: REPS[unit],
              content: { narrative: `Báo cáo tổng kết năm 2018 của ${unit}.`, selfScore: sampleSelfScore(BASES[unit] + 2) },
            });
          }
        })(),
        refused(ExitCode.roundNotOpen, `${id} has no consolidated table yet (phase: `, 'score', 'table', id),
        refused(
          ExitCode.notAuthorised,
          'only the cluster chair (dbi.binh, DBI) or the secretariat (snv.ha',
          'score',
          'adjust',
          '--cycle',
          id,
          '--unit',
          'MLA',
          '--points',
          '5',
          '--reason',
          'Tự đề nghị cộng điểm thi đua',
          '--by',
          REPS.MLA,
        ),
        refused(
          ExitCode.roundNotOpen,
          'the chair and the deputy decide the flag only when the ballot rounds left it undecided',
          'ballot',
          'decide',
          '--cycle',
          id,
          '--by',
          REPS.DBI,
          '--flag',
          'TGI',
        ),
        refused(ExitCode.roundNotOpen, `no ballot has opened in ${id} yet`, 'ballot', 'show', id),
        (async () => {
          expect(await ok('veto', 'record', '--cycle', id, '--unit', 'MLA', ...VETO)).toBe(
            'veto input recorded for MLA (1 in all): it may not rank first or receive the flag\n',
          );
          await refused(
            ExitCode.duplicate,
            'a veto input for MLA from police with reference Công văn 45/CAT-PV01 is already recorded',
            'veto',
            'record',
            '--cycle',
            id,
            '--unit',
            'MLA',
            ...VETO,
          );
          const notSecretariat = await tdkt('--json', 'veto', 'record', '--cycle', id, '--unit', 'TGI', ...VETO.slice(0, -1), REPS.DBI);
          expect(notSecretariat.code).toBe(ExitCode.notAuthorised);
          expect(JSON.parse(notSecretariat.stdout)).toMatchObject({ reason: 'NotAuthorised', exitCode: ExitCode.notAuthorised });
        })(),
      ]);

      // Cross-scores: a file per unit; one scoring itself is refused by the round, before the others are all in.
      await waitOpen(h.client, roundId(id, 'score'));
      const submitted = await Promise.all([
        (async () => {
          await refused(
            ExitCode.usage,
            'TGI may not score itself',
            'score',
            'submit',
            '--cycle',
            id,
            '--unit',
            'TGI',
            '--scorer',
            REPS.TGI,
            '--file',
            selfScoring,
          );
          return submitScores('TGI', '--json');
        })(),
        ...MEMBERS.filter((u) => u !== 'TGI').map((unit) => submitScores(unit)),
      ]);
      for (const result of submitted) expect(result.code, result.stderr).toBe(ExitCode.ok);
      expect(JSON.parse(submitted[0].stdout)).toMatchObject({ unit: 'TGI', actor: REPS.TGI, version: 1 });
      expect(submitted[1]!.stdout).toMatch(new RegExp(`^DBI's cross-scores of ${id} recorded at `));

      // The draft table: the chair adjusts MLA with a reason.
      await waitForPhase(h.client, id, 'consolidation');
      expect(await ok('score', 'adjust', '--cycle', id, '--unit', 'MLA', '--points', '+0.5', '--reason', REASON, '--by', REPS.DBI)).toBe(
        `MLA is now at 88.5 (rank 5) after +0.5: ${REASON}\n`,
      );
      const [text, asJson] = await Promise.all([ok('score', 'table', id), ok('--json', 'score', 'table', id)]);
      expect(text).toMatch(
        new RegExp(
          `^${id}: consolidated table \\(draft: the chair and the secretariat may adjust it until the ballot opens\\), formula TDKT-CONS-1, rubric DB-VT-2018\\.1\\n`,
        ),
      );
      expect(text).toMatch(/^#\s+UNIT\s+NAME\s+TOTAL\s+CROSS\s+BONUS\s+PENALTY\s+ADJUSTED\s+NOTES$/m);
      expect(text).toMatch(/^1\s+TGI\s+UBND huyện Tuần Giáo\s+95\.50\s+93\.5\s+\+2\s+0$/m);
      expect(text).toMatch(
        new RegExp(
          `^5\\s+MLA\\s+UBND thị xã Mường Lay\\s+88\\.50\\s+86\\s+\\+2\\s+0\\s+\\+0\\.5 \\(${REASON}\\)\\s+cannot rank first or receive the flag: veto input from police \\(Công văn 45/CAT-PV01\\)$`,
          'm',
        ),
      );
      const scoring = JSON.parse(asJson);
      expect(scoring.table.rows.map((r: { unit: string; rank: number; total: number }) => [r.unit, r.rank, r.total])).toEqual([
        ['TGI', 1, 95.5],
        ['DBI', 2, 93],
        ['DBP', 3, 92],
        ['MAN', 4, 90.5],
        ['MLA', 5, 88.5],
      ]);
      expect(scoring.table.rows[4]).toMatchObject({
        eligibleForFirst: false,
        adjustments: [{ points: 0.5, reason: REASON, by: REPS.DBI }],
      });
      expect(scoring.table.excludedScorers).toEqual([]);

      // The ballot: what is voted on; four vote; a stranger for the flag and a second ballot are refused; the last one votes.
      await waitOpen(h.client, roundId(id, 'ballot-1'));
      const [shown, shownJson] = await Promise.all([ok('ballot', 'show', id), ok('--json', 'ballot', 'show', id)]);
      expect(shown).toMatch(/^ballot round 1: open, closes /);
      expect(shown).toContain('flag (Cờ thi đua) candidates: TGI — vote with --flag <unit> or --flag abstain');
      expect(shown).toContain('certificate (Bằng khen) nominees: DBI, DBP — vote with --for/--against/--abstain <units>');
      expect(shown).toContain('voted: nobody yet; not yet: TGI, DBI, MAN, DBP, MLA');
      expect(JSON.parse(shownJson)).toMatchObject({
        number: 1,
        items: { flag: ['TGI'], certificates: ['DBI', 'DBP'] },
        phase: 'open',
        voted: [],
      });
      const votes = await Promise.all([
        cast('TGI', '--flag', 'TGI', '--for', 'DBI', 'DBP'),
        cast('DBI', '--flag', 'TGI', '--for', 'DBI', 'DBP'),
        cast('DBP', '--flag', 'TGI', '--for', 'DBI', '--against', 'DBP'),
        cast('MAN', '--flag', 'TGI', '--for', 'DBI', '--abstain', 'DBP'),
        cast('MLA', '--flag', 'MAN', '--for', 'DBI', 'DBP'),
      ]);
      for (const vote of votes.slice(0, 4)) expect(vote.code, vote.stderr).toBe(ExitCode.ok);
      expect(votes[0].stdout).toMatch(
        new RegExp(`^TGI's ballot in round 1 of ${id} was cast at .*; it is sealed and counted only with the others\\n$`),
      );
      expect(votes[4].code).toBe(ExitCode.usage);
      expect(votes[4].stderr).toContain(`ballot 1 of ${id}: the flag candidates are TGI, not MAN`);
      const [twice, waiting, during] = await Promise.all([
        tdkt('--json', 'ballot', 'cast', '--cycle', id, '--unit', 'DBI', '--voter', REPS.DBI, '--flag', 'abstain'),
        ok('ballot', 'show', id),
        ok('score', 'table', id),
      ]);
      expect(twice.code).toBe(ExitCode.duplicate);
      expect(twice.stderr).toContain('DBI already voted in ballot 1');
      expect(JSON.parse(twice.stdout)).toMatchObject({ reason: 'Duplicate', exitCode: ExitCode.duplicate });
      expect(waiting).toContain('voted: TGI, DBI, MAN, DBP; not yet: MLA');
      expect(during).toContain(`${id}: consolidated table (final), formula `);
      expect(during).toContain('ballot 1: open — flag TGI; certificates DBI, DBP');
      // A vote meant for a round that is not open is refused, naming the open one.
      await refused(
        ExitCode.roundNotOpen,
        `ballot round 2 of ${id} has not opened; round 1 is the latest (--round 1)`,
        'ballot',
        'cast',
        '--cycle',
        id,
        '--unit',
        'MLA',
        '--voter',
        REPS.MLA,
        '--round',
        '2',
        '--for',
        'DBI',
        'DBP',
      );
      const last = await cast('MLA', '--round', '1', '--for', 'DBI', 'DBP');
      expect(last.code, last.stderr).toBe(ExitCode.ok);

      const result = await h.client.workflow.getHandle<typeof annualCycle>(id).result();
      expect(result.scoring!.nominations).toEqual({ flag: 'TGI', flagDecidedBy: 'ballot', certificates: ['DBI', 'DBP'] });

      // After the ballot: the final table with the count and the nominations, and explain recomputing it from Postgres.
      const [final, explained, explainedJson, mla] = await Promise.all([
        ok('score', 'table', id),
        ok('explain', '--cycle', id, '--unit', 'TGI'),
        ok('--json', 'explain', '--cycle', id, '--unit', 'TGI'),
        ok('explain', '--cycle', id, '--unit', 'MLA'),
        refused(ExitCode.notAMember, `STP is not a member of ${id}; members: `, 'explain', '--cycle', id, '--unit', 'STP'),
        refused(
          ExitCode.roundClosed,
          `the cycle ${id} has ended (completed)`,
          'ballot',
          'decide',
          '--cycle',
          id,
          '--by',
          REPS.DBI,
          '--flag',
          'TGI',
        ),
      ]);
      expect(final).toContain(`${id}: consolidated table (final), formula `);
      expect(await ok('cycle', 'status', id)).toMatch(/^ballot round 1: closed {3}opens /m);
      expect(final).toContain('ballot 1: 5/5 cast, 0 spoiled, 3 votes needed');
      expect(final).toContain('  flag TGI: 4 for  → elected');
      expect(final).toContain('  certificate DBI: 5 for, 0 against, 0 abstained, 0 did not vote  → approved');
      expect(final).toContain('  certificate DBP: 3 for, 1 against, 1 abstained, 0 did not vote  → approved');
      expect(final).toContain('nominations: Cờ thi đua (flag): TGI; Bằng khen (certificates): DBI, DBP');

      expect(explained).toMatch(new RegExp(`^UBND huyện Tuần Giáo \\(TGI\\) in ${id}: rank 1 of 5, total 95\\.5\\n`));
      expect(explained).toContain('— the recomputation from the stored raw data matches');
      expect(explained).toMatch(/^CRITERION\s+MAX\s+DBI\s+MAN\s+DBP\s+MLA\s+MEAN$/m);
      expect(explained).toMatch(/^TOTAL\s+94\s+93\s+93\.75\s+93\.25\s+93\.5$/m);
      expect(explained).toContain('5. Eligibility: no veto input; may rank first and receive the flag');
      expect(JSON.parse(explainedJson)).toMatchObject({
        cycleId: id,
        matchesPublished: true,
        members: 5,
        published: { rank: 1, total: 95.5, final: true },
        score: { unit: 'TGI', base: 93.5, total: 95.5, rank: 1 },
      });
      expect(mla).toContain(`4. Adjustments: +0.5 by ${REPS.DBI} at `);
      expect(mla).toContain(
        '5. Eligibility: may not rank first or receive the flag: police Công văn 45/CAT-PV01 — Để xảy ra vụ việc phức tạp về an ninh trật tự (recorded by snv.ha)',
      );
      expect(mla).toContain('the recomputation from the stored raw data matches');
    },
  );

  it('refuses bad input with exit code 2, and says which cycle is unknown', { timeout: 60_000 }, async () => {
    const dir = scratchDir();
    const junk = path.join(dir, 'junk.json');
    writeFileSync(junk, 'hình bầu cua tôm cá');
    const adjust = ['score', 'adjust', '--cycle', UNKNOWN, '--unit', 'MLA', '--by', REPS.DBI];
    const cases: [string[], string][] = [
      [
        ['score', 'submit', '--cycle', UNKNOWN, '--unit', 'DBI', '--scorer', REPS.DBI, '--file', junk],
        `the score file ${junk} is not JSON`,
      ],
      [
        ['score', 'submit', '--cycle', UNKNOWN, '--unit', 'DBI', '--scorer', REPS.DBI, '--file', path.join(dir, 'missing.json')],
        'cannot read the score file',
      ],
      [[...adjust, '--points', 'abc', '--reason', REASON], 'expected points with at most 2 decimals, e.g. -1.5 or +2'],
      [[...adjust, '--points', '0', '--reason', REASON], 'points: an adjustment of 0 points changes nothing'],
      [[...adjust, '--points', '25', '--reason', REASON], 'points: an adjustment is at most 20 points either way'],
      [[...adjust, '--points', '1', '--reason', 'ngắn'], 'reason: the reason needs at least 10 characters'],
      [
        ['veto', 'record', '--cycle', UNKNOWN, '--unit', 'MLA', ...VETO.slice(0, 1), 'press', ...VETO.slice(2)],
        '--source must be one of police, inspectorate, tax, social-insurance, other',
      ],
      [
        [
          'ballot',
          'cast',
          '--cycle',
          UNKNOWN,
          '--unit',
          'TGI',
          '--voter',
          REPS.TGI,
          '--flag',
          'TGI',
          '--for',
          'DBI',
          '--against',
          'DBI',
          'DBP',
        ],
        'a nominee can have one vote only: DBI',
      ],
      [
        ['ballot', 'cast', '--cycle', UNKNOWN, '--unit', 'TGI', '--voter', REPS.TGI, '--flag', 'TGI', '--round', '3'],
        'expected the ballot round, 1 or 2, not "3"',
      ],
      [
        ['ballot', 'cast', '--cycle', UNKNOWN, '--unit', 'TGI', '--voter', REPS.TGI, '--flag', 'TGI', '--round', 'two'],
        'expected the ballot round, 1 or 2, not "two"',
      ],
    ];
    for (const [args, message] of cases) {
      const result = await tdkt(...args);
      expect(result.code, args.join(' ')).toBe(ExitCode.usage);
      expect(result.stderr, args.join(' ')).toContain(message);
    }

    // With --json, an argument the parser refuses is reported on stdout as JSON too.
    const parsedJson = await tdkt('--json', ...adjust, '--points', 'abc', '--reason', REASON);
    expect(parsedJson.code).toBe(ExitCode.usage);
    expect(JSON.parse(parsedJson.stdout)).toEqual({
      error: expect.stringContaining('expected points with at most 2 decimals'),
      reason: 'InvalidInput',
      exitCode: ExitCode.usage,
    });
    const lowerCase = await tdkt('ballot', 'cast', '--cycle', UNKNOWN, '--unit', 'TGI', '--voter', REPS.TGI, '--flag', 'tgi');
    expect(lowerCase.code).toBe(ExitCode.usage);
    expect(lowerCase.stderr).toContain('the flag vote is a candidate\'s unit code (e.g. TGI) or "abstain"');

    // A negative adjustment is parsed as points, not as an option; the cycle is then unknown.
    await refused(ExitCode.unknownCycle, `unknown cycle ${UNKNOWN}`, ...adjust, '--points', '-1.5', '--reason', REASON);
    await refused(
      ExitCode.unknownCycle,
      `unknown cycle ${UNKNOWN}: nothing is recorded for it in the database`,
      'explain',
      '--cycle',
      UNKNOWN,
      '--unit',
      'TGI',
    );
    await refused(ExitCode.unknownCycle, `unknown cycle ${UNKNOWN}`, 'ballot', 'show', UNKNOWN);
  });
});
