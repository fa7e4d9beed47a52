import { formatVietnamTime } from '../domain/time.js';
import type { CycleReport } from './operations.js';

// Readable output for people; --json prints the same data for machines.

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function when(iso: string | undefined): string {
  return iso ? formatVietnamTime(Date.parse(iso)) : '';
}

export function describeCycle(report: CycleReport, uiLink: string): string {
  const { cycle, execution } = report;
  const lines = [
    `${cycle.cycleId}  (cluster ${cycle.cluster}, year ${cycle.year})`,
    `workflow: ${execution.status.toLowerCase()}, started ${when(execution.startTime)}${execution.closeTime ? `, closed ${when(execution.closeTime)}` : ''}`,
    `phase: ${cycle.phase}${cycle.chairUnit ? `   chair: ${cycle.chairUnit}   deputy: ${cycle.deputyUnit}` : ''}`,
    `campaign launch: ${when(cycle.calendar.launchAt)}`,
  ];
  for (const round of report.rounds) {
    const signed = round.units.filter((u) => u.submittedAt);
    const pending = round.units.filter((u) => !u.submittedAt).map((u) => u.unit);
    lines.push(
      '',
      `${round.kind}${round.period ? ` ${round.period}` : ''} round: ${round.phase}   opens ${when(round.opensAt)}   deadline ${when(round.deadline)}   closes ${when(round.closesAt)}`,
      `reminders sent: ${round.remindersSent}${round.escalated.length ? `   escalated to the secretariat: ${round.escalated.join(', ')}` : ''}`,
      round.kind === 'report'
        ? table(
            ['UNIT', 'NAME', 'SUBMITTED', 'VERSION', 'LATE', 'PENALTY', 'SELF-SCORE', 'DEADLINE'],
            round.units.map((u) => [u.unit, u.unitName, when(u.submittedAt) || 'pending', u.version ? String(u.version) : '', u.late ? 'late' : '', u.penalty ? `-${u.penalty}` : '', u.total !== undefined ? String(u.total) : '', u.deadline ? `extended to ${when(u.deadline)}` : '']),
          )
        : table(
            ['UNIT', 'NAME', 'REPRESENTATIVE', 'SUBMITTED', 'LATE'],
            round.units.map((u) => [u.unit, u.unitName, u.representative, when(u.submittedAt) || 'pending', u.late ? 'late' : '']),
          ),
      `submitted ${signed.length}/${round.units.length}${pending.length ? `; pending: ${pending.join(', ')}` : ''}`,
    );
  }
  lines.push('', `Temporal Web UI: ${uiLink}`);
  return lines.join('\n');
}
