import { table } from '../client/format.ts';
import type { BenchResult } from './runBench.ts';

// The bench's figures as people read them: the comparison table (the terminal's, and the
// README's Markdown one), the targets with where the project stands, and the scale mode's
// growth table.

const ms = (n: number) => `${Math.round(n).toLocaleString('en')} ms`;
const s = (n: number) => `${(n / 1000).toFixed(1)} s`;
const mib = (n: number | null) => (n === null ? 'not measured' : `${n} MiB`);

/** Rows of what, project, baseline, ratio. */
function comparison(r: BenchResult): string[][] {
  const { project: p, baseline: b, ratios } = r;
  const lat = (k: 'p50' | 'p95' | 'p99') => [
    `${k} latency (Update → row / result)`,
    ms(p.latencyMs[k]),
    ms(b.latencyMs[k]),
    `${ratios[k]}×`,
  ];
  return [
    ['wall time (participants active)', s(p.wallMs), s(b.wallMs), `${ratios.wall}×`],
    ['Updates', String(p.updates), String(b.updates), ''],
    ['Updates/s', String(p.updatesPerSec), String(b.updatesPerSec), `${ratios.updatesPerSec}×`],
    ['activities', String(p.activities), String(b.activities), ''],
    ['activities/s', String(p.activitiesPerSec), String(b.activitiesPerSec), `${ratios.activitiesPerSec}×`],
    lat('p50'),
    lat('p95'),
    lat('p99'),
    ['worker RSS peak (its own process)', mib(p.rssPeakMiB), mib(b.rssPeakMiB), ''],
    ['workflow runs', String(p.history.runs), String(b.history.runs), ''],
    ['history events per run, max', String(p.history.eventsMax), String(b.history.eventsMax), ''],
    ['history events per run, mean', String(p.history.eventsMean), String(b.history.eventsMean), ''],
    ['PostgreSQL rows per member unit', String(p.rowsPerUnit), '—', ''],
    ['mails per member unit', String(p.mailsPerUnit), '—', ''],
    ['slowest web form post', p.slowestWebPost ? `${ms(p.slowestWebPost.ms)} (${p.slowestWebPost.what})` : 'no web server', '—', ''],
    [`pendingTasks (${p.pendingTasks.tasks} open tasks)`, ms(p.pendingTasks.ms), '—', ''],
    ['submissions retried after a failure', String(p.retries), '—', ''],
    ['cycle, first start to last hand-over', s(p.cycleWallMs), '—', ''],
  ];
}

/** tdkt's status beside Temporal's own CLI, each a fresh process (bench/cliTiming.ts). */
function cliLine({ cli }: BenchResult): string {
  if (!cli) return 'CLI: not timed (see the log)';
  const temporal = cli.temporal ? `${ms(cli.temporal.medianMs)} for \`temporal workflow describe\`` : 'no Temporal CLI to compare with';
  return `CLI (median of ${cli.tdkt.runs}, on ${cli.workflowId}): ${ms(cli.tdkt.medianMs)} for \`tdkt --json cycle status\`, ${temporal}`;
}

export function formatResult(r: BenchResult): string {
  const { size, machine } = r;
  return `
${size.provinces} province(s) × ${size.clusters} clusters × ${size.members} members = ${size.units} member units; ${size.concurrency} participants at once; rounds of ${s(size.roundMs)}
machine: ${machine.cores} cores, load average ${machine.loadAverage.atStart.join(' ')} at the start, ${machine.loadAverage.atEnd.join(' ')} at the end; node ${machine.node}

${table(['', 'PROJECT', 'BASELINE', 'RATIO'], comparison(r))}
${cliLine(r)}

Targets:
${r.targets.map((t) => `  ${t.met ? 'MET   ' : 'MISSED'} ${t.name}: ${t.value} (target ${t.target})`).join('\n')}
${r.project.refusals.count ? `\n${r.project.refusals.count} action(s) refused, the first: ${r.project.refusals.first.join(' | ')}\n` : ''}
`;
}

/** The README's Performance table. */
export function markdownTable(r: BenchResult): string {
  return ['| | project | baseline | ratio |', '|---|---:|---:|---:|', ...comparison(r).map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

/** The scale mode's table: how the figures grow with the number of member units. */
export function formatScale(results: BenchResult[]): string {
  return table(
    [
      'UNITS',
      'ROUND',
      'ACTIVE WALL',
      'BASELINE WALL',
      'RATIO',
      'UPDATES/S',
      'P99',
      'CYCLE WALL',
      'RSS PEAK',
      'LARGEST HISTORY',
      'PENDING',
      'REFUSED',
    ],
    results.map((r) => [
      String(r.size.units),
      s(r.size.roundMs),
      s(r.project.wallMs),
      s(r.baseline.wallMs),
      `${r.ratios.wall}×`,
      String(r.project.updatesPerSec),
      ms(r.project.latencyMs.p99),
      s(r.project.cycleWallMs),
      mib(r.project.rssPeakMiB),
      String(r.project.history.eventsMax),
      ms(r.project.pendingTasks.ms),
      String(r.project.refusals.count),
    ]),
  );
}
