import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../client/exitCodes.ts';
import { SECTIONS } from '../../client/export.ts';
import { copyClusterWithOwnUnits } from '../support/fixtures.ts';
import { cliChecks, scratchFolders, stackEnv, tdktWith } from '../support/cli.ts';
import { startHarness, type Harness } from '../support/harness.ts';

// `tdkt export` as the secretariat runs it: a real process reading the test Postgres. The year is
// written straight into the tables (no workflow runs): every kind of record once, with the traps
// an export must not fall into — a narrative and a quarantined fragment that must stay in the
// database, sealed envelopes and counted choices that must never be read, a reason with a comma
// and quotes, and a giấy khen whose text is a spreadsheet formula.

const NARRATIVE = 'NARRATIVE-MUST-NOT-LEAK: sáu tháng đầu năm 2018 huyện đã hoàn thành';
const SPAM = 'bau-cua-tom-ca.example';
const ENVELOPE = 'SEALED-ENVELOPE-MUST-NOT-LEAK';
const CHOICE = 'CHOICE-MUST-NOT-LEAK';
const ADJUSTMENT_REASON = 'Báo cáo "chậm", thiếu số liệu quý II';
const FORMULA = '=HYPERLINK("http://evil.example","Bấm vào")';
const MERGE_REASON = 'Nghị quyết 1661/NQ-UBTVQH15 sắp xếp đơn vị hành chính';

let h: Harness;
let env: NodeJS.ProcessEnv;
let cluster: string;
let unit: (seed: string) => string;

const tdkt = tdktWith(() => env);
const { ok, refused } = cliChecks(tdkt);
const scratch = scratchFolders('tdkt-export-');

/** One year of a cluster, written as the activities would have left it. Units of its own: a merge is a fact about a unit. */
async function recordYear(): Promise<void> {
  const own = await copyClusterWithOwnUnits(h.db);
  cluster = own.cluster;
  unit = own.unit;
  const { rep } = own;
  const c = `cycle/${cluster}/2018`;
  const at = (text: string) => new Date(`2018-${text}+07:00`);
  await h.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('cycle')
      .values({
        id: c,
        cluster_code: cluster,
        year: 2018,
        phase: 'handed-over',
        calendar: '{}',
        chair_unit: unit('DBI'),
        deputy_unit: unit('MAN'),
        started_at: at('01-15T08:00:00'),
        updated_at: at('12-20T08:00:00'),
      })
      .execute();
    const round = (name: string, kind: string, opens: string, deadline: string) => ({
      id: `${c}/${name}`,
      cycle_id: c,
      kind,
      opens_at: at(opens),
      deadline: at(deadline),
      closes_at: at(deadline),
      opened_at: at(opens),
      closed_at: at(deadline),
      missing_units: null,
    });
    await tx
      .insertInto('round')
      .values([
        round('pledge', 'pledge', '02-01T08:00:00', '02-28T17:00:00'),
        round('report-H1', 'report', '06-15T08:00:00', '07-15T17:00:00'),
        round('score', 'score', '11-01T08:00:00', '11-30T17:00:00'),
      ])
      .execute();
    await tx
      .insertInto('pledge')
      .values([
        {
          cycle_id: c,
          unit_code: unit('DBI'),
          round_id: `${c}/pledge`,
          signer_id: rep('DBI'),
          signed_at: at('02-10T09:00:00'),
          late: false,
        },
        {
          cycle_id: c,
          unit_code: unit('DBP'),
          round_id: `${c}/pledge`,
          signer_id: rep('DBP'),
          signed_at: at('03-02T09:00:00'),
          late: true,
        },
      ])
      .execute();
    const report = {
      cycle_id: c,
      unit_code: unit('TGI'),
      period: 'H1',
      round_id: `${c}/report-H1`,
      submitted_by: rep('TGI'),
      late: false,
      late_penalty: 0,
      figures: '{}',
      self_score: null,
      rubric_version: null,
    };
    await tx
      .insertInto('report')
      .values([
        {
          ...report,
          version: 1,
          submitted_at: at('07-01T10:00:00'),
          narrative_raw: `${NARRATIVE} xem ${SPAM}`,
          narrative: `${NARRATIVE} xem ${SPAM}`,
          score_total: null,
          quarantined: true,
        },
        {
          ...report,
          version: 2,
          submitted_at: at('07-02T10:00:00'),
          narrative_raw: NARRATIVE,
          narrative: NARRATIVE,
          score_total: 92.5,
          quarantined: false,
        },
      ])
      .execute();
    await tx
      .insertInto('round_extension')
      .values({
        round_id: `${c}/report-H1`,
        unit_code: unit('MLA'),
        granted_at: at('07-10T08:00:00'),
        until: at('07-20T17:00:00'),
        reason: 'Lũ quét tại xã Mường Pồn',
        granted_by: 'snv.ha',
      })
      .execute();
    await tx
      .insertInto('cross_score')
      .values({
        cycle_id: c,
        scorer_unit: unit('DBI'),
        target_unit: unit('TGI'),
        version: 1,
        round_id: `${c}/score`,
        submitted_by: rep('DBI'),
        submitted_at: at('11-20T10:00:00'),
        late: false,
        criteria: JSON.stringify({ A1: 9.5, A2: 19 }),
        total: 90.5,
        rubric_version: 'DB-VT-2018.1',
      })
      .execute();
    const detail = (base: number, bonus: number, penalty: number, adjustment: number) =>
      JSON.stringify({
        base,
        bonus: { items: [], sum: bonus, cap: 5, applied: bonus },
        penalties: { items: [], sum: penalty, cap: 5, applied: penalty },
        adjustmentSum: adjustment,
      });
    const scored = {
      cycle_id: c,
      formula_version: 'mean-v1',
      rubric_version: 'DB-VT-2018.1',
      final: true,
      computed_at: at('12-01T08:00:00'),
    };
    await tx
      .insertInto('score_consolidation')
      .values([
        { ...scored, unit_code: unit('TGI'), rank: 1, total: 95.25, eligible_for_first: true, detail: detail(93.5, 2, 0.25, 0) },
        { ...scored, unit_code: unit('DBI'), rank: 2, total: 88, eligible_for_first: true, detail: detail(89.5, 0, 0, -1.5) },
      ])
      .execute();
    await tx
      .insertInto('score_adjustment')
      .values({
        cycle_id: c,
        unit_code: unit('DBI'),
        adjusted_at: at('11-25T15:00:00'),
        points: -1.5,
        reason: ADJUSTMENT_REASON,
        adjusted_by: 'snv.ha',
      })
      .execute();
    await tx
      .insertInto('veto')
      .values({
        cycle_id: c,
        unit_code: unit('MLA'),
        source: 'tax',
        reference: '123/QĐ-CCT',
        description: 'Nợ thuế quá hạn',
        recorded_by: 'snv.ha',
        recorded_at: at('11-26T09:00:00'),
      })
      .execute();

    // The ballot as the count leaves it: voters, envelopes and shuffled choices stay in their tables.
    const ballot = `${c}/ballot-1`;
    await tx
      .insertInto('ballot_box')
      .values({
        ballot_id: ballot,
        cycle_id: c,
        number: 1,
        public_key: 'PUBLIC-KEY',
        private_key: null,
        opened_at: at('12-05T08:00:00'),
        counted_at: at('12-06T17:00:00'),
      })
      .execute();
    await tx
      .insertInto('ballot_voter')
      .values({ ballot_id: ballot, unit_code: unit('DBI'), voter_id: rep('DBI'), voted_at: at('12-05T09:00:00') })
      .execute();
    await tx.insertInto('ballot_envelope').values({ ballot_id: ballot, digest: 'DIGEST', sealed: ENVELOPE }).execute();
    await tx
      .insertInto('ballot_choice')
      .values({ ballot_id: ballot, position: 0, choices: JSON.stringify({ flag: unit('TGI'), certificates: {}, marker: CHOICE }) })
      .execute();
    const tally = {
      members: 5,
      needed: 3,
      cast: 5,
      spoiled: 0,
      flag: [
        { unit: unit('TGI'), votes: 4 },
        { unit: unit('DBI'), votes: 1 },
      ],
      flagNotFor: 0,
      certificates: [{ unit: unit('MAN'), for: 3, against: 1, abstain: 1, spoiled: 0, notVoted: 0 }],
      flagElected: unit('TGI'),
      certificatesApproved: [unit('MAN')],
      undecided: { flag: [], certificates: [] },
    };
    await tx
      .insertInto('ballot_result')
      .values({
        ballot_id: ballot,
        cycle_id: c,
        number: 1,
        items: JSON.stringify({ flag: [unit('TGI'), unit('DBI')], certificates: [unit('MAN')] }),
        tally: JSON.stringify(tally),
        counted_at: at('12-06T17:00:00'),
      })
      .execute();
    await tx
      .insertInto('nomination')
      .values([
        { cycle_id: c, award: 'flag', unit_code: unit('TGI'), decided_by: 'ballot', ballot_round: 1, recorded_at: at('12-06T17:00:00') },
        {
          cycle_id: c,
          award: 'certificate',
          unit_code: unit('MAN'),
          decided_by: 'ballot',
          ballot_round: 1,
          recorded_at: at('12-06T17:00:00'),
        },
      ])
      .execute();

    const council = `council/${cluster}/2018`;
    await tx
      .insertInto('document')
      .values({
        id: `${council}/quyet-dinh`,
        kind: 'decision',
        title: 'Quyết định',
        html: '<p>Quyết định</p>',
        cycle_id: null,
        council_id: council,
        created_at: at('12-20T08:00:00'),
      })
      .execute();
    await tx
      .insertInto('decision')
      .values({
        council_id: council,
        number: `${cluster}/QĐ-UBND`,
        decided_on: '2018-12-20',
        status: 'partly-revoked',
        approved_by: 'snv.ha',
        approved_at: at('12-20T08:00:00'),
        document_id: `${council}/quyet-dinh`,
      })
      .execute();
    const award = { council_id: council, cycle_id: c, decision_number: `${cluster}/QĐ-UBND` };
    await tx
      .insertInto('award')
      .values([
        {
          ...award,
          nomination: `${cluster}:flag:${unit('TGI')}`,
          unit_code: unit('TGI'),
          award: 'flag',
          amount_vnd: 2_700_000,
          revoked_at: null,
          revoked_reason: null,
          handed_over_at: at('12-28T09:00:00'),
        },
        {
          ...award,
          nomination: `${cluster}:certificate:${unit('MAN')}`,
          unit_code: unit('MAN'),
          award: 'certificate',
          amount_vnd: 1_350_000,
          revoked_at: at('12-22T09:00:00'),
          revoked_reason: 'Thanh tra phát hiện sai phạm',
          revoked_by: 'ubnd.chutich',
          revocation_number: `${cluster}-TH/QĐ-UBND`,
        },
      ])
      .execute();
    await tx
      .insertInto('cluster_certificate')
      .values({
        cycle_id: c,
        seq: 1,
        number: `01/GK-${cluster}-2018`,
        recipient: 'Trường PTDTBT THCS Quài Tở',
        recipient_kind: 'collective',
        unit_code: unit('TGI'),
        achievement: FORMULA,
        amount_vnd: 900_000,
        signed_by_unit: unit('DBI'),
        recorded_by: rep('DBI'),
        issued_at: at('12-28T09:00:00'),
      })
      .execute();

    const skip = {
      unit: unit('DBP'),
      as: 'deputy',
      reason: 'merged',
      detail: `merged into ${unit('DBI')} from 2018-07-01: ${MERGE_REASON}`,
    };
    await tx
      .insertInto('handover')
      .values({
        cluster_code: cluster,
        to_year: 2019,
        from_cycle_id: c,
        from_chair: unit('DBI'),
        from_deputy: unit('MAN'),
        to_chair: unit('MAN'),
        to_deputy: unit('MLA'),
        policy: 'default',
        rotation: JSON.stringify({ chair: unit('MAN'), deputy: unit('MLA'), policy: 'default', skipped: [skip], members: [] }),
        recorded_by: 'handover',
        recorded_at: at('12-28T11:00:00'),
      })
      .execute();
    await tx
      .insertInto('cycle_launch')
      .values({ cycle_id: `cycle/${cluster}/2019`, from_cycle_id: c, started_by: 'handover', started_at: at('12-28T11:00:01') })
      .execute();
    await tx
      .insertInto('unit_link')
      .values({
        predecessor_code: unit('DBP'),
        successor_code: unit('DBI'),
        effective_on: '2018-07-01',
        reason: MERGE_REASON,
        open_tasks: 'close',
        recorded_by: 'snv.ha',
        recorded_at: at('07-03T08:00:00'),
      })
      .execute();
    await tx
      .insertInto('round_excusal')
      .values({
        round_id: `${c}/report-H1`,
        unit_code: unit('DBP'),
        handled: 'close',
        successor_code: unit('DBI'),
        reason: MERGE_REASON,
        at: at('07-03T08:00:00'),
      })
      .execute();

    const audit = (key: string, actor: string, action: string, subject: string, details: unknown, occurred: string) => ({
      key: `${c}:${key}`,
      cycle_id: c,
      actor,
      action,
      subject,
      details: JSON.stringify(details),
      occurred_at: at(occurred),
    });
    await tx
      .insertInto('audit_event')
      .values([
        audit(
          'report-v1',
          rep('TGI'),
          'report.submitted',
          unit('TGI'),
          { period: 'H1', version: 1, late: false, penalty: 0, total: null, quarantined: [SPAM] },
          '07-01T10:00:00',
        ),
        audit('adjusted', 'snv.ha', 'score.adjusted', unit('DBI'), { points: -1.5, reason: ADJUSTMENT_REASON }, '11-25T15:00:00'),
        audit('voted', rep('DBI'), 'ballot.cast', unit('DBI'), {}, '12-05T09:00:00'),
      ])
      .execute();
  });
}

beforeAll(async () => {
  h = await startHarness();
  env = stackEnv(h.taskQueue);
  await recordYear();
});
afterAll(async () => {
  await h?.close();
  scratch.removeAll();
});

type Row = Record<string, unknown>;

/** Nothing of the narrative, the quarantined fragment or the ballot's envelopes and choices. */
function expectNothingSecret(output: string): void {
  for (const secret of ['NARRATIVE-MUST-NOT-LEAK', SPAM, ENVELOPE, CHOICE, 'DIGEST', 'PUBLIC-KEY']) expect(output).not.toContain(secret);
}

describe('tdkt export', () => {
  it('prints the year as one JSON object, section by section', async () => {
    const stdout = await ok('export', '--year', '2018', '--cluster', cluster, '--format', 'json');
    expectNothingSecret(stdout);
    const data = JSON.parse(stdout) as { cluster: string; year: number; exportedAt: string; sections: Record<string, Row[]> };
    expect(data).toMatchObject({ cluster, year: 2018 });
    expect(Number.isNaN(Date.parse(data.exportedAt))).toBe(false);
    expect(Object.keys(data.sections)).toEqual([...SECTIONS]);
    const s = data.sections;

    expect(s.pledges).toEqual([
      { unit: unit('DBI'), signer: expect.any(String), signed_at: '2018-02-10T02:00:00.000Z', late: false },
      { unit: unit('DBP'), signer: expect.any(String), signed_at: '2018-03-02T02:00:00.000Z', late: true },
    ]);
    expect(s.reports!.map((r) => [r.version, r.quarantined, r.self_score_total])).toEqual([
      [1, true, null],
      [2, false, 92.5],
    ]);
    expect(Object.keys(s.reports![0]!)).not.toContain('narrative');
    expect(s.extensions).toEqual([
      expect.objectContaining({ round: 'report-H1', unit: unit('MLA'), reason: 'Lũ quét tại xã Mường Pồn', by: 'snv.ha' }),
    ]);
    expect(s.scores![0]).toMatchObject({
      rank: 1,
      unit: unit('TGI'),
      total: 95.25,
      base: 93.5,
      bonus: 2,
      penalty: 0.25,
      formula_version: 'mean-v1',
      final: true,
    });
    expect(s.cross_scores).toEqual([expect.objectContaining({ scorer: unit('DBI'), target: unit('TGI'), version: 1, total: 90.5 })]);
    // Who changed this score and why: the adjustment itself, and its audit entry.
    expect(s.adjustments).toEqual([
      { unit: unit('DBI'), points: -1.5, reason: ADJUSTMENT_REASON, by: 'snv.ha', at: '2018-11-25T08:00:00.000Z' },
    ]);
    expect(s.audit!.find((a) => a.action === 'score.adjusted')).toMatchObject({
      actor: 'snv.ha',
      subject: unit('DBI'),
      details: JSON.stringify({ points: -1.5, reason: ADJUSTMENT_REASON }),
    });
    expect(s.audit!.find((a) => a.action === 'report.submitted')!.details).toContain('"quarantined":1');
    expect(s.vetoes).toEqual([expect.objectContaining({ unit: unit('MLA'), source: 'tax', reference: '123/QĐ-CCT', by: 'snv.ha' })]);

    expect(s.ballots).toEqual([
      expect.objectContaining({
        number: 1,
        item: 'flag',
        unit: unit('TGI'),
        for: 4,
        against: null,
        passed: true,
        cast: 5,
        members: 5,
        needed: 3,
      }),
      expect.objectContaining({ number: 1, item: 'flag', unit: unit('DBI'), for: 1, passed: false }),
      expect.objectContaining({
        number: 1,
        item: 'certificate',
        unit: unit('MAN'),
        for: 3,
        against: 1,
        abstain: 1,
        passed: true,
        not_voted: 0,
      }),
    ]);
    expect(s.nominations!.map((n) => [n.award, n.unit, n.decided_by])).toEqual([
      ['flag', unit('TGI'), 'ballot'],
      ['certificate', unit('MAN'), 'ballot'],
    ]);
    expect(s.decisions).toEqual([
      expect.objectContaining({
        council_id: `council/${cluster}/2018`,
        number: `${cluster}/QĐ-UBND`,
        decided_on: '2018-12-20',
        status: 'partly-revoked',
        award: 'flag',
        unit: unit('TGI'),
        amount_vnd: 2_700_000,
        revoked_at: null,
        handed_over_at: '2018-12-28T02:00:00.000Z',
      }),
      expect.objectContaining({
        award: 'certificate',
        unit: unit('MAN'),
        amount_vnd: 1_350_000,
        revoked_at: '2018-12-22T02:00:00.000Z',
        revoked_by: 'ubnd.chutich',
        revoked_reason: 'Thanh tra phát hiện sai phạm',
        revocation_number: `${cluster}-TH/QĐ-UBND`,
      }),
    ]);
    expect(s.certificates).toEqual([
      expect.objectContaining({
        number: `01/GK-${cluster}-2018`,
        kind: 'collective',
        unit: unit('TGI'),
        achievement: FORMULA,
        amount_vnd: 900_000,
      }),
    ]);
    expect(s.rotation).toEqual([
      expect.objectContaining({
        year: 2018,
        chair: unit('DBI'),
        deputy: unit('MAN'),
        next_year: 2019,
        next_chair: unit('MAN'),
        next_deputy: unit('MLA'),
        policy: 'default',
        recorded_by: 'handover',
        next_cycle: `cycle/${cluster}/2019`,
        started_by: 'handover',
      }),
    ]);
    expect(s.rotation![0]!.skipped).toBe(`${unit('DBP')} as deputy (merged): merged into ${unit('DBI')} from 2018-07-01: ${MERGE_REASON}`);
    expect(s.merges).toEqual([
      expect.objectContaining({
        unit: unit('DBP'),
        into: unit('DBI'),
        effective_on: '2018-07-01',
        open_tasks: 'close',
        reason: MERGE_REASON,
        recorded_by: 'snv.ha',
      }),
    ]);
    expect(s.excusals).toEqual([
      expect.objectContaining({ round: 'report-H1', unit: unit('DBP'), handled: 'close', successor: unit('DBI') }),
    ]);
  });

  it('writes one CSV per section into a folder it creates, quoted and safe to open in a spreadsheet', async () => {
    const dir = path.join(scratch.make(), 'nested', 'export');
    const stdout = await ok('export', '--year', '2018', '--cluster', cluster, '--format', 'csv', '--out', dir);
    expect(stdout).toContain(path.join(dir, 'adjustments.csv'));
    expect(readdirSync(dir).sort()).toEqual(SECTIONS.map((s) => `${s}.csv`).sort());
    const file = (section: string) => readFileSync(path.join(dir, `${section}.csv`), 'utf8');
    expectNothingSecret(SECTIONS.map(file).join('\n'));

    const adjustments = file('adjustments').split('\r\n');
    expect(adjustments[0]).toBe('unit,points,reason,by,at');
    // RFC 4180: the field with a comma and quotes is quoted and its quotes doubled; the number stays a bare number.
    expect(adjustments[1]).toBe(`${unit('DBI')},-1.5,"Báo cáo ""chậm"", thiếu số liệu quý II",snv.ha,2018-11-25T08:00:00.000Z`);
    expect(file('pledges').split('\r\n')[0]).toBe('unit,signer,signed_at,late');
    expect(file('ballots').split('\r\n')[0]).toBe(
      'number,item,unit,for,against,abstain,passed,cast,spoiled,not_voted,members,needed,counted_at',
    );
    // A formula is neutralised with a leading ' (and quoted, for its own commas and quotes).
    const certificates = file('certificates');
    expect(certificates).toContain(`"'=HYPERLINK(""http://evil.example"",""Bấm vào"")"`);
    expect(certificates).not.toMatch(/,"?=HYPERLINK/);
  });

  it('prints every section to stdout under a "# section" line, and writes JSON to a file', async () => {
    const stdout = await ok('export', '--year', '2018', '--cluster', cluster, '--format', 'csv');
    expectNothingSecret(stdout);
    for (const section of SECTIONS) expect(stdout).toContain(`# ${section}\r\n`);
    expect(stdout.indexOf('# pledges')).toBe(0);
    expect(stdout).toContain(`# adjustments\r\nunit,points,reason,by,at\r\n${unit('DBI')},-1.5,`);

    const out = path.join(scratch.make(), 'year.json');
    const written = await ok('export', '--year', '2018', '--cluster', cluster, '--format', 'json', '--out', out);
    expect(written).toContain(out);
    const data = JSON.parse(readFileSync(out, 'utf8')) as { sections: Record<string, Row[]> };
    expect(data.sections.adjustments![0]).toMatchObject({ reason: ADJUSTMENT_REASON, by: 'snv.ha' });
  });

  it('refuses bad input with 2, an unknown cluster-year with 3 and an unreachable database with 11', async () => {
    await Promise.all([
      refused(
        ExitCode.unknownCycle,
        `no cycle of ${cluster} in 2019`,
        'export',
        '--year',
        '2019',
        '--cluster',
        cluster,
        '--format',
        'json',
      ),
      refused(ExitCode.usage, '--format must be one of csv, json', 'export', '--year', '2018', '--cluster', cluster, '--format', 'xml'),
      refused(ExitCode.usage, 'expected a four-digit year', 'export', '--year', '18', '--cluster', cluster, '--format', 'json'),
      refused(
        ExitCode.usage,
        'a cluster code is 2-16 upper-case letters',
        'export',
        '--year',
        '2018',
        '--cluster',
        'db-vt',
        '--format',
        'json',
      ),
    ]);
    const down = await tdktWith(() => ({ ...env, DATABASE_URL: 'postgres://postgres:x@127.0.0.1:1/tdkt' }))(
      'export',
      '--year',
      '2018',
      '--cluster',
      cluster,
      '--format',
      'json',
    );
    expect(down.code, down.stderr).toBe(ExitCode.unreachable);
    expect(down.stderr).toContain('cannot read the records at DATABASE_URL');
  });
});
