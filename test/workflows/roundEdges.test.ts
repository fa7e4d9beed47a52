import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../client/exitCodes.ts';
import { extendDeadline, submitReport } from '../../client/operations.ts';
import type { RoundResult } from '../../domain/round.ts';
import { formatVietnamTime } from '../../domain/time.ts';
import type { round } from '../../workflows/round.ts';
import { memberMergedSignal, roundStatusQuery } from '../../workflows/messages.ts';
import { scratchFolders, stackEnv, tdktWith } from '../support/cli.ts';
import { refusal, REPS, standaloneReportRound, waitOpen } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { keyOf } from '../support/mails.ts';

// A round's edges found by trying the year as users would (issue 13): text PostgreSQL cannot
// store, a recording that fails for good, an extension past the calendar, and a member merged
// away before the round opens. Each round runs on its own (as the cycle starts it) on the real
// servers, with a short calendar.

let h: Harness;
const scratch = scratchFolders('tdkt-round-edges-');
const tdkt = tdktWith(() => stackEnv(h.taskQueue));
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  scratch.removeAll();
  await h?.close();
});

const iso = (ms: number) => new Date(ms).toISOString();

describe('a report that PostgreSQL cannot store', () => {
  it('is refused before it counts, by the validator or — past it — by the recording, and the round still closes on time', async () => {
    const start = Date.now();
    const deadline = start + 9_000;
    const graceUntil = deadline + 2_000;
    const input = await standaloneReportRound(
      h.db,
      {
        opensAt: iso(start + 500),
        deadline: iso(deadline),
        remindBefore: [],
        late: { mode: 'accept', graceUntil: iso(graceUntil), penaltyPoints: 1 },
      },
      { extensionLimit: { closeBy: iso(graceUntil + 3_000), before: 'the cross-score round opens' } },
    );
    const id = input.cycleId;
    const handle = await h.client.workflow.start<typeof round>('round', {
      taskQueue: h.taskQueue,
      workflowId: input.roundId,
      args: [input],
    });
    await waitOpen(h.client, input.roundId);
    const reportRows = () =>
      h.db.selectFrom('report').select(['unit_code', 'version']).where('cycle_id', '=', id).orderBy('unit_code').execute();
    const submitted = async () =>
      (await h.client.workflow.getHandle(input.roundId).query(roundStatusQuery)).units.filter((u) => u.submittedAt).map((u) => u.unit);

    // The validator: NUL, a broken character, an escape sequence, a line break in a figure's name.
    const send = (content: unknown) =>
      refusal(submitReport(h.client, { cycleId: id, unit: 'DBI', period: 'H1', submitter: REPS.DBI, content }));
    const nul = await send({ narrative: 'Sơ kết 6 tháng\u0000 của huyện.' });
    expect(nul).toMatchObject({ exitCode: ExitCode.usage, reason: 'InvalidInput' });
    expect(nul.message).toContain('narrative: contains a NUL character (U+0000) at position 15, which cannot be stored');
    expect((await send({ narrative: 'Sơ kết \ud800 6 tháng.' })).message).toContain('unpaired surrogate U+D800');
    expect((await send({ narrative: 'Sơ kết \u001b[31m6 tháng.' })).message).toContain('control character (U+001B)');
    expect((await send({ narrative: 'Sơ kết 6 tháng.', figures: { 'thu ngân\nsách': 55 } })).message).toContain('must be one line');
    // The command line refuses such a file before it sends anything.
    const folder = scratch.make();
    const file = path.join(folder, 'so-ket.md');
    writeFileSync(file, 'Sơ kết 6 tháng\u0000 của huyện.');
    const cli = await tdkt('report', 'submit', '--cycle', id, '--unit', 'DBI', '--period', 'H1', '--submitter', REPS.DBI, '--file', file);
    expect(cli.code, cli.stderr).toBe(ExitCode.usage);
    expect(cli.stderr).toContain(`the report file ${file} cannot be sent: it contains a NUL character (U+0000) at position 15`);
    expect(cli.stderr.trim().split('\n')).toHaveLength(1);

    // Past the validator: the database refuses the row (a real constraint of this test's cycle).
    // The recording fails at once rather than retrying for ever, the unit is not counted, and the
    // caller is told why.
    await sql
      .raw(`alter table report add constraint test_round_edges_poison check (cycle_id <> '${id}' or narrative not like '%POISON%')`)
      .execute(h.db);
    try {
      const poisoned = await send({ narrative: 'Sơ kết 6 tháng: POISON.' });
      expect(poisoned).toMatchObject({ exitCode: ExitCode.usage, reason: 'InvalidInput' });
      expect(poisoned.message).toContain('nothing was recorded');
      expect(poisoned.message).toContain('test_round_edges_poison');
      expect(await submitted()).toEqual([]);
      expect(await reportRows()).toEqual([]);
    } finally {
      await sql.raw('alter table report drop constraint test_round_edges_poison').execute(h.db);
    }

    // The next clean report is the unit's first version, kept with its tab and line breaks.
    const clean = await submitReport(h.client, {
      cycleId: id,
      unit: 'DBI',
      period: 'H1',
      submitter: REPS.DBI,
      content: { narrative: 'Sơ kết 6 tháng:\r\n\t- thu ngân sách đạt 55%.' },
    });
    expect(clean.version).toBe(1);
    expect(await reportRows()).toEqual([{ unit_code: 'DBI', version: 1 }]);
    expect(await submitted()).toEqual(['DBI']);
    expect(
      await h.db.selectFrom('audit_event').select('key').where('cycle_id', '=', id).where('action', '=', 'report.submitted').execute(),
    ).toHaveLength(1);

    // An extension past the calendar is refused with the latest deadline allowed; one inside it is granted.
    const latest = graceUntil + 3_000 - 2_000;
    const tooLate = await refusal(
      extendDeadline(h.client, {
        cycleId: id,
        round: 'report-H1',
        extension: { actor: 'snv.ha', units: ['TGI'], until: '9999-12-31T23:59:59+07:00', reason: 'Mưa lũ kéo dài' },
      }),
    );
    expect(tooLate.exitCode).toBe(ExitCode.usage);
    expect(tooLate.message).toContain('the cross-score round opens');
    expect(tooLate.message).toContain(`so the latest deadline allowed is ${formatVietnamTime(latest)}`);
    const granted = await extendDeadline(h.client, {
      cycleId: id,
      round: 'report-H1',
      extension: { actor: 'snv.ha', units: ['TGI'], until: iso(latest), reason: 'Mưa lũ kéo dài' },
    });
    expect(granted.units).toEqual(['TGI']);

    // The round closes by its limit, with the units that never reported missing.
    const result: RoundResult = await handle.result();
    expect(result.submitted.map((s) => s.unit)).toEqual(['DBI']);
    expect(result.missing.sort()).toEqual(['DBP', 'MAN', 'MLA', 'TGI']);
    const closed = await h.db.selectFrom('round').select('closed_at').where('id', '=', input.roundId).executeTakeFirstOrThrow();
    expect(closed.closed_at!.getTime()).toBeLessThanOrEqual(graceUntil + 3_000 + 2_000);
  }, 60_000);
});

describe('a member merged away before its round opens', () => {
  it('is excused at once, is not invited, and is not expected', async () => {
    const start = Date.now();
    const opensAt = start + 3_000;
    const input = await standaloneReportRound(h.db, {
      opensAt: iso(opensAt),
      deadline: iso(opensAt + 4_000),
      remindBefore: [],
      late: { mode: 'refuse' },
    });
    const id = input.cycleId;
    const handle = await h.client.workflow.start<typeof round>('round', {
      taskQueue: h.taskQueue,
      workflowId: input.roundId,
      args: [input],
    });
    await handle.signal(memberMergedSignal, { unit: 'MLA', into: 'DBP', handling: 'close', reason: 'Nghị quyết 1661/NQ-UBTVQH15' });

    // Recorded while the round is still scheduled: no round row yet, and nothing to retry.
    const excusal = async () =>
      h.db.selectFrom('round_excusal').select(['unit_code', 'successor_code', 'handled']).where('round_id', '=', input.roundId).execute();
    const until = Date.now() + 10_000;
    while ((await excusal()).length === 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await excusal()).toEqual([{ unit_code: 'MLA', successor_code: 'DBP', handled: 'close' }]);
    expect(await h.db.selectFrom('round').select('id').where('id', '=', input.roundId).execute()).toEqual([]);
    expect(Date.now()).toBeLessThan(opensAt);

    const status = await waitOpen(h.client, input.roundId);
    expect(status.units.find((u) => u.unit === 'MLA')?.excused).toContain('merged into DBP');
    for (const unit of ['TGI', 'DBI', 'MAN', 'DBP'] as const)
      await submitReport(h.client, {
        cycleId: id,
        unit,
        period: 'H1',
        submitter: REPS[unit],
        content: { narrative: `Sơ kết 6 tháng của ${unit}.` },
      });
    const result: RoundResult = await handle.result();
    expect(result).toMatchObject({ missing: [], excused: ['MLA'] });

    // Four invitations, none to the merged unit.
    const invitations = (all: Awaited<ReturnType<Harness['mail']['messages']>>) =>
      all.filter((m) => keyOf(m).startsWith(`${input.roundId}:invitation:`));
    const mails = invitations(await h.mail.waitFor((all) => invitations(all).length >= 4));
    expect(mails.map((m) => keyOf(m).split(':').at(-1)).sort()).toEqual(['DBI', 'DBP', 'MAN', 'TGI']);
  }, 60_000);
});
