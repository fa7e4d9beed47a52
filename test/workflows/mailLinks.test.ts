import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extendDeadline, signPledge, startCycle } from '../../client/operations.ts';
import { cycleId, roundId } from '../../domain/ids.ts';
import type { annualCycle } from '../../workflows/annualCycle.ts';
import { copySeedCluster, fastCycle, REPS, waitOpen } from '../support/fixtures.ts';
import { startHarness, testLinks, type Harness } from '../support/harness.ts';
import { keyOf, mailsOf, taskLinkClaim } from '../support/mails.ts';

// Issue 15: the mails that ask a unit to act carry its representative's personal task link,
// signed with the run's key, for that person, role, round and unit, valid until the unit's task
// closes as the calendar and an extension set it; and no mail asks for a command any more.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('task links in the mails of a pledge round', () => {
  it('invite, remind and extend with links that expire at the closing, and never name a command', { timeout: 60_000 }, async () => {
    const cluster = await copySeedCluster(h.db);
    const id = cycleId(cluster, 2018);
    const pledge = roundId(id, 'pledge');
    const input = fastCycle(cluster, 8000);
    const deadline = Date.parse(input.calendar.pledge.deadline);
    const grace = Date.parse((input.calendar.pledge.late as { graceUntil: string }).graceUntil) - deadline;
    await startCycle(h.client, h.taskQueue, input);
    await waitOpen(h.client, pledge);
    const links = testLinks();

    // The invitation: DBI's representative, for DBI in the pledge round, until the round closes (deadline + grace).
    const mailOf = async (key: string) =>
      mailsOf(await h.mail.waitFor((all) => all.some((m) => keyOf(m) === key)), id).find((m) => keyOf(m) === key)!;
    const invitation = await mailOf(`${pledge}:invitation:DBI`);
    expect(invitation.to).toEqual(['dbi.binh@example.org']);
    expect(taskLinkClaim(invitation, links)).toEqual({
      person: REPS.DBI,
      role: 'representative',
      task: pledge,
      unit: 'DBI',
      expiresAt: deadline + grace,
    });

    // An extension for TGI: a fresh link, valid until TGI's new closing (the grace moves with the deadline).
    const until = deadline + 4000;
    await extendDeadline(h.client, {
      cycleId: id,
      round: 'pledge',
      extension: { actor: 'snv.ha', units: ['TGI'], until: new Date(until).toISOString(), reason: 'Mưa lũ chia cắt đường' },
    });
    const extension = mailsOf(
      await h.mail.waitFor((all) => mailsOf(all, id).some((m) => keyOf(m).startsWith(`${pledge}:extension:`))),
      id,
    ).find((m) => keyOf(m).startsWith(`${pledge}:extension:`))!;
    expect(extension.to).toEqual(['tgi.tuan@example.org']);
    expect(taskLinkClaim(extension, links)).toMatchObject({ person: REPS.TGI, task: pledge, unit: 'TGI', expiresAt: until + grace });
    // The invitation's link still says the old closing: links are not changed once mailed.
    expect(taskLinkClaim(await mailOf(`${pledge}:invitation:TGI`), links).expiresAt).toBe(deadline + grace);

    for (const unit of ['TGI', 'DBI', 'MAN', 'DBP'] as const) await signPledge(h.client, { cycleId: id, unit, signer: REPS[unit] });
    // MLA waits for its first reminder, which links to the same task.
    const reminder = await mailOf(`${pledge}:reminder:1:MLA`);
    expect(taskLinkClaim(reminder, links)).toMatchObject({
      person: REPS.MLA,
      role: 'representative',
      unit: 'MLA',
      expiresAt: deadline + grace,
    });
    await signPledge(h.client, { cycleId: id, unit: 'MLA', signer: REPS.MLA });
    await h.client.workflow.getHandle<typeof annualCycle>(id).result();

    // A link is refused by another key, and once its closing has passed.
    const other = { ...links, keys: [{ id: links.keys[0]!.id, secret: Buffer.alloc(32, 1) }] };
    expect(() => taskLinkClaim(invitation, other)).toThrow(/tampered/);
    expect(() => taskLinkClaim(invitation, links, deadline + grace)).toThrow(/expired/);

    const mails = mailsOf(await h.mail.waitFor((all) => mailsOf(all, id).some((m) => keyOf(m) === `${pledge}:closed:snv.ha`)), id);
    expect(mails.length).toBeGreaterThanOrEqual(18);
    for (const mail of mails) {
      expect(mail.text, mail.subject).not.toContain('tdkt ');
      expect(mail.html, mail.subject).not.toContain('tdkt ');
    }
  });
});
