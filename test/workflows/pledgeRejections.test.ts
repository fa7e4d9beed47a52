import { Context } from '@temporalio/activity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../client/exitCodes.ts';
import { signPledge, startCycle } from '../../client/operations.ts';
import { cycleId, roundId } from '../../domain/ids.ts';
import { copySeedCluster, fastCycle, refusal, REPS, waitForRound } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { keyOf, mailsOf } from '../support/mails.ts';

// Every way a pledge can be refused, each with its own reason and exit code, and none of them
// entering the workflow's history; and a retried activity that writes and sends nothing twice.

describe('pledge refusals', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses a wrong unit, an unknown signer, a signer who is not the representative, a duplicate and junk', async () => {
    const cluster = await copySeedCluster(h.db);
    const id = cycleId(cluster, 2018);
    await startCycle(h.client, h.taskQueue, fastCycle(cluster, 60_000));
    await waitForRound(h.client, cluster, 'open');

    const notMember = await refusal(signPledge(h.client, { cycleId: id, unit: 'STP', signer: 'stp.duc' }));
    expect(notMember.exitCode).toBe(ExitCode.notAMember);
    expect(notMember.message).toContain(`unit STP is not a member of cluster ${cluster} in 2018`);

    const unknown = await refusal(signPledge(h.client, { cycleId: id, unit: 'DBI', signer: 'ghost.person' }));
    expect(unknown.exitCode).toBe(ExitCode.unknownPerson);

    const notRep = await refusal(signPledge(h.client, { cycleId: id, unit: 'DBI', signer: REPS.MAN }));
    expect(notRep.exitCode).toBe(ExitCode.notAuthorised);
    expect(notRep.message).toBe('man.hoa is not the representative of DBI (UBND huyện Điện Biên) in 2018; only dbi.binh may act for it');

    await signPledge(h.client, { cycleId: id, unit: 'DBI', signer: REPS.DBI });
    const duplicate = await refusal(signPledge(h.client, { cycleId: id, unit: 'DBI', signer: REPS.DBI }));
    expect(duplicate.exitCode).toBe(ExitCode.duplicate);
    expect(duplicate.message).toMatch(/^DBI already submitted its giao ước thi đua at .* \(by dbi\.binh\)$/);

    const junk = await refusal(signPledge(h.client, { cycleId: id, unit: 'hình bầu cua tôm cá', signer: REPS.DBP }));
    expect(junk.exitCode).toBe(ExitCode.usage);
    expect(junk.message).toContain('unit: a unit code is');
    const huge = await refusal(signPledge(h.client, { cycleId: id, unit: 'DBP', signer: 'x'.repeat(100_000) }));
    expect(huge.exitCode).toBe(ExitCode.usage);

    // Refused updates are rejected by the validator before they are written: only the one accepted
    // signature is in the round's history, and only one pledge row exists.
    const history = await h.client.workflow.getHandle(roundId(id, 'pledge')).fetchHistory();
    const accepted = history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    expect(accepted).toHaveLength(1);
    expect(await h.db.selectFrom('pledge').select('unit_code').where('cycle_id', '=', id).execute()).toEqual([{ unit_code: 'DBI' }]);

    // A retried call with the same request id returns the first receipt instead of signing twice.
    const first = await signPledge(h.client, { cycleId: id, unit: 'MAN', signer: REPS.MAN, requestId: 'req-man-1' });
    const retried = await signPledge(h.client, { cycleId: id, unit: 'MAN', signer: REPS.MAN, requestId: 'req-man-1' });
    expect(retried).toEqual(first);
    await h.client.workflow.getHandle(id).terminate('test done');
  });

  it('says when the cycle is unknown, the round not open yet, or closed', async () => {
    const unknown = await refusal(signPledge(h.client, { cycleId: 'cycle/NOWHERE/2018', unit: 'DBI', signer: REPS.DBI }));
    expect(unknown.exitCode).toBe(ExitCode.unknownCycle);

    // Before the launch date, the round workflow does not exist yet.
    const notLaunched = await copySeedCluster(h.db);
    await startCycle(h.client, h.taskQueue, fastCycle(notLaunched, 8000, 60_000));
    const beforeLaunch = await refusal(signPledge(h.client, { cycleId: cycleId(notLaunched, 2018), unit: 'DBI', signer: REPS.DBI }));
    expect(beforeLaunch.exitCode).toBe(ExitCode.roundNotOpen);
    expect(beforeLaunch.message).toContain('has not started yet');
    await h.client.workflow.getHandle(cycleId(notLaunched, 2018)).terminate('test done');

    // Launched, but the pledge round opens later: the round's own validator refuses.
    const later = await copySeedCluster(h.db);
    const input = fastCycle(later, 8000, 60_000);
    input.calendar.launchAt = new Date(Date.now()).toISOString();
    await startCycle(h.client, h.taskQueue, input);
    await waitForRound(h.client, later, 'scheduled');
    const notOpen = await refusal(signPledge(h.client, { cycleId: cycleId(later, 2018), unit: 'DBI', signer: REPS.DBI }));
    expect(notOpen.exitCode).toBe(ExitCode.roundNotOpen);
    expect(notOpen.message).toContain('is not open yet (it opens at');
    await h.client.workflow.getHandle(cycleId(later, 2018)).terminate('test done');

    const done = await copySeedCluster(h.db);
    const id = cycleId(done, 2018);
    await startCycle(h.client, h.taskQueue, fastCycle(done, 4000));
    await waitForRound(h.client, done, 'open');
    for (const [unit, signer] of Object.entries(REPS)) await signPledge(h.client, { cycleId: id, unit, signer });
    await h.client.workflow.getHandle(id).result();
    const closed = await refusal(signPledge(h.client, { cycleId: id, unit: 'DBI', signer: REPS.DBI }));
    expect(closed.exitCode).toBe(ExitCode.roundClosed);
  });
});

describe('a retried activity', () => {
  let h: Harness;
  beforeAll(async () => {
    // The first attempt of recording a pledge does all its work, then fails as a crash would.
    h = await startHarness((real) => ({
      ...real,
      async recordSubmission(input) {
        const sent = await real.recordSubmission(input);
        if (Context.current().info.attempt === 1) throw new Error('simulated crash after the pledge was recorded and mailed');
        return sent;
      },
    }));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('leaves exactly one pledge row, one audit event and one receipt mail', async () => {
    const cluster = await copySeedCluster(h.db);
    const id = cycleId(cluster, 2018);
    await startCycle(h.client, h.taskQueue, fastCycle(cluster, 60_000));
    await waitForRound(h.client, cluster, 'open');
    const receipt = await signPledge(h.client, { cycleId: id, unit: 'TGI', signer: REPS.TGI });
    expect(receipt.unit).toBe('TGI');

    const history = await h.client.workflow.getHandle(roundId(id, 'pledge')).fetchHistory();
    const attempts = history
      .events!.filter((e) => e.activityTaskStartedEventAttributes)
      .map((e) => e.activityTaskStartedEventAttributes!.attempt);
    expect(attempts).toContain(2);
    expect(await h.db.selectFrom('pledge').select('unit_code').where('cycle_id', '=', id).execute()).toEqual([{ unit_code: 'TGI' }]);
    expect(
      await h.db.selectFrom('audit_event').select('action').where('cycle_id', '=', id).where('action', '=', 'pledge.signed').execute(),
    ).toHaveLength(1);
    const outbox = await h.db
      .selectFrom('email_outbox')
      .select(['status', 'attempts'])
      .where('key', '=', `${roundId(id, 'pledge')}:receipt:TGI`)
      .execute();
    expect(outbox).toEqual([{ status: 'sent', attempts: 1 }]);
    // One send attempt in the outbox means one mail; the sink shows it arrived, once.
    const receiptsIn = (all: Awaited<ReturnType<typeof h.mail.messages>>) =>
      mailsOf(all, id).filter((m) => keyOf(m) === `${roundId(id, 'pledge')}:receipt:TGI`);
    expect(receiptsIn(await h.mail.waitFor((all) => receiptsIn(all).length > 0))).toHaveLength(1);
    await h.client.workflow.getHandle(id).terminate('test done');
  });
});
