import { terminalText } from '../domain/text.ts';
import { say, shownTime } from './cliLang.ts';
import type { RoundStatus } from '../domain/round.ts';
import type { CouncilStatus, Verdict } from '../domain/council.ts';
import type { CycleReport } from './operations.ts';

// Readable output for people; --json prints the same data for machines.

/**
 * A table's lines. Every cell goes through terminalText: stored text (a reason, a name) can
 * neither start a row of its own nor send escape sequences to the terminal.
 */
export function tableLines(headers: string[], rows: string[][]): string[] {
  const cells = rows.map((r) => r.map((c) => terminalText(c)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)];
}

export function table(headers: string[], rows: string[][]): string {
  return tableLines(headers, rows).join('\n');
}

/**
 * A printer's output from its lines, each through terminalText, so a stored value inside a line
 * stays on it and reaches the terminal escaped; tables go in as their lines (tableLines).
 */
export function screen(lines: string[]): string {
  return lines.map((l) => terminalText(l)).join('\n');
}

/** A time for people, in the command's language (client/cliLang.ts). */
export function when(iso: string | undefined): string {
  return iso ? shownTime(Date.parse(iso)) : '';
}

/** "pledge round", "report H1 round", "ballot round 2": a cycle has up to two ballot rounds, told apart by number. */
function roundName(round: RoundStatus): string {
  if (round.ballot) return say(`${round.kind} round ${round.ballot.number}`, `vòng ${round.kind} ${round.ballot.number}`);
  const period = round.period ? ` ${round.period}` : '';
  return say(`${round.kind}${period} round`, `vòng ${round.kind}${period}`);
}

// `tdkt cycle status` in the command's language (client/cliLang.ts): its lines and headings; the
// values (phases, unit codes, people) are the records' own.
export function describeCycle(report: CycleReport, uiLink: string): string {
  const { cycle, execution } = report;
  const lines = [
    `${cycle.cycleId}  (${say('cluster', 'cụm')} ${cycle.cluster}, ${say('year', 'năm')} ${cycle.year})`,
    `workflow: ${execution.status.toLowerCase()}, ${say('started', 'bắt đầu')} ${when(execution.startTime)}${execution.closeTime ? `, ${say('closed', 'kết thúc')} ${when(execution.closeTime)}` : ''}`,
    `${say('phase', 'giai đoạn')}: ${cycle.phase}${cycle.chairUnit ? `   ${say('chair', 'trưởng cụm')}: ${cycle.chairUnit}   ${say('deputy', 'phó cụm')}: ${cycle.deputyUnit}` : ''}`,
    `${say('campaign launch', 'phát động phong trào')}: ${when(cycle.calendar.launchAt)}`,
  ];
  for (const round of report.rounds) {
    const signed = round.units.filter((u) => u.submittedAt);
    const pending = round.units.filter((u) => !u.submittedAt && !u.excused).map((u) => u.unit);
    const state = (u: (typeof round.units)[number]) =>
      when(u.submittedAt) || (u.excused ? `${say('closed', 'đã đóng')}: ${u.excused}` : say('pending', 'chưa nộp'));
    lines.push(
      '',
      `${roundName(round)}: ${round.phase}   ${say('opens', 'mở')} ${when(round.opensAt)}   ${say('deadline', 'thời hạn')} ${when(round.deadline)}   ${say('closes', 'đóng')} ${when(round.closesAt)}`,
      `${say('reminders sent', 'số lần nhắc')}: ${round.remindersSent}${round.escalated.length ? `   ${say('escalated to the secretariat', 'đã báo Văn phòng')}: ${round.escalated.join(', ')}` : ''}`,
      ...(round.kind === 'report'
        ? tableLines(
            say(
              'UNIT,NAME,SUBMITTED,VERSION,LATE,PENALTY,SELF-SCORE,DEADLINE',
              'ĐƠN VỊ,TÊN,ĐÃ NỘP,LẦN,MUỘN,TRỪ ĐIỂM,TỰ CHẤM,THỜI HẠN',
            ).split(','),
            round.units.map((u) => [
              u.unit,
              u.unitName,
              state(u),
              u.version ? String(u.version) : '',
              u.late ? say('late', 'muộn') : '',
              u.penalty ? `-${u.penalty}` : '',
              u.total !== undefined ? String(u.total) : '',
              u.deadline ? `${say('extended to', 'gia hạn đến')} ${when(u.deadline)}` : '',
            ]),
          )
        : tableLines(
            say('UNIT,NAME,REPRESENTATIVE,SUBMITTED,LATE', 'ĐƠN VỊ,TÊN,NGƯỜI ĐẠI DIỆN,ĐÃ NỘP,MUỘN').split(','),
            round.units.map((u) => [u.unit, u.unitName, u.representative, state(u), u.late ? say('late', 'muộn') : '']),
          )),
      `${say('submitted', 'đã nộp')} ${signed.length}/${round.units.length}${pending.length ? `; ${say('pending', 'chưa nộp')}: ${pending.join(', ')}` : ''}`,
    );
  }
  const council = cycle.council;
  if (council?.councilId) {
    lines.push(
      '',
      `submission to ${council.councilId}: version ${council.version}${council.returned.length ? `; returned: ${council.returned.map((r) => `${r.nominations.join(', ')} (${r.reason})`).join('; ')}` : ''}`,
    );
    if (council.outcome) {
      const o = council.outcome;
      const revokedBy = (a: { award: string; unit: string }) =>
        council.revocations?.find((r) => r.revoked.some((x) => x.award === a.award && x.unit === a.unit));
      const awarded = o.awarded.map((a) => {
        const r = revokedBy(a);
        return `${a.award} ${a.unit}${r ? ` (REVOKED by ${r.revocationNumber})` : ''}`;
      });
      lines.push(
        `decision ${o.decisionNumber} of ${o.date}: awarded ${awarded.join(', ') || 'nothing'}${o.notAwarded.length ? `; not awarded ${o.notAwarded.map((a) => `${a.award} ${a.unit} (${a.reason})`).join(', ')}` : ''}`,
      );
      for (const r of council.revocations ?? [])
        lines.push(
          `revoked by decision ${r.revocationNumber} (thu hồi) of ${when(r.at)} by ${r.by}: ${r.revoked.map((x) => `${x.award} ${x.unit}`).join(', ')}; reason: ${r.reason}`,
        );
    }
  }
  if (cycle.merged?.length) lines.push('', `merged away: ${cycle.merged.map((m) => `${m.unit} into ${m.into} from ${m.on}`).join(', ')}`);
  const yearEnd = cycle.yearEnd;
  if (yearEnd?.certificates) lines.push('', `giấy khen recorded: ${yearEnd.certificates.join(', ') || 'none'}`);
  if (yearEnd?.conference)
    lines.push(
      `conference held ${when(yearEnd.conference.heldAt)}: ${yearEnd.conference.awardsHandedOver} award(s) handed over, ${yearEnd.conference.certificates} giấy khen`,
    );
  if (yearEnd?.next) {
    const n = yearEnd.next;
    lines.push(
      `next year: ${n.cycleId}, chair ${n.chair}, deputy ${n.deputy} (${n.started ? 'started by this hand-over' : `already started${n.startedBy ? ` by the ${n.startedBy}` : ''}`})`,
    );
  }
  lines.push('', `Temporal Web UI: ${uiLink}`);
  return screen(lines);
}

const NOMINATION_NAMES = { flag: 'Cờ thi đua (flag)', certificates: 'Bằng khen (certificates)' };

/** The consolidated table, the ballot rounds' counts and the nominations, as far as they have got. */
export function describeScoring(report: CycleReport): string {
  const scoring = report.cycle.scoring!;
  const table_ = scoring.table!;
  const names = new Map(report.rounds.flatMap((r) => r.units.map((u) => [u.unit, u.unitName] as const)));
  const lines = [
    `${report.cycle.cycleId}: consolidated table (${table_.final ? 'final' : 'draft: the chair and the secretariat may adjust it until the ballot opens'}), formula ${table_.formulaVersion}, rubric ${table_.rubricVersion}`,
    ...tableLines(
      ['#', 'UNIT', 'NAME', 'TOTAL', 'CROSS', 'BONUS', 'PENALTY', 'ADJUSTED', 'NOTES'],
      table_.rows.map((r) => [
        String(r.rank),
        r.unit,
        names.get(r.unit) ?? '',
        r.total.toFixed(2),
        String(r.base),
        r.bonus ? `+${r.bonus}` : '0',
        r.penalties ? `-${r.penalties}` : '0',
        r.adjustments.map((a) => `${a.points > 0 ? '+' : ''}${a.points} (${a.reason})`).join('; '),
        [...r.notes, ...r.tieBreak].join('; '),
      ]),
    ),
  ];
  if (table_.excludedScorers.length) lines.push(`scorers left out (did not score by the deadline): ${table_.excludedScorers.join(', ')}`);
  for (const b of scoring.ballots) {
    if (!b.tally) {
      lines.push(
        '',
        `ballot ${b.number}: open — flag ${b.items.flag.join(', ') || '—'}; certificates ${b.items.certificates.join(', ') || '—'}`,
      );
      continue;
    }
    const t = b.tally;
    lines.push('', `ballot ${b.number}: ${t.cast}/${t.members} cast, ${t.spoiled} spoiled, ${t.needed} votes needed`);
    for (const f of t.flag) lines.push(`  flag ${f.unit}: ${f.votes} for${t.flagElected === f.unit ? '  → elected' : ''}`);
    for (const c of t.certificates)
      lines.push(
        `  certificate ${c.unit}: ${c.for} for, ${c.against} against, ${c.abstain} abstained, ${c.notVoted} did not vote${t.certificatesApproved.includes(c.unit) ? '  → approved' : ''}`,
      );
  }
  if (scoring.leaders)
    lines.push(
      '',
      `chair and deputy decide the flag among ${scoring.leaders.candidates.join(', ')} by ${when(scoring.leaders.deadline)}: chair ${scoring.leaders.chair ?? '—'}, deputy ${scoring.leaders.deputy ?? '—'}`,
    );
  if (scoring.nominations) {
    const n = scoring.nominations;
    lines.push(
      '',
      `nominations: ${NOMINATION_NAMES.flag}: ${n.flag ? `${n.flag}${n.flagDecidedBy === 'chair-and-deputy' ? ' (decided by the chair and the deputy)' : ''}` : 'none'}; ${NOMINATION_NAMES.certificates}: ${n.certificates.join(', ') || 'none'}`,
    );
  }
  return screen(lines);
}

/** The open ballot round: what is voted on, who has voted (never how). */
export function describeBallot(open: RoundStatus & { ballot: NonNullable<RoundStatus['ballot']> }): string {
  const voted = open.units.filter((u) => u.submittedAt).map((u) => u.unit);
  return screen([
    `ballot round ${open.ballot.number}: ${open.phase}, closes ${when(open.deadline)}`,
    `flag (Cờ thi đua) candidates: ${open.ballot.items.flag.join(', ') || 'none in this round'} — vote with --flag <unit> or --flag abstain`,
    `certificate (Bằng khen) nominees: ${open.ballot.items.certificates.join(', ') || 'none in this round'} — vote with --for/--against/--abstain <units>`,
    `voted: ${voted.join(', ') || 'nobody yet'}; not yet: ${
      open.units
        .filter((u) => !u.submittedAt)
        .map((u) => u.unit)
        .join(', ') || 'nobody'
    }`,
  ]);
}

function describeVerdict(verdict: Verdict | undefined): string {
  if (!verdict) return 'not appraised';
  switch (verdict.status) {
    case 'pending':
      return 'pending appraisal';
    case 'accepted':
      return `accepted by ${verdict.by}`;
    case 'returned':
      return `returned by ${verdict.by}: ${verdict.reason}`;
    case 'vetoed':
      return `vetoed (${verdict.source}, ${verdict.reference})`;
    case 'withdrawn':
      return 'withdrawn by the cluster';
  }
}

const DECISION_NAMES = {
  approved: 'approved (phê duyệt)',
  returned: 'returned for a new session (trả lại)',
  revoked: 'revoked (thu hồi)',
  'partly-revoked': 'partly revoked (thu hồi một phần)',
} as const;

/** A provincial council: its phase, the clusters' submissions and their appraisal, sessions, votes, counts and decision. */
export function describeCouncil(status: CouncilStatus): string {
  const lines = [
    `${status.councilId}  (province ${status.province}, year ${status.year})`,
    `phase: ${status.phase}   submissions due ${when(status.calendar.submitBy)}   session ${when(status.calendar.sessionAt)}`,
    `chair: ${status.chair || '—'}   members: ${status.members.length}`,
    `clusters expected: ${status.expected.join(', ') || 'none yet'}; missing: ${status.missing.join(', ') || 'none'}`,
  ];
  const submitted = new Map(status.submissions.flatMap((s) => s.nominations.map((n) => [`${s.cluster}:${n.award}:${n.unit}`, s] as const)));
  const nominations = [...new Set([...submitted.keys(), ...Object.keys(status.appraisal)])];
  lines.push('', 'submissions (tờ trình):');
  lines.push(
    ...(status.submissions.length
      ? tableLines(
          ['CLUSTER', 'CYCLE', 'VERSION', 'SUBMITTED', 'DOCUMENT'],
          status.submissions.map((s) => [s.cluster, s.cycleId, String(s.version), shownTime(s.at), s.documentId]),
        )
      : ['  none yet']),
  );
  lines.push('', 'nominations and appraisal (thẩm định):');
  lines.push(
    ...(nominations.length
      ? tableLines(
          ['NOMINATION', 'AWARD', 'VERDICT'],
          nominations.map((id) => [id, id.split(':')[1] === 'flag' ? 'Cờ thi đua' : 'Bằng khen', describeVerdict(status.appraisal[id])]),
        )
      : ['  none yet']),
  );
  if (status.sessions.length) {
    lines.push(
      '',
      'sessions (phiên họp):',
      ...tableLines(
        ['#', 'AT', 'PRESENT', 'QUORUM'],
        status.sessions.map((s) => [
          String(s.number),
          when(s.at),
          s.quorum ? `${s.quorum.present}/${s.quorum.members}` : '',
          s.quorum ? (s.quorum.ok ? `ok (${s.quorum.needed} needed)` : (s.quorum.reason ?? 'not met')) : 'attendance not recorded',
        ]),
      ),
    );
  }
  if (status.members.length && ['voting', 'counting', 'decision', 'approved', 'closed'].includes(status.phase)) {
    const voted = new Map(status.voted.map((v) => [v.member, v] as const));
    lines.push(
      '',
      `votes (never how): ${status.voted.length}/${status.members.length} members voted`,
      ...tableLines(
        ['MEMBER', 'VOTED'],
        status.members.map((m) => {
          const v = voted.get(m);
          return [m, v ? (v.written ? 'in writing (absent)' : 'in session') : 'not yet'];
        }),
      ),
    );
  } else if (status.voted.length) {
    lines.push('', `voted: ${status.voted.map((v) => `${v.member}${v.written ? ' (written)' : ''}`).join(', ')}`);
  }
  if (status.counts) {
    lines.push(
      '',
      'counts (votes for, of ALL members):',
      ...tableLines(
        ['NOMINATION', 'FOR', 'AGAINST', 'ABSTAIN', 'NOT VOTED', 'WRITTEN', 'NEEDED', 'RESULT'],
        status.counts.map((c) => [
          c.nomination,
          String(c.for),
          String(c.against),
          String(c.abstain),
          String(c.notVoted),
          String(c.written),
          String(c.needed),
          c.approved ? 'approved' : 'not approved',
        ]),
      ),
    );
  }
  const d = status.decision;
  if (d) {
    lines.push(
      '',
      `decision (quyết định): ${DECISION_NAMES[d.status]}${d.number ? ` ${d.number}` : ''}${d.date ? ` of ${d.date}` : ''}`,
      ...(d.reason ? [`reason: ${d.reason}`] : []),
      ...(d.revoked?.length ? [`revoked: ${d.revoked.join(', ')}`] : []),
      ...(d.revocations ?? []).map((r) => `revocation ${r.number} of ${when(r.at)} by ${r.by}: ${r.nominations.join(', ')} (${r.reason})`),
      ...(d.complaintsUntil ? [`complaints until ${when(d.complaintsUntil)}`] : []),
    );
  } else {
    lines.push('', 'decision (quyết định): not yet');
  }
  return screen(lines);
}
