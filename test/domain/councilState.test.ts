import { describe, expect, it } from 'vitest';
import {
  councilId,
  DEFAULT_COUNCIL_RULES,
  MAX_COUNCIL_SESSIONS,
  type ClusterSubmission,
  type CouncilCount,
  type CouncilPhase,
} from '../../domain/council.ts';
import {
  applyAppraisal,
  applyApproval,
  applyAttendance,
  applyCouncilSetup,
  applyCouncilVeto,
  applyRevocation,
  applySubmission,
  checkAmendment,
  checkAppraisal,
  checkAttendance,
  checkCouncilVeto,
  checkCouncilVote,
  checkDecision,
  checkReschedule,
  checkSecretariat,
  newCouncilState,
  nominationsOf,
  openSession,
  outcomeNotices,
  parseNominationId,
  revocationNotices,
  revocationTargets,
  submissionOf,
  takeVote,
  votable,
  writtenVotes,
  type CouncilState,
} from '../../domain/councilState.ts';
import { Rejection } from '../../domain/rejections.ts';

// The council workflow's state and the rules its Update validators ask (councilSession): each
// refusal with its code and message, and the accepted case; and the state changes the workflow
// makes once an action is taken.

const ID = councilId('Điện Biên', 2018);
const CHAIR = 'ubnd.chutich';
const MEMBERS = [CHAIR, ...Array.from({ length: 14 }, (_, i) => `hd.tv${String(i + 1).padStart(2, '0')}`)].sort();
const SECRETARIAT = 'snv.ha';
const CALENDAR = {
  submitBy: '2018-12-10T10:00:00+07:00',
  remindBefore: [],
  sessionAt: '2018-12-20T08:00:00+07:00',
  sessionLength: 'PT4H',
  complaintWindow: 'P30D',
};
const NOW = Date.parse('2018-12-12T03:00:00Z');
const LOW: ClusterSubmission = {
  cycleId: 'cycle/DB-VT/2018',
  cluster: 'DB-VT',
  version: 1,
  nominations: [
    { award: 'flag', unit: 'TGI' },
    { award: 'certificate', unit: 'DBI' },
  ],
  documentId: 'doc-low',
  at: 1,
};
const HIGH: ClusterSubmission = {
  cycleId: 'cycle/DB-VC/2018',
  cluster: 'DB-VC',
  version: 1,
  nominations: [{ award: 'flag', unit: 'MCH' }],
  documentId: 'doc-high',
  at: 2,
};

function loaded(phase: CouncilPhase = 'collecting'): CouncilState {
  const state = newCouncilState({ councilId: ID, province: 'Điện Biên', year: 2018, calendar: CALENDAR });
  applySubmission(state, LOW);
  applyCouncilSetup(state, { expected: ['DB-VC', 'DB-VT'], members: MEMBERS, chair: CHAIR, secretariat: [SECRETARIAT] });
  state.status.phase = phase;
  return state;
}

/** A state in the given phase of session `number`, with `present` recorded and every nomination of LOW and HIGH accepted. */
function inSession(phase: CouncilPhase, present?: string[], number = 1): CouncilState {
  const state = loaded();
  applySubmission(state, HIGH);
  for (const n of Object.keys(state.status.appraisal)) applyAppraisal(state, { actor: SECRETARIAT, nomination: n, verdict: 'accept' });
  state.status.sessions = Array.from({ length: number }, (_, i) => ({ number: i + 1, at: '2018-12-20T01:00:00.000Z' }));
  if (present) applyAttendance(state, present, DEFAULT_COUNCIL_RULES);
  state.status.phase = phase;
  return state;
}

const count = (nomination: string, approved: boolean): CouncilCount => ({
  nomination,
  award: parseNominationId(nomination).award,
  for: approved ? 12 : 3,
  against: 0,
  abstain: 0,
  notVoted: 0,
  written: 0,
  needed: 12,
  approved,
});
function approvedDecision(): CouncilState {
  const state = inSession('approved', MEMBERS);
  state.status.counts = [count('DB-VT:flag:TGI', true), count('DB-VT:certificate:DBI', false), count('DB-VC:flag:MCH', true)];
  state.status.decision = {
    status: 'approved',
    number: '101/QĐ-UBND',
    date: '20/12/2018',
    complaintsUntil: '2019-01-19T01:00:00.000Z',
    revoked: [],
  };
  return state;
}

describe('the council state: submissions and setup', () => {
  it('starts collecting, with nobody known, and knows members, chair, secretariat and who is missing once loaded', () => {
    const fresh = newCouncilState({ councilId: ID, province: 'Điện Biên', year: 2018, calendar: CALENDAR });
    expect(fresh.status).toMatchObject({ councilId: ID, phase: 'collecting', chair: '', members: [], submissions: [] });
    const state = loaded();
    expect(state.status).toMatchObject({ chair: CHAIR, members: MEMBERS, expected: ['DB-VC', 'DB-VT'], missing: ['DB-VC'] });
    expect(state.secretariat).toEqual([SECRETARIAT]);
  });

  it('takes a submission, ignores a repeated or older one, and keeps what a new version no longer carries as withdrawn', () => {
    const state = loaded();
    expect(nominationsOf(LOW)).toEqual(['DB-VT:flag:TGI', 'DB-VT:certificate:DBI']);
    expect(state.status.appraisal).toEqual({ 'DB-VT:flag:TGI': { status: 'pending' }, 'DB-VT:certificate:DBI': { status: 'pending' } });
    applyAppraisal(state, { actor: SECRETARIAT, nomination: 'DB-VT:flag:TGI', verdict: 'accept' });
    applyAppraisal(state, {
      actor: SECRETARIAT,
      nomination: 'DB-VT:certificate:DBI',
      verdict: 'return',
      reason: '  Thiếu xác nhận của cơ quan thuế  ',
    });
    expect(state.status.appraisal['DB-VT:certificate:DBI']).toEqual({
      status: 'returned',
      by: SECRETARIAT,
      reason: 'Thiếu xác nhận của cơ quan thuế',
    });
    applySubmission(state, { ...LOW, documentId: 'again' });
    expect(state.status.submissions.map((s) => s.documentId)).toEqual(['doc-low']);
    applySubmission(state, {
      ...LOW,
      version: 2,
      nominations: [
        { award: 'flag', unit: 'TGI' },
        { award: 'certificate', unit: 'DBP' },
      ],
    });
    expect(state.status.appraisal).toEqual({
      'DB-VT:flag:TGI': { status: 'accepted', by: SECRETARIAT },
      'DB-VT:certificate:DBI': { status: 'withdrawn' },
      'DB-VT:certificate:DBP': { status: 'pending' },
    });
    // Only a new or a returned nomination waits for the appraisal again: a withdrawn one stays withdrawn.
    applySubmission(state, { ...LOW, version: 3 });
    expect(state.status.appraisal['DB-VT:certificate:DBI']).toEqual({ status: 'withdrawn' });
    applySubmission(state, HIGH);
    expect(state.status.missing).toEqual([]);
    expect(submissionOf(state, 'DB-VC:flag:MCH')?.cycleId).toBe('cycle/DB-VC/2018');
  });
});

describe('checkSecretariat and the setup', () => {
  it('says the council is still being set up until its chair is known', () => {
    const fresh = newCouncilState({ councilId: ID, province: 'Điện Biên', year: 2018, calendar: CALENDAR });
    const starting = { code: Rejection.RoundNotOpen, message: `the council ${ID} is still being set up; try again in a moment` };
    expect(checkSecretariat(fresh, SECRETARIAT)).toEqual(starting);
    expect(checkAppraisal(fresh, { actor: SECRETARIAT, nomination: 'DB-VT:flag:TGI', verdict: 'accept' })).toEqual(starting);
    expect(
      checkCouncilVeto(fresh, { actor: SECRETARIAT, unit: 'TGI', source: 'tax', reference: 'CV 12', description: 'Chậm nộp thuế kéo dài' }),
    ).toEqual(starting);
    expect(checkAttendance(fresh, { actor: SECRETARIAT, present: [] })).toEqual(starting);
    expect(checkReschedule(fresh, { actor: SECRETARIAT, at: '2018-12-21T08:00:00+07:00' }, NOW)).toEqual(starting);
  });

  it('lets the secretariat only', () => {
    expect(checkSecretariat(loaded(), SECRETARIAT)).toBeUndefined();
    expect(checkSecretariat(loaded(), CHAIR)).toEqual({
      code: Rejection.NotAuthorised,
      message: `only the secretariat (${SECRETARIAT}) may do this; ${CHAIR} may not`,
    });
  });
});

describe('checkAppraisal', () => {
  const accept = (nomination = 'DB-VT:flag:TGI', actor = SECRETARIAT) => ({ actor, nomination, verdict: 'accept' });

  it('takes the secretariat’s verdict on a submitted nomination while collecting, in appraisal and between sessions', () => {
    for (const phase of ['collecting', 'appraisal', 'rescheduling'] as const)
      expect(checkAppraisal(loaded(phase), accept())).toBeUndefined();
    expect(checkAppraisal(loaded(), { ...accept(), verdict: 'return', reason: 'Thiếu xác nhận của cơ quan thuế' })).toBeUndefined();
  });

  it('refuses malformed input, with every problem', () => {
    expect(checkAppraisal(loaded(), { ...accept(), verdict: 'return', reason: 'ngắn' })).toEqual({
      code: Rejection.InvalidInput,
      message: 'reason: returning a nomination needs a reason of at least 10 characters',
    });
    expect(checkAppraisal(loaded(), { ...accept('TGI') })?.code).toBe(Rejection.InvalidInput);
  });

  it('refuses anyone but the secretariat', () => {
    expect(checkAppraisal(loaded(), accept('DB-VT:flag:TGI', 'dbi.binh'))).toEqual({
      code: Rejection.NotAuthorised,
      message: `only the secretariat (${SECRETARIAT}) may do this; dbi.binh may not`,
    });
  });

  it('refuses once the council votes', () => {
    for (const phase of ['session', 'voting', 'counting', 'decision', 'approved', 'closed'] as const) {
      expect(checkAppraisal(loaded(phase), accept())).toEqual({
        code: Rejection.RoundClosed,
        message: `nominations are appraised before the council votes (phase now: ${phase})`,
      });
    }
  });

  it('refuses a nomination nobody submitted, naming those submitted', () => {
    expect(checkAppraisal(loaded(), accept('DB-VT:flag:MLA'))).toEqual({
      code: Rejection.InvalidInput,
      message: 'no submitted nomination DB-VT:flag:MLA; nominations: DB-VT:flag:TGI, DB-VT:certificate:DBI',
    });
    const none = newCouncilState({ councilId: ID, province: 'Điện Biên', year: 2018, calendar: CALENDAR });
    applyCouncilSetup(none, { expected: [], members: MEMBERS, chair: CHAIR, secretariat: [SECRETARIAT] });
    expect(checkAppraisal(none, accept())?.message).toBe('no submitted nomination DB-VT:flag:TGI; nominations: none yet');
  });

  it('refuses a vetoed or withdrawn nomination', () => {
    const state = loaded();
    applyCouncilVeto(state, { unit: 'TGI', source: 'tax', reference: 'CV 12' });
    expect(checkAppraisal(state, accept())).toEqual({ code: Rejection.RoundClosed, message: 'DB-VT:flag:TGI is vetoed' });
    applySubmission(state, { ...LOW, version: 2, nominations: [{ award: 'flag', unit: 'TGI' }] });
    expect(checkAppraisal(state, accept('DB-VT:certificate:DBI'))).toEqual({
      code: Rejection.RoundClosed,
      message: 'DB-VT:certificate:DBI is withdrawn',
    });
  });
});

describe('checkCouncilVeto and applyCouncilVeto', () => {
  const veto = (unit = 'DBI', actor = SECRETARIAT) => ({
    actor,
    unit,
    source: 'inspectorate',
    reference: 'Kết luận 07/KL-TTr',
    description: 'Sai phạm trong quản lý đầu tư công',
  });

  it('takes a late veto until the council has voted, and bars the unit’s nominations not withdrawn', () => {
    for (const phase of ['collecting', 'appraisal', 'session', 'rescheduling', 'voting'] as const)
      expect(checkCouncilVeto(loaded(phase), veto())).toBeUndefined();
    const state = loaded();
    applySubmission(state, { ...LOW, cluster: 'DB-XX', cycleId: 'cycle/DB-XX/2018', nominations: [{ award: 'flag', unit: 'DBI' }] });
    applySubmission(state, { ...LOW, cluster: 'DB-XX', cycleId: 'cycle/DB-XX/2018', version: 2, nominations: [] });
    expect(applyCouncilVeto(state, { unit: 'DBI', source: 'inspectorate', reference: 'KL 07' })).toEqual(['DB-VT:certificate:DBI']);
    expect(state.status.appraisal['DB-VT:certificate:DBI']).toEqual({ status: 'vetoed', source: 'inspectorate', reference: 'KL 07' });
    expect(state.status.appraisal['DB-XX:flag:DBI']).toEqual({ status: 'withdrawn' });
  });

  it('refuses malformed input, anyone but the secretariat, a unit with no nomination, and after the vote', () => {
    expect(checkCouncilVeto(loaded(), { ...veto(), source: 'rumour' })?.code).toBe(Rejection.InvalidInput);
    expect(checkCouncilVeto(loaded(), veto('DBI', CHAIR))?.code).toBe(Rejection.NotAuthorised);
    expect(checkCouncilVeto(loaded(), veto('MLA'))).toEqual({
      code: Rejection.NotAMember,
      message: 'MLA has no nomination before the council',
    });
    for (const phase of ['counting', 'decision', 'approved', 'closed'] as const) {
      expect(checkCouncilVeto(loaded(phase), veto())).toEqual({
        code: Rejection.RoundClosed,
        message: `the council has voted (phase ${phase}); a violation found now is a matter for revocation`,
      });
    }
  });
});

describe('checkAttendance and applyAttendance', () => {
  it('takes who is present once, when a session opens, and says whether the session may vote', () => {
    const state = inSession('session');
    expect(checkAttendance(state, { actor: SECRETARIAT, present: MEMBERS.slice(0, 12) })).toBeUndefined();
    expect(applyAttendance(state, [...MEMBERS.slice(0, 12), MEMBERS[0]!], DEFAULT_COUNCIL_RULES)).toEqual({
      number: 1,
      present: MEMBERS.slice(0, 12),
      quorum: { ok: true, present: 12, members: 15, needed: 12 },
    });
    expect(checkAttendance(state, { actor: SECRETARIAT, present: MEMBERS })).toEqual({
      code: Rejection.RoundNotOpen,
      message: 'attendance is taken once, when a session opens (phase now: session)',
    });
    expect(applyAttendance(inSession('session'), MEMBERS.slice(0, 9), DEFAULT_COUNCIL_RULES).quorum).toMatchObject({
      ok: false,
      reason: 'no quorum: 9 of 15 members present, at least 10 needed',
    });
  });

  it('refuses malformed input, anyone but the secretariat, outside a session, and strangers', () => {
    expect(checkAttendance(inSession('session'), { actor: SECRETARIAT, present: 'all' })?.code).toBe(Rejection.InvalidInput);
    expect(checkAttendance(inSession('session'), { actor: CHAIR, present: [] })?.code).toBe(Rejection.NotAuthorised);
    expect(checkAttendance(inSession('appraisal'), { actor: SECRETARIAT, present: [] })).toEqual({
      code: Rejection.RoundNotOpen,
      message: 'attendance is taken once, when a session opens (phase now: appraisal)',
    });
    expect(checkAttendance(inSession('session'), { actor: SECRETARIAT, present: [CHAIR, 'dbi.binh', 'tgi.tuan'] })).toEqual({
      code: Rejection.NotAMember,
      message: 'not members of the council in 2018: dbi.binh, tgi.tuan',
    });
  });
});

describe('checkReschedule', () => {
  const later = '2018-12-21T08:00:00+07:00';

  it('takes a new time in the future while the council is rescheduling', () => {
    expect(checkReschedule(inSession('rescheduling'), { actor: SECRETARIAT, at: later }, NOW)).toBeUndefined();
  });

  it('refuses malformed input and anyone but the secretariat', () => {
    expect(checkReschedule(inSession('rescheduling'), { actor: SECRETARIAT, at: 'tomorrow' }, NOW)).toEqual({
      code: Rejection.InvalidInput,
      message: 'at: expected an ISO 8601 date-time with a zone, e.g. 2018-12-20T08:00:00+07:00',
    });
    expect(checkReschedule(inSession('rescheduling'), { actor: CHAIR, at: later }, NOW)?.code).toBe(Rejection.NotAuthorised);
  });

  it('refuses outside the rescheduling phase', () => {
    for (const phase of ['appraisal', 'session', 'voting', 'decision'] as const) {
      expect(checkReschedule(inSession(phase), { actor: SECRETARIAT, at: later }, NOW)).toEqual({
        code: Rejection.RoundNotOpen,
        message: `a session is rescheduled only after one failed or the chair returned the proposal (phase now: ${phase})`,
      });
    }
  });

  it('refuses a session past the most a council holds', () => {
    expect(
      checkReschedule(inSession('rescheduling', undefined, MAX_COUNCIL_SESSIONS - 1), { actor: SECRETARIAT, at: later }, NOW),
    ).toBeUndefined();
    expect(checkReschedule(inSession('rescheduling', undefined, MAX_COUNCIL_SESSIONS), { actor: SECRETARIAT, at: later }, NOW)).toEqual({
      code: Rejection.RoundClosed,
      message: `the council has held ${MAX_COUNCIL_SESSIONS} sessions this year, the most one council holds; the province convenes a new council for what is left`,
    });
  });

  it('refuses a time not in the future', () => {
    const now = Date.parse(later);
    expect(checkReschedule(inSession('rescheduling'), { actor: SECRETARIAT, at: later }, now)).toEqual({
      code: Rejection.InvalidInput,
      message: `the new session time must be an ISO 8601 date-time in the future, not ${later}`,
    });
  });
});

describe('checkCouncilVote', () => {
  const present = MEMBERS.slice(0, 12);
  const absent = MEMBERS[13]!;
  const sealed = (actor: string) => ({ actor, written: false, sealed: 'v1.AAAAAAAAAAAAAAAAAAAAAAAA' });
  const written = (actor: string, votes: Record<string, string> = { 'DB-VT:flag:TGI': 'approve' }) => ({ actor, written: true, votes });

  it('takes a present member’s sealed ballot and an absent member’s written vote on what is on the ballot', () => {
    const state = inSession('voting', present);
    expect(votable(state)).toEqual(['DB-VT:flag:TGI', 'DB-VT:certificate:DBI', 'DB-VC:flag:MCH']);
    expect(checkCouncilVote(state, sealed(present[0]!))).toBeUndefined();
    expect(checkCouncilVote(state, written(absent))).toBeUndefined();
  });

  it('refuses malformed input and non-members', () => {
    expect(checkCouncilVote(inSession('voting', present), { actor: present[0], written: false })?.code).toBe(Rejection.InvalidInput);
    expect(checkCouncilVote(inSession('voting', present), written('dbi.binh'))).toEqual({
      code: Rejection.NotAMember,
      message: 'dbi.binh is not a member of the council in 2018',
    });
  });

  it('refuses before the vote opens and, as closed, once it is counted', () => {
    for (const phase of ['appraisal', 'session', 'rescheduling'] as const)
      expect(checkCouncilVote(inSession(phase, present), sealed(present[0]!))).toEqual({
        code: Rejection.RoundNotOpen,
        message: `the council's vote is not open (phase ${phase})`,
      });
    for (const phase of ['counting', 'decision', 'approved', 'closed'] as const)
      expect(checkCouncilVote(inSession(phase, present), written(absent))).toEqual({
        code: Rejection.RoundClosed,
        message: `the council's vote is not open (phase ${phase})`,
      });
  });

  it('refuses a second vote in the session', () => {
    const state = inSession('voting', present);
    state.status.voted.push({ member: present[1]!, written: false });
    expect(checkCouncilVote(state, sealed(present[1]!))).toEqual({
      code: Rejection.Duplicate,
      message: `${present[1]} has already voted in this session`,
    });
  });

  it('sends present members to the ballot box and absent ones to writing', () => {
    const state = inSession('voting', present);
    expect(checkCouncilVote(state, written(present[0]!))).toEqual({
      code: Rejection.InvalidInput,
      message: `${present[0]} is present: written votes are for absent members`,
    });
    expect(checkCouncilVote(state, sealed(absent))).toEqual({
      code: Rejection.InvalidInput,
      message: `${absent} is not present at the session: vote in writing (--written)`,
    });
  });

  it('refuses a written vote on what is not on the ballot (a vetoed nomination)', () => {
    const state = inSession('voting', present);
    applyCouncilVeto(state, { unit: 'DBI', source: 'tax', reference: 'CV 12' });
    expect(checkCouncilVote(state, written(absent, { 'DB-VT:certificate:DBI': 'approve' }))).toEqual({
      code: Rejection.InvalidInput,
      message: 'not on the ballot: DB-VT:certificate:DBI; the ballot: DB-VT:flag:TGI, DB-VC:flag:MCH',
    });
  });
});

describe('sessions and votes', () => {
  it('opens each session with the next number and no votes, takes votes, and hands the count the written ones', () => {
    const state = inSession('voting', MEMBERS.slice(0, 12));
    takeVote(state, { actor: MEMBERS[0]!, written: false, sealed: 'v1.AAAAAAAAAAAAAAAAAAAAAAAA' });
    takeVote(state, { actor: MEMBERS[13]!, written: true, votes: { 'DB-VT:flag:TGI': 'approve' } });
    expect(state.status.voted).toEqual([
      { member: MEMBERS[0], written: false },
      { member: MEMBERS[13], written: true },
    ]);
    expect(Object.keys(state.ballots)).toEqual([MEMBERS[0], MEMBERS[13]]);
    expect(writtenVotes(state)).toEqual([{ votes: { 'DB-VT:flag:TGI': 'approve' }, written: true }]);
    openSession(state, Date.parse('2018-12-21T01:00:00Z'));
    expect(state.status.sessions.at(-1)).toEqual({ number: 2, at: '2018-12-21T01:00:00.000Z' });
    expect([state.status.voted, state.ballots, writtenVotes(state)]).toEqual([[], {}, []]);
  });
});

describe('the approved decision', () => {
  it('records the number, the date and the complaint window, and tells each cycle with an outcome, with the window from revocation-telling councils on', () => {
    const state = inSession('decision', MEMBERS);
    applySubmission(state, { ...HIGH, cluster: 'DB-XX', cycleId: 'cycle/DB-XX/2018', nominations: [] });
    applyApproval(state, { number: '101/QĐ-UBND', date: '20/12/2018' }, Date.parse('2019-01-19T01:00:00Z'));
    expect(state.status.decision).toEqual({
      status: 'approved',
      number: '101/QĐ-UBND',
      date: '20/12/2018',
      complaintsUntil: '2019-01-19T01:00:00.000Z',
      revoked: [],
    });
    const outcome = (unit: string) => ({
      decisionNumber: '101/QĐ-UBND',
      date: '20/12/2018',
      awarded: [{ award: 'flag' as const, unit, amount: 18_720_000 }],
      notAwarded: [],
    });
    const outcomes = { 'DB-VT': outcome('TGI'), 'DB-VC': outcome('MCH') };
    expect(outcomeNotices(state, outcomes, true)).toEqual([
      { cycleId: 'cycle/DB-VT/2018', told: { ...outcome('TGI'), complaintsUntil: '2019-01-19T01:00:00.000Z' } },
      { cycleId: 'cycle/DB-VC/2018', told: { ...outcome('MCH'), complaintsUntil: '2019-01-19T01:00:00.000Z' } },
    ]);
    expect(outcomeNotices(state, outcomes, false).map((n) => n.told)).toEqual([outcome('TGI'), outcome('MCH')]);
  });
});

describe('checkDecision', () => {
  const reason = 'Phát hiện vi phạm sau khi khen thưởng';

  it('takes the chair’s approval or return of the proposal awaiting it', () => {
    expect(checkDecision(inSession('decision'), { actor: CHAIR, action: 'approve' })).toBeUndefined();
    expect(
      checkDecision(inSession('decision'), { actor: CHAIR, action: 'return', reason: 'Cần họp lại với đủ thành viên' }),
    ).toBeUndefined();
  });

  it('refuses malformed input, anyone but the chair, and a second action while one is carried out', () => {
    expect(checkDecision(inSession('decision'), { actor: CHAIR, action: 'return', reason: 'ngắn' })).toEqual({
      code: Rejection.InvalidInput,
      message: 'reason: returning or revoking needs a reason of at least 10 characters',
    });
    expect(checkDecision(inSession('decision'), { actor: SECRETARIAT, action: 'approve' })).toEqual({
      code: Rejection.NotAuthorised,
      message: `only the council chair (${CHAIR}) decides; ${SECRETARIAT} may not`,
    });
    const busy = inSession('decision');
    busy.pendingAction = { actor: CHAIR, action: 'approve' };
    expect(checkDecision(busy, { actor: CHAIR, action: 'approve' })).toEqual({
      code: Rejection.Duplicate,
      message: 'another decision is being recorded; try again',
    });
  });

  it('refuses approving with no proposal awaiting: not yet, or (as done already) once approved', () => {
    expect(checkDecision(inSession('voting'), { actor: CHAIR, action: 'approve' })).toEqual({
      code: Rejection.RoundNotOpen,
      message: "there is no proposal awaiting the chair's decision (phase voting)",
    });
    for (const phase of ['approved', 'closed'] as const)
      expect(checkDecision(inSession(phase), { actor: CHAIR, action: 'approve' })).toEqual({
        code: Rejection.Duplicate,
        message: `there is no proposal awaiting the chair's decision (phase ${phase})`,
      });
  });

  it('takes a revocation of awards of the approved decision, or of the whole decision', () => {
    expect(checkDecision(approvedDecision(), { actor: CHAIR, action: 'revoke', reason, nominations: ['DB-VC:flag:MCH'] })).toBeUndefined();
    expect(checkDecision(approvedDecision(), { actor: CHAIR, action: 'revoke', reason })).toBeUndefined();
  });

  it('refuses revoking before approval, what the decision did not award, and what is revoked already', () => {
    expect(checkDecision(inSession('decision'), { actor: CHAIR, action: 'revoke', reason })).toEqual({
      code: Rejection.RoundNotOpen,
      message: 'only an approved decision can be revoked (phase decision)',
    });
    expect(
      checkDecision(approvedDecision(), {
        actor: CHAIR,
        action: 'revoke',
        reason,
        nominations: ['DB-VT:certificate:DBI', 'DB-VT:flag:MLA'],
      }),
    ).toEqual({ code: Rejection.InvalidInput, message: 'not awarded by the decision: DB-VT:certificate:DBI, DB-VT:flag:MLA' });
    const partly = approvedDecision();
    applyRevocation(
      partly,
      { actor: CHAIR, action: 'revoke', reason, nominations: ['DB-VC:flag:MCH'] },
      { number: '102/QĐ-UBND', at: NOW, keep: true },
    );
    expect(checkDecision(partly, { actor: CHAIR, action: 'revoke', reason, nominations: ['DB-VC:flag:MCH', 'DB-VT:flag:TGI'] })).toEqual({
      code: Rejection.Duplicate,
      message: 'already revoked: DB-VC:flag:MCH (by 102/QĐ-UBND)',
    });
    const unnamed = approvedDecision();
    applyRevocation(
      unnamed,
      { actor: CHAIR, action: 'revoke', reason, nominations: ['DB-VC:flag:MCH'] },
      { number: '102/QĐ-UBND', at: NOW, keep: false },
    );
    expect(checkDecision(unnamed, { actor: CHAIR, action: 'revoke', reason, nominations: ['DB-VC:flag:MCH'] })?.message).toBe(
      'already revoked: DB-VC:flag:MCH',
    );
    const whole = approvedDecision();
    applyRevocation(whole, { actor: CHAIR, action: 'revoke', reason }, { number: '102/QĐ-UBND', at: NOW, keep: true });
    expect(checkDecision(whole, { actor: CHAIR, action: 'revoke', reason, nominations: ['DB-VT:flag:TGI'] })).toEqual({
      code: Rejection.Duplicate,
      message: 'the decision 101/QĐ-UBND is already revoked in full',
    });
  });
});

describe('revocations', () => {
  const reason = '  Phát hiện vi phạm sau khi khen thưởng ';

  it('revokes the awards named, then what still stands, and is whole once nothing does', () => {
    const state = approvedDecision();
    expect(revocationTargets(state, ['DB-VC:flag:MCH'])).toEqual({
      targets: ['DB-VC:flag:MCH'],
      revoked: ['DB-VC:flag:MCH'],
      whole: false,
    });
    const first = applyRevocation(
      state,
      { actor: CHAIR, action: 'revoke', reason, nominations: ['DB-VC:flag:MCH'] },
      { number: '102/QĐ-UBND', at: Date.parse('2018-12-25T01:00:00Z'), keep: true },
    );
    expect(first).toEqual({
      whole: false,
      revocation: {
        number: '102/QĐ-UBND',
        nominations: ['DB-VC:flag:MCH'],
        by: CHAIR,
        reason: reason.trim(),
        at: '2018-12-25T01:00:00.000Z',
      },
    });
    expect(state.status.decision).toMatchObject({
      status: 'partly-revoked',
      number: '101/QĐ-UBND',
      revoked: ['DB-VC:flag:MCH'],
      reason: reason.trim(),
      revocations: [first.revocation],
    });
    expect(revocationTargets(state, undefined)).toEqual({
      targets: ['DB-VT:flag:TGI'],
      revoked: ['DB-VC:flag:MCH', 'DB-VT:flag:TGI'],
      whole: true,
    });
    const second = applyRevocation(state, { actor: CHAIR, action: 'revoke', reason }, { number: '103/QĐ-UBND', at: NOW, keep: true });
    expect(second.whole).toBe(true);
    expect(state.status.decision).toMatchObject({ status: 'revoked', revoked: ['DB-VC:flag:MCH', 'DB-VT:flag:TGI'] });
    expect(state.status.decision!.revocations!.map((r) => r.number)).toEqual(['102/QĐ-UBND', '103/QĐ-UBND']);
  });

  it('tells each cycle whose awards were revoked which, and no other', () => {
    const state = approvedDecision();
    const revocation = {
      number: '102/QĐ-UBND',
      nominations: ['DB-VC:flag:MCH'],
      by: CHAIR,
      reason: 'Phát hiện vi phạm',
      at: '2018-12-25T01:00:00.000Z',
    };
    expect(revocationNotices(state, revocation, '101/QĐ-UBND')).toEqual([
      {
        cycleId: 'cycle/DB-VC/2018',
        told: {
          revocationNumber: '102/QĐ-UBND',
          decisionNumber: '101/QĐ-UBND',
          revoked: [{ award: 'flag', unit: 'MCH' }],
          reason: 'Phát hiện vi phạm',
          by: CHAIR,
          at: '2018-12-25T01:00:00.000Z',
        },
      },
    ]);
  });
});

describe('checkAmendment (the cycle’s side)', () => {
  const cycle = { chairRepresentative: 'mch.ly', phase: 'revision' as const, amending: false };
  const amendment = (actor = 'mch.ly') => ({ actor, note: 'Rút đề nghị theo ý kiến thẩm định', withdraw: ['MNH'] });

  it('takes the chair’s representative’s amendment of a returned submission', () => {
    expect(checkAmendment(cycle, amendment())).toBeUndefined();
  });

  it('refuses malformed input, anyone but the chair’s representative, and outside revision or while one is being sent', () => {
    expect(checkAmendment(cycle, { ...amendment(), note: 'ngắn' })).toEqual({
      code: Rejection.InvalidInput,
      message: 'note: explain the amendment in at least 10 characters',
    });
    expect(checkAmendment(cycle, amendment('tch.giang'))).toEqual({
      code: Rejection.NotAuthorised,
      message: "only the cluster chair's representative (mch.ly) amends the submission; tch.giang may not",
    });
    expect(checkAmendment({ ...cycle, phase: 'submitted' }, amendment())).toEqual({
      code: Rejection.RoundNotOpen,
      message: 'the submission can be amended only after the council returned it (phase now: submitted)',
    });
    expect(checkAmendment({ ...cycle, amending: true }, amendment())).toEqual({
      code: Rejection.RoundNotOpen,
      message: 'the submission can be amended only after the council returned it (phase now: revision)',
    });
  });
});
