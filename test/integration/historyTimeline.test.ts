import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultPayloadConverter } from '@temporalio/common';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import type { temporal } from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import type { Lang } from '../../client/cliLang.ts';
import { formatTimeline, historyTimeline, type TimelineEntry } from '../../client/historyTimeline.ts';
import { decodedPayloads } from '../support/fixtures.ts';

// `tdkt history` without servers: the committed histories (test/replay/histories) and a few
// made-up ones read as timelines, and ballots stay secret in every form the command prints.

const DIR = fileURLToPath(new URL('../replay/histories/', import.meta.url));
const FIXTURES = readdirSync(DIR).filter((f) => f.endsWith('.json'));
const END_KINDS = ['completed', 'failed', 'terminated', 'canceled', 'timed-out', 'continued-as-new'];

interface Fixture {
  workflowId: string;
  raw: unknown;
  history: temporal.api.history.v1.IHistory;
}
function load(file: string): Fixture {
  const { workflowId, history } = JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as { workflowId: string; history: unknown };
  return { workflowId, raw: history, history: historyFromJSON(history) };
}

/** Everything the command could print for a history: both languages, as text and as --json. */
function everyOutput(f: Fixture): string {
  return (['en', 'vi'] as Lang[])
    .map((lang) => {
      const entries = historyTimeline(f.history, f.workflowId, lang);
      return `${formatTimeline(entries, lang)}\n${JSON.stringify(entries)}`;
    })
    .join('\n');
}
const text = (f: Fixture, lang: Lang) => formatTimeline(historyTimeline(f.history, f.workflowId, lang), lang);

/** The sealed envelopes and written votes a history carries, found by decoding every payload in it. */
function secretsOf(raw: unknown): string[] {
  const secrets: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (typeof v !== 'object' || v === null) return;
    for (const [k, inner] of Object.entries(v)) {
      if (['sealed', 'envelope', 'ciphertext'].includes(k) && typeof inner === 'string') secrets.push(inner);
      else if (k === 'votes' && typeof inner === 'object') secrets.push(JSON.stringify(inner));
      else walk(inner);
    }
  };
  for (const line of decodedPayloads(raw).split('\n')) {
    try {
      walk(JSON.parse(line));
    } catch {
      // not JSON: nothing sealed in it
    }
  }
  return secrets;
}

/** Who cast a ballot: the actor of every ballot Update in the history. */
function votersOf(f: Fixture): string[] {
  return (f.history.events ?? []).flatMap((e) => {
    const input = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input;
    if (!input || !['councilVote', 'submit'].includes(input.name ?? '')) return [];
    const arg = defaultPayloadConverter.fromPayload<{ actor: string }>(input.args!.payloads![0]!);
    return [arg.actor];
  });
}

describe('the timeline of every committed history', () => {
  it.each(FIXTURES)('%s starts with the start and ends with the end, in both languages', (file) => {
    const f = load(file);
    for (const lang of ['en', 'vi'] as Lang[]) {
      const entries = historyTimeline(f.history, f.workflowId, lang);
      expect(entries[0]).toMatchObject({ kind: 'started', details: { workflowId: f.workflowId } });
      expect(END_KINDS).toContain(entries.at(-1)!.kind);
      expect(entries.every((e) => !Number.isNaN(Date.parse(e.at)) && e.text.length > 0)).toBe(true);
      // The engine's own bookkeeping is left out.
      expect(entries.some((e) => /workflow task/i.test(e.text))).toBe(false);
    }
    const [en, vi] = [text(f, 'en'), text(f, 'vi')];
    expect(en).not.toBe('');
    expect(vi).not.toBe('');
    expect(en).not.toBe(vi);
  });
});

describe('ballots', () => {
  it.each(['round-ballot-1.v3.json', 'councilSession.v5.json'])('%s: names every voter and prints no ballot content', (file) => {
    const f = load(file);
    const secrets = secretsOf(f.raw);
    expect(secrets.length).toBeGreaterThanOrEqual(5);
    const output = everyOutput(f);
    for (const secret of secrets) {
      // Not even the start of one: a cut-down envelope would still be part of it.
      expect(output).not.toContain(secret.slice(0, 20));
    }
    const voters = votersOf(f);
    expect(voters.length).toBeGreaterThanOrEqual(5);
    for (const voter of voters) expect(output).toContain(voter);
    // The written (unsealed) council votes are as secret as the sealed ones.
    const voteLines = `${text(f, 'en')}\n${text(f, 'vi')}`
      .split('\n')
      .filter((l) => /councilVote|castCouncilBallot|recordCouncilVote|phiếu kín/.test(l));
    expect(voteLines.length).toBeGreaterThanOrEqual(10);
    expect(voteLines.some((l) => /approve|reject|abstain|DB-VT:flag/.test(l))).toBe(false);
    const ballotEntries = historyTimeline(f.history, f.workflowId, 'en').filter((e) => e.details?.sealed);
    expect(ballotEntries).toHaveLength(voters.length);
    expect(JSON.stringify(ballotEntries)).not.toMatch(/approve|reject|abstain|votes|choices/);
    expect(text(f, 'en')).toContain('sealed ballot');
    expect(text(f, 'vi')).toContain('phiếu kín');
  });
});

describe('what administrators look for', () => {
  it('annualCycle.v4: the phases in order, and each Update with its actor', () => {
    const f = load('annualCycle.v4.json');
    const entries = historyTimeline(f.history, f.workflowId, 'en');
    const phases = entries.filter((e) => e.kind === 'phase').map((e) => e.details?.TdktPhase);
    expect(phases).toEqual([
      'starting',
      'scheduled',
      'launch',
      'pledges',
      'pledges-closed',
      'reporting',
      'reports-closed',
      'scoring',
      'consolidation',
      'ballot',
      'leaders-decide',
      'nominated',
      'submitted',
      'revision',
      'submitted',
      'awarded',
    ]);
    const updates = entries.filter((e) => e.kind === 'update-accepted');
    expect(updates.map((u) => [u.details?.update, u.actor])).toEqual([
      ['recordVeto', 'snv.ha'],
      ['adjustScore', 'dbi.binh'],
      ['decideFlag', 'dbi.binh'],
      ['decideFlag', 'man.hoa'],
      ['amendSubmission', 'dbi.binh'],
    ]);
    const en = text(f, 'en');
    expect(en).toContain(
      'Update accepted: adjustScore by dbi.binh — unit MAN, points +0.5, reason “Bổ sung minh chứng phong trào thi đua”',
    );
    expect(en).toContain('Update accepted: recordVeto by snv.ha — unit MLA');
    expect(en).toContain('Phase → launch');
    expect(text(f, 'vi')).toContain('Cập nhật được chấp nhận: adjustScore do dbi.binh — đơn vị MAN, điểm +0.5');
    expect(en.indexOf('Phase → launch')).toBeLessThan(en.indexOf('Phase → awarded'));
  });

  it('round-report-H1.v2: the extension with its reason, a second version, a late report, and no narrative', () => {
    const f = load('round-report-H1.v2.json');
    const en = text(f, 'en');
    expect(en).toMatch(/Update accepted: extend by snv\.ha — units TGI, until \d\d:\d\d:\d\d 27\/11\/2026, reason “Mưa lũ kéo dài”/);
    expect(en).toContain('recordExtension — deadline of TGI moved to');
    expect(en).toContain('submit by dbi.binh — DBI submitted its H1 report (version 2)');
    expect(en).toContain('submit by mla.hung — MLA submitted its H1 report (late, 1 point(s) off)');
    const vi = text(f, 'vi');
    expect(vi).toContain('lý do “Mưa lũ kéo dài”');
    expect(vi).toContain('MLA nộp báo cáo H1 (muộn, trừ 1 điểm)');
    expect(everyOutput(f)).not.toContain('Sơ kết 6 tháng');
  });

  it('round-pledge-bloc.v6: the members merged away during the round', () => {
    const f = load('round-pledge-bloc.v6.json');
    const signals = historyTimeline(f.history, f.workflowId, 'en').filter((e) => e.kind === 'signal');
    expect(signals.map((s) => s.text)).toEqual([
      'Signal received: memberMerged — SKHCN merged into STP, its open tasks are closed',
      'Signal received: memberMerged — VPUB merged into STC, its open tasks go to STC',
    ]);
    expect(text(f, 'vi')).toContain('Nhận tín hiệu: memberMerged — SKHCN sáp nhập vào STP, đóng việc đang mở');
    expect(text(load('annualCycle-bloc.v6.json'), 'en')).toContain(
      'Signal sent: memberMerged → cycle/DB-KTH/2026/pledge — SKHCN merged into STP',
    );
  });

  it('round-pledge.v3: reminders, escalation, the round closing with who is missing, and code version markers', () => {
    const en = text(load('round-pledge.v3.json'), 'en');
    expect(en).toContain('sendUnitReminders — reminders mailed to TGI, MLA');
    expect(en).toContain('escalate — escalated to the secretariat: TGI, MLA');
    expect(en).toContain('closeRound — round closed; missing: MLA');
    expect(en).toContain('Code version marker: round-agenda');
    const vi = text(load('round-pledge.v3.json'), 'vi');
    expect(vi).toContain('Gửi thư nhắc: TGI, MLA');
    expect(vi).toContain('Mở vòng (pledge, 5 đơn vị)');
  });
});

describe('a made-up history', () => {
  const payload = (value: unknown) => defaultPayloadConverter.toPayload(value);
  let id = 0;
  // Plain numbers where the protobuf types say Long: the timeline must read both (the JSON fixtures decode to either).
  const event = (second: number, attributes: Record<string, unknown>) =>
    ({
      eventId: ++id,
      eventTime: { seconds: 1_545_000_000 + second, nanos: 0 },
      ...attributes,
    }) as unknown as temporal.api.history.v1.IHistoryEvent;
  const longReason = `Lý do rất dài ${'x'.repeat(200)} KẾT THÚC`;
  const history: temporal.api.history.v1.IHistory = {
    events: [
      event(0, {
        workflowExecutionStartedEventAttributes: {
          workflowType: { name: 'round' },
          input: { payloads: [payload({ cluster: 'DB-VT', year: 2018, kind: 'pledge' })] },
        },
      }),
      event(1, { workflowTaskScheduledEventAttributes: {} }),
      event(2, {
        activityTaskScheduledEventAttributes: {
          activityType: { name: 'sendReminders' },
          input: { payloads: [payload({ units: ['TGI', 'MLA'], seq: 1 })] },
        },
      }),
      event(5, {
        activityTaskStartedEventAttributes: {
          scheduledEventId: 3,
          attempt: 2,
          lastFailure: { message: 'Activity task failed', cause: { message: 'SMTP server unavailable' } },
        },
      }),
      event(5, { activityTaskCompletedEventAttributes: { scheduledEventId: 3, startedEventId: 4 } }),
      event(6, {
        workflowExecutionSignaledEventAttributes: {
          signalName: 'odd',
          input: { payloads: [{ metadata: { encoding: new TextEncoder().encode('binary/unknown') }, data: new Uint8Array([1, 2, 3]) }] },
        },
      }),
      event(7, {
        workflowExecutionUpdateAcceptedEventAttributes: {
          acceptedRequest: {
            input: { name: 'recordVeto', args: { payloads: [payload({ actor: 'snv.ha', unit: 'MLA', description: longReason })] } },
          },
        },
      }),
      event(8, {
        workflowExecutionUpdateAcceptedEventAttributes: {
          acceptedRequest: {
            input: { name: 'castVote', args: { payloads: [payload({ actor: 'hd.yte', envelope: 'TOP-SECRET-ENVELOPE-CONTENT' })] } },
          },
        },
      }),
      event(9, {
        workflowExecutionUpdateCompletedEventAttributes: {
          acceptedEventId: 8,
          outcome: { failure: { message: 'the ballot box is closed' } },
        },
      }),
      event(10, { timerStartedEventAttributes: { timerId: '1', startToFireTimeout: { seconds: 90_000 } } }),
      event(11, {
        activityTaskScheduledEventAttributes: {
          activityType: { name: 'escalate' },
          input: { payloads: [payload({ escalations: [{ unit: 'MLA', seq: 1 }] })] },
        },
      }),
      event(20, { activityTaskStartedEventAttributes: { scheduledEventId: 11, attempt: 3 } }),
      event(20, {
        activityTaskFailedEventAttributes: { scheduledEventId: 11, startedEventId: 12, failure: { message: 'no secretariat for DB-VT' } },
      }),
      event(21, { markerRecordedEventAttributes: { markerName: 'core_patch', details: { patch_id: { payloads: [payload('scoring')] } } } }),
      event(22, {
        workflowExecutionFailedEventAttributes: {
          failure: { message: 'Activity task failed', cause: { message: 'no secretariat for DB-VT' } },
        },
      }),
    ],
  };
  const en = historyTimeline(history, 'cycle/DB-VT/2018/pledge', 'en');
  const vi = historyTimeline(history, 'cycle/DB-VT/2018/pledge', 'vi');
  const enText = formatTimeline(en, 'en');

  it('shows a retry with its attempt and why the previous one failed, and a final failure', () => {
    expect(enText).toContain('sendReminders: attempt 2 (the previous one failed: SMTP server unavailable)');
    expect(formatTimeline(vi, 'vi')).toContain('sendReminders: lần thử 2 (lần trước lỗi: SMTP server unavailable)');
    expect(en.find((e) => e.kind === 'activity-failed')).toMatchObject({
      text: 'escalate failed (attempt 3): no secretariat for DB-VT',
      details: { attempt: 3 },
    });
    expect(en.at(-1)).toMatchObject({ kind: 'failed', text: 'Workflow failed: no secretariat for DB-VT' });
    expect(vi.at(-1)!.text).toBe('Quy trình thất bại: no secretariat for DB-VT');
  });

  it('cuts free text at 80 characters, shows an undecodable payload as (binary), and seals an envelope', () => {
    const veto = en.find((e) => e.details?.update === 'recordVeto')!;
    expect(veto.text).toContain('…');
    expect(veto.text).not.toContain('KẾT THÚC');
    expect(enText).toContain('Signal received: odd — (binary)');
    expect(enText).toContain('Update accepted: castVote by hd.yte — sealed ballot');
    expect(enText).toContain('Update failed: castVote — the ballot box is closed');
    expect(JSON.stringify([en, vi])).not.toContain('TOP-SECRET');
  });

  it('tells waits in words, skips workflow tasks and reads the older patch marker', () => {
    expect(enText).toContain('Waits 1 d 1 h (until');
    expect(formatTimeline(vi, 'vi')).toContain('Chờ 1 ngày 1 giờ');
    expect(enText).toContain('Code version marker: scoring');
    expect(en.map((e: TimelineEntry) => e.kind)).not.toContain(undefined);
    expect(en).toHaveLength(14);
  });
});
