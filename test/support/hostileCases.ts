import { ExitCode } from '../../client/exitCodes.ts';
import { REPS } from './fixtures.ts';

// Hostile and awkward input to the tdkt command, as data: what is typed, the exit code it must
// end with and a fragment of its one-line message. test/integration/hostileCli.test.ts runs each
// row as a real process against the test run's servers. To add a case, add a row.

/** What the rows may refer to, made once by the test before the rows run. */
export interface HostileWorld {
  /** The path of one of the row's `files`. */
  file(name: string): string;
  /** A running cycle whose pledge round is open; DBI has signed. Its cluster has the seed's members. */
  running: string;
  /** A cycle that has ended (terminated after its pledge round opened). */
  ended: string;
  /** A cycle id whose workflow is not a cycle (a council that failed at once). */
  notACycle: string;
  /** A cluster code in no reference data. */
  unknownCluster: string;
  /** A cluster code no cycle was ever started for, new for each call. */
  freshCluster(): string;
  /** A task queue that no worker polls, and a cluster whose 2018 cycle is registered on it. */
  noWorkerQueue: string;
  registeredCluster: string;
  /** host:port where something other than Temporal answers: the mail sink's web server, and a TCP server that hangs up. */
  httpServer: string;
  hangUpServer: string;
}

/** An input file a row needs: its text, or something that is not a regular file. */
export type HostileFile = { text: string } | { directory: true } | { fifo: true };

export interface HostileCase {
  name: string;
  args: (w: HostileWorld) => string[];
  /** Made under a scratch folder before the row runs; `w.file(name)` is the path. */
  files?: Record<string, HostileFile>;
  /** Added to the environment that points tdkt at the test servers. */
  env?: (w: HostileWorld) => Record<string, string>;
  exitCode: number;
  /** A fragment of the message: on stderr, or on stdout for exit code 0. */
  message: string;
}

const H1_REPORT = ['report', 'submit', '--period', 'H1', '--submitter', REPS.DBI, '--unit', 'DBI'];
const start = (cluster: string) => ['cycle', 'start', '--cluster', cluster, '--year', '2018', '--compress', 'PT1M'];
const extend = (w: HostileWorld, until: string, reason: string) => [
  'round',
  'extend',
  '--cycle',
  w.running,
  '--round',
  'pledge',
  '--unit',
  'TGI',
  '--until',
  until,
  '--reason',
  reason,
  '--by',
  'snv.ha',
];
const sign = (w: HostileWorld, unit: string, signer: string) => [
  'pledge',
  'sign',
  '--cycle',
  w.running,
  '--unit',
  unit,
  '--signer',
  signer,
];

export const HOSTILE_CASES: HostileCase[] = [
  {
    name: 'help lists the exit codes',
    args: () => ['--help'],
    exitCode: ExitCode.ok,
    message: '13 the cycle is registered but no worker has picked it up',
  },

  {
    name: 'a workflow at a cycle id that is not a cycle',
    args: (w) => ['cycle', 'status', w.notACycle],
    exitCode: ExitCode.failure,
    message: 'unexpected error',
  },

  // Item 3: input files that are not regular files, through every file-taking command.
  {
    name: 'a calendar that is a directory',
    files: { 'calendar.json': { directory: true } },
    args: (w) => ['cycle', 'start', '--cluster', 'DB-VT', '--year', '2018', '--calendar', w.file('calendar.json')],
    exitCode: ExitCode.usage,
    message: 'is a directory',
  },
  {
    name: 'a calendar that is /dev/zero',
    args: () => ['cycle', 'start', '--cluster', 'DB-VT', '--year', '2018', '--calendar', '/dev/zero'],
    exitCode: ExitCode.usage,
    message: 'is not a regular file',
  },
  {
    name: 'a report that is a named pipe',
    files: { 'so-ket.md': { fifo: true } },
    args: (w) => [...H1_REPORT, '--cycle', w.running, '--file', w.file('so-ket.md')],
    exitCode: ExitCode.usage,
    message: 'is not a regular file',
  },
  {
    name: 'a JSON report that is a directory',
    files: { 'so-ket.json': { directory: true } },
    args: (w) => [...H1_REPORT, '--cycle', w.running, '--file', w.file('so-ket.json')],
    exitCode: ExitCode.usage,
    message: 'is a directory',
  },
  {
    name: 'a score file that is /dev/zero',
    args: (w) => ['score', 'submit', '--cycle', w.running, '--unit', 'DBI', '--scorer', REPS.DBI, '--file', '/dev/zero'],
    exitCode: ExitCode.usage,
    message: 'the score file /dev/zero is not a regular file',
  },
  {
    name: 'a certificates file that is a named pipe',
    files: { 'giay-khen.json': { fifo: true } },
    args: (w) => ['conference', 'certificates', '--cycle', w.running, '--by', REPS.DBI, '--file', w.file('giay-khen.json')],
    exitCode: ExitCode.usage,
    message: 'is not a regular file',
  },
  {
    name: 'a report larger than the limit',
    files: { 'big.md': { text: 'a'.repeat(70_000) } },
    args: (w) => [...H1_REPORT, '--cycle', w.running, '--file', w.file('big.md')],
    exitCode: ExitCode.usage,
    message: 'the limit is 65,536 bytes',
  },

  // Item 9: URL-valued settings take their own schemes only.
  {
    name: 'a javascript: Web UI link',
    env: () => ({ TEMPORAL_UI_URL: 'javascript:alert(1)' }),
    args: (w) => ['cycle', 'status', w.running],
    exitCode: ExitCode.usage,
    message: 'TEMPORAL_UI_URL: expected a http:// or https:// URL',
  },
  {
    name: 'a file: Web UI link',
    env: () => ({ TEMPORAL_UI_URL: 'file:///etc/passwd' }),
    args: (w) => ['cycle', 'list', '--cluster', w.unknownCluster],
    exitCode: ExitCode.usage,
    message: 'TEMPORAL_UI_URL',
  },
  {
    name: 'a DATABASE_URL that is not postgres',
    env: () => ({ DATABASE_URL: 'http://127.0.0.1:5433/tdkt' }),
    args: (w) => ['audit', '--cycle', w.running],
    exitCode: ExitCode.usage,
    message: 'DATABASE_URL: expected a postgres:// or postgresql:// URL',
  },

  {
    name: 'an unknown cycle',
    args: () => ['cycle', 'status', 'cycle/NOWHERE/2018'],
    exitCode: ExitCode.unknownCycle,
    message: 'unknown cycle cycle/NOWHERE/2018',
  },
  {
    name: 'a second start of a registered cycle',
    env: (w) => ({ TEMPORAL_TASK_QUEUE: w.noWorkerQueue }),
    args: (w) => start(w.registeredCluster),
    exitCode: ExitCode.alreadyStarted,
    message: 'was already started',
  },

  // Item 5: an Update whose step has not begun.
  {
    name: 'amending a submission the council has not returned',
    args: (w) => ['submission', 'amend', '--cycle', w.running, '--by', REPS.DBI, '--note', 'Đã bổ sung xác nhận của cơ quan thuế'],
    exitCode: ExitCode.roundNotOpen,
    message: 'the council has returned nothing for amendment',
  },

  {
    name: 'signing the pledge of an ended cycle',
    args: (w) => ['pledge', 'sign', '--cycle', w.ended, '--unit', 'DBI', '--signer', REPS.DBI],
    exitCode: ExitCode.roundClosed,
    message: 'is closed',
  },
  {
    name: 'a unit that is not a member',
    args: (w) => sign(w, 'STP', 'stp.duc'),
    exitCode: ExitCode.notAMember,
    message: 'unit STP is not a member',
  },
  {
    name: 'a person nobody registered',
    args: (w) => sign(w, 'MAN', 'nobody.here'),
    exitCode: ExitCode.unknownPerson,
    message: 'nobody.here is not a person registered',
  },
  {
    name: "another unit's representative",
    args: (w) => sign(w, 'MAN', REPS.DBI),
    exitCode: ExitCode.notAuthorised,
    message: 'dbi.binh is not the representative of MAN',
  },
  { name: 'signing twice', args: (w) => sign(w, 'DBI', REPS.DBI), exitCode: ExitCode.duplicate, message: 'DBI already submitted' },

  // Item 4: a Temporal that cannot be used.
  {
    name: 'a namespace that does not exist',
    env: () => ({ TEMPORAL_NAMESPACE: 'no-such-namespace' }),
    args: (w) => ['cycle', 'status', w.running],
    exitCode: ExitCode.unreachable,
    message: 'has no namespace "no-such-namespace"',
  },
  {
    name: 'an HTTP server where Temporal should be',
    env: (w) => ({ TEMPORAL_ADDRESS: w.httpServer }),
    args: (w) => ['cycle', 'status', w.running],
    exitCode: ExitCode.unreachable,
    message: 'cannot reach Temporal at',
  },
  {
    name: 'a server that hangs up',
    env: (w) => ({ TEMPORAL_ADDRESS: w.hangUpServer }),
    args: () => ['pending'],
    exitCode: ExitCode.unreachable,
    message: 'cannot reach Temporal at',
  },

  {
    name: 'a cluster in no reference data',
    args: (w) => start(w.unknownCluster),
    exitCode: ExitCode.cycleFailed,
    message: 'could not start: unknown cluster',
  },

  // Items 1, 2 and 6: text PostgreSQL or a terminal cannot take, one-line fields, extensions past the calendar.
  // (A NUL cannot be passed as an argument at all: the operating system refuses it before tdkt runs.)
  {
    name: 'a report with a NUL character',
    files: { 'so-ket.md': { text: 'Sơ kết 6 tháng\u0000 của huyện.' } },
    args: (w) => [...H1_REPORT, '--cycle', w.running, '--file', w.file('so-ket.md')],
    exitCode: ExitCode.usage,
    message: 'cannot be sent: it contains a NUL character (U+0000) at position 15',
  },
  {
    name: 'a JSON report with a NUL escape',
    files: { 'so-ket.json': { text: '{"narrative": "Sơ kết\\u0000"}' } },
    args: (w) => [...H1_REPORT, '--cycle', w.running, '--file', w.file('so-ket.json')],
    exitCode: ExitCode.usage,
    message: 'cannot be sent: narrative: contains a NUL character',
  },
  {
    name: 'a pledge round extended to the year 9999',
    args: (w) => extend(w, '9999-12-31T23:59:59+07:00', 'Mưa lũ kéo dài'),
    exitCode: ExitCode.usage,
    message: "(next year's campaigns are launched), so the latest deadline allowed is",
  },
  {
    name: 'an escape sequence in a reason',
    args: (w) => extend(w, new Date(Date.now() + 600_000).toISOString(), 'Mưa lũ \u001b[31mkéo dài'),
    exitCode: ExitCode.usage,
    message: 'reason: contains a control character (U+001B)',
  },
  {
    name: 'a line break in a reference',
    args: (w) => [
      'veto',
      'record',
      '--cycle',
      w.running,
      '--unit',
      'MLA',
      '--source',
      'tax',
      '--reference',
      'Công văn 12\n13:31:00  snv.ha  veto',
      '--description',
      'Chậm nộp thuế kéo dài',
      '--by',
      'snv.ha',
    ],
    exitCode: ExitCode.usage,
    message: 'reference: must be one line',
  },

  // Item 7: no worker on the task queue.
  {
    name: 'a start that no worker picks up',
    env: (w) => ({ TEMPORAL_TASK_QUEUE: w.noWorkerQueue }),
    args: (w) => start(w.freshCluster()),
    exitCode: ExitCode.noWorker,
    message: 'is registered but not picked up by any worker: no worker runs on task queue',
  },
];
