import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cycleId, roundId } from '../../domain/ids.ts';
import { CliError, ExitCode } from '../../client/exitCodes.ts';
import { signPledge, startCycle } from '../../client/operations.ts';
import type { annualCycle } from '../../workflows/annualCycle.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { copySeedCluster, fastCycle, REPS, waitForRound } from '../support/fixtures.ts';
import { keyOf, mailsOf } from '../support/mails.ts';

// The foundation slice against the real dev server, Postgres and mail sink: start → launch →
// pledges → close, with the rows and mails each step leaves.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('a cluster year from start to the closed pledge round', () => {
  it('launches the campaigns, takes every pledge, closes the round and records and mails it all', async () => {
    const cluster = await copySeedCluster(h.db);
    const id = cycleId(cluster, 2018);
    const started = await startCycle(h.client, h.taskQueue, fastCycle(cluster, 8000));
    expect(started.cycleId).toBe(id);

    await waitForRound(h.client, cluster, 'open');
    for (const [unit, signer] of Object.entries(REPS)) {
      const receipt = await signPledge(h.client, { cycleId: id, unit, signer });
      expect(receipt).toMatchObject({ unit, actor: signer, late: false });
    }
    const result = await h.client.workflow.getHandle<typeof annualCycle>(id).result();
    expect(result.phase).toBe('pledges-closed');
    expect(result.pledges.missing).toEqual([]);
    expect(result.pledges.submitted.map((s) => s.unit).sort()).toEqual(Object.keys(REPS).sort());
    expect(result.pledges.remindersSent).toBe(0);

    const cycleRow = await h.db.selectFrom('cycle').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(cycleRow).toMatchObject({ phase: 'pledges-closed', chair_unit: 'DBI', deputy_unit: 'MAN' });
    expect(await h.db.selectFrom('campaign').select('code').where('cycle_id', '=', id).orderBy('code').execute()).toEqual([
      { code: 'KTXH' },
      { code: 'NTM' },
      { code: 'VNGN' },
    ]);
    const pledges = await h.db.selectFrom('pledge').selectAll().where('cycle_id', '=', id).execute();
    expect(pledges).toHaveLength(5);
    expect(pledges.every((p) => !p.late && p.signer_id === REPS[p.unit_code as keyof typeof REPS])).toBe(true);
    const round = await h.db.selectFrom('round').selectAll().where('id', '=', roundId(id, 'pledge')).executeTakeFirstOrThrow();
    expect(round.closed_at).not.toBeNull();
    expect(round.missing_units).toEqual([]);
    const actions = (await h.db.selectFrom('audit_event').select('action').where('cycle_id', '=', id).execute()).map((e) => e.action);
    expect(actions.filter((a) => a === 'pledge.signed')).toHaveLength(5);
    expect(actions).toEqual(expect.arrayContaining(['cycle.started', 'campaigns.launched', 'round.opened', 'round.closed']));

    // 5 launch notices + 5 invitations + 5 receipts + the closing summary to the chair's representative and the secretariat.
    const outbox = await h.db.selectFrom('email_outbox').selectAll().where('cycle_id', '=', id).execute();
    expect(outbox).toHaveLength(17);
    expect(outbox.every((m) => m.status === 'sent' && m.attempts === 1)).toBe(true);
    const mails = mailsOf(await h.mail.waitFor((all) => mailsOf(all, id).length >= 17), id);
    expect(mails).toHaveLength(17);
    const receipt = mails.find((m) => keyOf(m) === `${roundId(id, 'pledge')}:receipt:DBI`)!;
    expect(receipt.to).toEqual(['dbi.binh@example.org']);
    expect(receipt.subject).toBe('[Cụm thi đua vùng thấp (bản thử)] Đã nhận giao ước thi đua của UBND huyện Điện Biên');
    expect(receipt.text).toContain('Kính gửi Quàng Văn Bình,');
    expect(receipt.html).toContain('<p>Kính gửi Quàng Văn Bình,</p>');
    const closing = mails
      .filter((m) => keyOf(m).startsWith(`${roundId(id, 'pledge')}:closed:`))
      .flatMap((m) => m.to)
      .sort();
    expect(closing).toEqual(['dbi.binh@example.org', 'snv.ha@example.org']);
    expect(receipt.headers['content-type']).toMatch(/multipart\/alternative/);

    // Administrators find the cycle by its typed search attributes (visibility is eventually consistent).
    const query = `TdktCluster = '${cluster}' AND TdktYear = 2018 AND TdktPhase = 'pledges-closed'`;
    let found: string[] = [];
    for (let i = 0; i < 50 && found.length === 0; i++) {
      found = [];
      for await (const w of h.client.workflow.list({ query })) found.push(w.workflowId);
      if (found.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(found).toEqual([id]);
  });

  it('reminds a unit that has not signed, escalates at the deadline, takes a late pledge and records the gap', async () => {
    const cluster = await copySeedCluster(h.db);
    const id = cycleId(cluster, 2018);
    const pledgeRound = roundId(id, 'pledge');
    const input = fastCycle(cluster, 8000);
    await startCycle(h.client, h.taskQueue, input);
    await waitForRound(h.client, cluster, 'open');
    for (const unit of ['DBI', 'MAN', 'DBP'] as const) await signPledge(h.client, { cycleId: id, unit, signer: REPS[unit] });

    // TGI signs after the deadline, inside the grace period; MLA never signs.
    await waitForRound(h.client, cluster, 'late');
    const late = await signPledge(h.client, { cycleId: id, unit: 'TGI', signer: REPS.TGI });
    expect(late.late).toBe(true);
    const result = await h.client.workflow.getHandle<typeof annualCycle>(id).result();
    expect(result.pledges.missing).toEqual(['MLA']);
    expect(result.pledges.remindersSent).toBe(2);
    expect(result.pledges.escalated.sort()).toEqual(['MLA', 'TGI']);

    const notices = await h.db
      .selectFrom('round_notice')
      .select(['kind', 'seq', 'unit_code'])
      .where('round_id', '=', pledgeRound)
      .orderBy('kind')
      .orderBy('seq')
      .orderBy('unit_code')
      .execute();
    expect(notices).toEqual([
      { kind: 'escalation', seq: 1, unit_code: 'MLA' },
      { kind: 'escalation', seq: 1, unit_code: 'TGI' },
      { kind: 'reminder', seq: 1, unit_code: 'MLA' },
      { kind: 'reminder', seq: 1, unit_code: 'TGI' },
      { kind: 'reminder', seq: 2, unit_code: 'MLA' },
      { kind: 'reminder', seq: 2, unit_code: 'TGI' },
    ]);
    const round = await h.db.selectFrom('round').selectAll().where('id', '=', pledgeRound).executeTakeFirstOrThrow();
    expect(round.missing_units).toEqual(['MLA']);
    const tgi = await h.db
      .selectFrom('pledge')
      .selectAll()
      .where('cycle_id', '=', id)
      .where('unit_code', '=', 'TGI')
      .executeTakeFirstOrThrow();
    expect(tgi.late).toBe(true);
    expect(tgi.signed_at.getTime()).toBeGreaterThan(Date.parse(input.calendar.pledge.deadline));
    expect(await h.db.selectFrom('pledge').where('cycle_id', '=', id).where('unit_code', '=', 'MLA').select('unit_code').execute()).toEqual(
      [],
    );

    const mails = mailsOf(await h.mail.waitFor((all) => mailsOf(all, id).some((m) => keyOf(m).includes(':closed:'))), id);
    const reminders = mails.filter((m) => keyOf(m).includes(':reminder:') && m.to.includes('mla.hung@example.org'));
    expect(reminders.map((m) => m.subject).sort()).toEqual([
      '[Cụm thi đua vùng thấp (bản thử)] Nhắc lần 1: UBND thị xã Mường Lay chưa ký giao ước thi đua',
      '[Cụm thi đua vùng thấp (bản thử)] Nhắc lần 2: UBND thị xã Mường Lay chưa ký giao ước thi đua',
    ]);
    const escalation = mails.filter((m) => keyOf(m).includes(':escalation:'));
    expect(escalation).toHaveLength(1);
    expect(escalation[0]!.to).toEqual(['snv.ha@example.org']);
    expect(escalation[0]!.text).toContain('UBND thị xã Mường Lay (MLA)');
    const closing = mails.find((m) => keyOf(m) === `${pledgeRound}:closed:snv.ha`)!;
    expect(closing.text).toContain('4/5');
    expect(closing.text).toMatch(/Ký muộn:\n\n {2}- UBND huyện Tuần Giáo \(TGI\)/);
    expect(closing.text).toMatch(/Không ký:\n\n {2}- UBND thị xã Mường Lay \(MLA\)/);
  });

  it('refuses a second start of the same cluster-year: one workflow, a clear reason', async () => {
    const cluster = await copySeedCluster(h.db);
    await startCycle(h.client, h.taskQueue, fastCycle(cluster, 60_000));
    const second = await startCycle(h.client, h.taskQueue, fastCycle(cluster, 60_000)).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(CliError);
    expect((second as CliError).exitCode).toBe(ExitCode.alreadyStarted);
    expect((second as CliError).message).toMatch(new RegExp(`the 2018 cycle of ${cluster} was already started .*running`));
    const runs = [];
    for await (const w of h.client.workflow.list({ query: `WorkflowId = '${cycleId(cluster, 2018)}'` })) runs.push(w);
    expect(runs).toHaveLength(1);
    await h.client.workflow.getHandle(cycleId(cluster, 2018)).terminate('test done');
  });

  it('fails a cycle whose cluster is unknown with the reason, and allows another start of that cluster-year', async () => {
    const failed = await startCycle(h.client, h.taskQueue, fastCycle('NOPE', 8000)).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(CliError);
    expect((failed as CliError).exitCode).toBe(ExitCode.cycleFailed);
    expect((failed as CliError).message).toContain('unknown cluster NOPE');
    await expect(h.client.workflow.getHandle(cycleId('NOPE', 2018)).result()).rejects.toBeInstanceOf(WorkflowFailedError);
    // A failed start does not block the cluster-year: starting again is allowed (and fails again here).
    const again = await startCycle(h.client, h.taskQueue, fastCycle('NOPE', 8000)).catch((e: unknown) => e);
    expect((again as CliError).exitCode).toBe(ExitCode.cycleFailed);
  });
});
