import { ExitCode } from '../../client/exitCodes.ts';
import { sampleScoreSheets } from '../../db/referenceData.ts';
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
  /** host:port where nothing listens. */
  closedPort: string;
  /** host:port of a Temporal that answers the connection's first calls, then dies (a new one for each call). */
  dyingServer(): string;
  /** A cycle whose H1 report round is open (the round alone); nothing submitted. */
  reporting: string;
  /** A cycle whose cross-score round is open (the round alone); nothing submitted. */
  scoring: string;
  /** A cycle whose H1 report round is open for the rows whose report is accepted and quarantined (one unit each). */
  quarantine: string;
}

/** An input file a row needs: its text, or something that is not a regular file. */
export type HostileFile = { text: string } | { directory: true } | { fifo: true };

export interface HostileCase {
  name: string;
  /** Rows whose exit code is 0 and that store something: they must not touch the cycles the refused rows go to. */
  accepted?: true;
  args: (w: HostileWorld) => string[];
  /** Made under a scratch folder before the row runs; `w.file(name)` is the path. */
  files?: Record<string, HostileFile>;
  /** Added to the environment that points tdkt at the test servers. */
  env?: (w: HostileWorld) => Record<string, string>;
  exitCode: number;
  /** A fragment of the message: on stderr, or on stdout (with --json) for exit code 0. */
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

const SPAM = 'hình bầu cua tôm cá';
export const HTML_REASON = 'Mưa lũ <b>kéo dài</b> <script>alert("x")</script> & sạt lở';
const report = (w: HostileWorld, file: string) => [...H1_REPORT, '--cycle', w.reporting, '--file', w.file(file)];
const quarantined = (w: HostileWorld, unit: keyof typeof REPS) => [
  'report',
  'submit',
  '--period',
  'H1',
  '--cycle',
  w.quarantine,
  '--unit',
  unit,
  '--submitter',
  REPS[unit],
  '--file',
  w.file('so-ket.md'),
];
const scores = (w: HostileWorld) => [
  'score',
  'submit',
  '--cycle',
  w.scoring,
  '--unit',
  'DBI',
  '--scorer',
  REPS.DBI,
  '--file',
  w.file('cham-cheo.json'),
];
const certificates = (w: HostileWorld) => [
  'conference',
  'certificates',
  '--cycle',
  w.running,
  '--by',
  REPS.DBI,
  '--file',
  w.file('giay-khen.json'),
];
/** DBI's valid sheets with one value set (or one criterion added). */
const withScore = (target: string, criterion: string, value: unknown) => {
  const { sheets } = sampleScoreSheets('DBI', ['TGI', 'DBI', 'MAN', 'DBP', 'MLA'], { TGI: 95, MAN: 90, DBP: 92, MLA: 88 });
  return { sheets: { ...sheets, [target]: { criteria: { ...sheets.TGI!.criteria, [criterion]: value } } } };
};
const adjust = (w: HostileWorld, points: string) => [
  'score',
  'adjust',
  '--cycle',
  w.running,
  '--unit',
  'MAN',
  '--points',
  points,
  '--reason',
  'Bổ sung minh chứng thu ngân sách',
  '--by',
  REPS.DBI,
];
const veto = (w: HostileWorld, change: Record<string, string>) => [
  'veto',
  'record',
  ...Object.entries({
    '--cycle': w.running,
    '--unit': 'MLA',
    '--source': 'tax',
    '--reference': 'Công văn 12/CT-TTHT',
    '--description': 'Chậm nộp thuế kéo dài',
    '--by': 'snv.ha',
    ...change,
  }).flat(),
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

  // Identifiers that are not: zero-width, bidirectional controls, another Unicode form, HTML, SQL, CR/LF.
  {
    name: 'a zero-width space in a unit',
    args: (w) => sign(w, 'M\u200bAN', REPS.MAN),
    exitCode: ExitCode.usage,
    message: 'unit: a unit code is',
  },
  {
    name: 'a right-to-left override in a signer',
    args: (w) => sign(w, 'MAN', 'man.hoa\u202e'),
    exitCode: ExitCode.usage,
    message: 'actor: a person id is',
  },
  {
    name: 'a signer in NFD',
    args: (w) => sign(w, 'MAN', 'lường.hoa'.normalize('NFD')),
    exitCode: ExitCode.usage,
    message: 'actor: a person id is',
  },
  { name: 'the seed spam as a unit', args: (w) => sign(w, SPAM, REPS.MAN), exitCode: ExitCode.usage, message: 'unit: a unit code is' },
  {
    name: 'a script tag as a unit',
    args: (w) => sign(w, '<script>alert(1)</script>', REPS.MAN),
    exitCode: ExitCode.usage,
    message: 'unit: a unit code is',
  },
  {
    name: 'SQL as a signer',
    args: (w) => sign(w, 'MAN', "man.hoa' OR '1'='1"),
    exitCode: ExitCode.usage,
    message: 'actor: a person id is',
  },
  {
    name: 'a mail header in a signer',
    args: (w) => sign(w, 'MAN', 'man.hoa\r\nBcc: all@example.org'),
    exitCode: ExitCode.usage,
    message: 'actor: a person id is',
  },
  {
    name: 'a script tag in a cycle id',
    args: () => ['pledge', 'sign', '--cycle', 'cycle/<script>/2018', '--unit', 'DBI', '--signer', REPS.DBI],
    exitCode: ExitCode.usage,
    message: "option '--cycle <id>' argument 'cycle/<script>/2018' is invalid",
  },
  {
    name: 'a cycle id in NFD',
    args: () => ['cycle', 'status', 'cycle/ĐB-VT/2018'.normalize('NFD')],
    exitCode: ExitCode.usage,
    message: 'is invalid',
  },
  {
    name: 'SQL as a request id',
    args: (w) => [...sign(w, 'MAN', REPS.MAN), '--request-id', "x'; DROP TABLE pledge; --"],
    exitCode: ExitCode.usage,
    message: '--request-id: 1-100 letters',
  },
  {
    name: 'a cluster code with a script tag',
    args: () => ['cycle', 'start', '--cluster', '<img src=x onerror=alert(1)>', '--year', '2018'],
    exitCode: ExitCode.usage,
    message: 'invalid cycle: cluster: a cluster code is',
  },

  // Actors who may not act, here or anywhere.
  {
    name: "the other cluster's representative for a member",
    args: (w) => sign(w, 'MAN', 'mch.ly'),
    exitCode: ExitCode.unknownPerson,
    message: 'mch.ly is not a person registered',
  },
  {
    name: "a unit of the province's other cluster",
    args: (w) => sign(w, 'MCH', 'mch.ly'),
    exitCode: ExitCode.notAMember,
    message: 'unit MCH is not a member',
  },
  {
    name: "another province's secretariat as a signer",
    args: (w) => sign(w, 'MAN', 'lc.thuy'),
    exitCode: ExitCode.unknownPerson,
    message: 'lc.thuy is not a person registered',
  },
  {
    name: 'an extension granted by a member',
    args: (w) => [...extend(w, new Date(Date.now() + 600_000).toISOString(), 'Mưa lũ kéo dài').slice(0, -2), '--by', REPS.DBI],
    exitCode: ExitCode.notAuthorised,
    message: 'dbi.binh',
  },
  {
    name: "an extension granted by another province's secretariat",
    args: (w) => [...extend(w, new Date(Date.now() + 600_000).toISOString(), 'Mưa lũ kéo dài').slice(0, -2), '--by', 'lc.thuy'],
    exitCode: ExitCode.notAuthorised,
    message: 'lc.thuy',
  },
  {
    name: 'a veto recorded by a member',
    args: (w) => veto(w, { '--by': REPS.DBI }),
    exitCode: ExitCode.notAuthorised,
    message: 'only the secretariat',
  },
  {
    name: 'a report by the representative of another unit',
    files: { 'so-ket.md': { text: 'Sơ kết 6 tháng đầu năm.' } },
    args: (w) => [
      'report',
      'submit',
      '--cycle',
      w.reporting,
      '--period',
      'H1',
      '--unit',
      'MAN',
      '--submitter',
      REPS.DBI,
      '--file',
      w.file('so-ket.md'),
    ],
    exitCode: ExitCode.notAuthorised,
    message: 'dbi.binh is not the representative of MAN',
  },

  // Dates outside the calendar, and dates that are not dates.
  {
    name: 'an extension until a date in words',
    args: (w) => extend(w, 'ngày mai', 'Mưa lũ kéo dài'),
    exitCode: ExitCode.usage,
    message: 'expected an ISO 8601 date-time with a zone',
  },
  {
    name: 'an extension into the past',
    args: (w) => extend(w, '2017-12-31T17:00:00+07:00', 'Mưa lũ kéo dài'),
    exitCode: ExitCode.usage,
    message: 'has already passed',
  },
  {
    name: 'an extension without a zone',
    args: (w) => extend(w, '2026-12-31T17:00:00', 'Mưa lũ kéo dài'),
    exitCode: ExitCode.usage,
    message: 'with a zone',
  },
  {
    name: 'an extension on 30 February',
    args: (w) => extend(w, '2026-02-30T17:00:00+07:00', 'Mưa lũ kéo dài'),
    exitCode: ExitCode.usage,
    message: 'until',
  },
  {
    name: 'a year in letters',
    args: () => ['cycle', 'start', '--cluster', 'DB-VT', '--year', 'hai nghìn'],
    exitCode: ExitCode.usage,
    message: 'expected a four-digit year',
  },
  {
    name: 'a year before 2000',
    args: () => ['cycle', 'start', '--cluster', 'DB-VT', '--year', '1999', '--compress', 'PT1M'],
    exitCode: ExitCode.usage,
    message: '2000 or later',
  },
  {
    name: 'a calendar compressed to a second',
    args: () => ['cycle', 'start', '--cluster', 'DB-VT', '--year', '2018', '--compress', 'PT1S'],
    exitCode: ExitCode.usage,
    message: 'between PT4S and P30D',
  },
  {
    name: 'a calendar whose deadline comes before its opening',
    files: {
      'calendar.json': {
        text: JSON.stringify({
          launchAt: '2018-01-15T08:00:00+07:00',
          pledge: {
            opensAt: '2018-02-01T08:00:00+07:00',
            deadline: '2018-01-20T17:00:00+07:00',
            remindBefore: [],
            late: { mode: 'refuse' },
          },
        }),
      },
    },
    args: (w) => ['cycle', 'start', '--cluster', 'DB-VT', '--year', '2018', '--calendar', w.file('calendar.json')],
    exitCode: ExitCode.usage,
    message: 'calendar',
  },
  {
    name: 'a calendar in another year',
    files: {
      'calendar.json': {
        text: JSON.stringify({
          launchAt: '2031-01-15T08:00:00+07:00',
          pledge: {
            opensAt: '2031-02-01T08:00:00+07:00',
            deadline: '2031-02-20T17:00:00+07:00',
            remindBefore: [],
            late: { mode: 'refuse' },
          },
        }),
      },
    },
    args: (w) => ['cycle', 'start', '--cluster', 'DB-VT', '--year', '2018', '--calendar', w.file('calendar.json')],
    exitCode: ExitCode.usage,
    message: 'calendar',
  },

  // Scores and points: out of range, not numbers, unknown criteria.
  { name: 'points in words', args: (w) => adjust(w, 'năm'), exitCode: ExitCode.usage, message: 'expected points with at most 2 decimals' },
  {
    name: 'points in exponent notation',
    args: (w) => adjust(w, '1e3'),
    exitCode: ExitCode.usage,
    message: 'expected points with at most 2 decimals',
  },
  {
    name: 'points with three decimals',
    args: (w) => adjust(w, '0.125'),
    exitCode: ExitCode.usage,
    message: 'expected points with at most 2 decimals',
  },
  { name: 'points out of range', args: (w) => adjust(w, '+500'), exitCode: ExitCode.usage, message: 'points' },
  {
    name: 'a cross-score out of range',
    files: { 'cham-cheo.json': { text: JSON.stringify(withScore('TGI', 'A1', 999)) } },
    args: (w) => scores(w),
    exitCode: ExitCode.usage,
    message: 'the cross-scores of DBI are not valid',
  },
  {
    name: 'a cross-score in words',
    files: { 'cham-cheo.json': { text: JSON.stringify(withScore('TGI', 'A1', 'mười')) } },
    args: (w) => scores(w),
    exitCode: ExitCode.usage,
    message: 'A1',
  },
  {
    name: 'an unknown criterion',
    files: { 'cham-cheo.json': { text: JSON.stringify(withScore('TGI', 'Z9', 5)) } },
    args: (w) => scores(w),
    exitCode: ExitCode.usage,
    message: 'Z9',
  },
  {
    name: 'a cross-score sheet for the scorer itself',
    files: { 'cham-cheo.json': { text: JSON.stringify(withScore('DBI', 'A1', 5)) } },
    args: (w) => scores(w),
    exitCode: ExitCode.usage,
    message: 'DBI',
  },
  {
    name: 'a criterion named with the seed spam',
    files: { 'cham-cheo.json': { text: JSON.stringify(withScore('TGI', SPAM, 5)) } },
    args: (w) => scores(w),
    exitCode: ExitCode.usage,
    message: SPAM,
  },

  // Malformed JSON and wrong shapes, for every JSON input file.
  {
    name: 'a calendar that is not JSON',
    files: { 'calendar.json': { text: '{"launchAt": ' } },
    args: (w) => ['cycle', 'start', '--cluster', 'DB-VT', '--year', '2018', '--calendar', w.file('calendar.json')],
    exitCode: ExitCode.usage,
    message: 'is not JSON',
  },
  {
    name: 'a calendar that is a list',
    files: { 'calendar.json': { text: '[1, 2, 3]' } },
    args: (w) => ['cycle', 'start', '--cluster', 'DB-VT', '--year', '2018', '--calendar', w.file('calendar.json')],
    exitCode: ExitCode.usage,
    message: 'calendar',
  },
  {
    name: 'an empty calendar file',
    files: { 'calendar.json': { text: '' } },
    args: (w) => ['cycle', 'start', '--cluster', 'DB-VT', '--year', '2018', '--calendar', w.file('calendar.json')],
    exitCode: ExitCode.usage,
    message: 'is not JSON',
  },
  {
    name: 'a calendar larger than the limit',
    files: { 'calendar.json': { text: JSON.stringify({ pad: 'x'.repeat(120_000) }) } },
    args: (w) => ['cycle', 'start', '--cluster', 'DB-VT', '--year', '2018', '--calendar', w.file('calendar.json')],
    exitCode: ExitCode.usage,
    message: 'is too large: the limit is 100,000 bytes',
  },
  {
    name: 'a JSON report that is not JSON',
    files: { 'so-ket.json': { text: "{narrative: 'Sơ kết'}" } },
    args: (w) => report(w, 'so-ket.json'),
    exitCode: ExitCode.usage,
    message: 'is not JSON',
  },
  {
    name: 'a JSON report in a BOM-less truncation',
    files: { 'so-ket.json': { text: '{"narrative": "Sơ kết 6 th' } },
    args: (w) => report(w, 'so-ket.json'),
    exitCode: ExitCode.usage,
    message: 'is not JSON',
  },
  {
    name: 'a JSON report that is a string',
    files: { 'so-ket.json': { text: '"Sơ kết 6 tháng"' } },
    args: (w) => report(w, 'so-ket.json'),
    exitCode: ExitCode.usage,
    message: 'is not valid',
  },
  {
    name: 'a JSON report with an extra field',
    files: { 'so-ket.json': { text: JSON.stringify({ narrative: 'Sơ kết 6 tháng', approvedBy: 'snv.ha' }) } },
    args: (w) => report(w, 'so-ket.json'),
    exitCode: ExitCode.usage,
    message: 'approvedBy',
  },
  {
    name: 'a JSON report with a figure that is a list',
    files: { 'so-ket.json': { text: JSON.stringify({ narrative: 'Sơ kết 6 tháng', figures: { 'thu ngân sách (%)': [55] } }) } },
    args: (w) => report(w, 'so-ket.json'),
    exitCode: ExitCode.usage,
    message: 'thu ngân sách (%)',
  },
  {
    name: 'a report with a right-to-left override',
    files: { 'so-ket.md': { text: 'Thu ngân sách đạt \u202e%55 kế hoạch.' } },
    args: (w) => report(w, 'so-ket.md'),
    exitCode: ExitCode.usage,
    message: 'cannot be sent: it contains a bidirectional control character (U+202E)',
  },
  {
    name: 'a JSON report with an isolate escaped',
    files: { 'so-ket.json': { text: '{"narrative": "Sơ kết \\u2066ẩn\\u2069"}' } },
    args: (w) => report(w, 'so-ket.json'),
    exitCode: ExitCode.usage,
    message: 'narrative: contains a bidirectional control character (U+2066)',
  },
  {
    name: 'a report of zero-width characters only',
    files: { 'so-ket.md': { text: '\u200b\u200c\u200d\ufeff' } },
    args: (w) => report(w, 'so-ket.md'),
    exitCode: ExitCode.usage,
    message: 'the narrative may not be empty or blank',
  },
  {
    name: 'a report file of another kind',
    files: { 'so-ket.html': { text: '<p>Sơ kết</p>' } },
    args: (w) => report(w, 'so-ket.html'),
    exitCode: ExitCode.usage,
    message: 'must be .json, .md or .txt, not .html',
  },
  {
    name: 'a report file that does not exist',
    args: (w) => report(w, 'missing.md'),
    exitCode: ExitCode.usage,
    message: 'cannot read the report file',
  },
  {
    name: 'a score file that is not JSON',
    files: { 'cham-cheo.json': { text: SPAM } },
    args: (w) => scores(w),
    exitCode: ExitCode.usage,
    message: 'is not JSON',
  },
  {
    name: 'a score file that is a list',
    files: { 'cham-cheo.json': { text: '[]' } },
    args: (w) => scores(w),
    exitCode: ExitCode.usage,
    message: 'the cross-scores of DBI are not valid',
  },
  {
    name: 'a score file larger than the limit',
    files: { 'cham-cheo.json': { text: JSON.stringify({ sheets: {}, pad: 'x'.repeat(300_000) }) } },
    args: (w) => scores(w),
    exitCode: ExitCode.usage,
    message: 'is too large: the limit is 262,144 bytes',
  },
  {
    name: 'a certificates file that is not JSON',
    files: { 'giay-khen.json': { text: '{"certificates": [' } },
    args: (w) => certificates(w),
    exitCode: ExitCode.usage,
    message: 'is not JSON',
  },
  {
    name: 'a certificates file of the wrong shape',
    files: { 'giay-khen.json': { text: '{"certificates": "tất cả"}' } },
    args: (w) => certificates(w),
    exitCode: ExitCode.usage,
    message: 'certificates',
  },
  {
    name: 'a certificate for the seed spam',
    files: {
      'giay-khen.json': {
        text: JSON.stringify({
          certificates: [{ recipient: `Hộ ông A – ${SPAM}`, achievement: 'Có thành tích xuất sắc trong phong trào' }],
        }),
      },
    },
    args: (w) => certificates(w),
    exitCode: ExitCode.usage,
    message: 'recipient',
  },

  // Oversized arguments, and text fields that reach a mail header or a table row.
  {
    name: 'a reason of 100,000 characters',
    args: (w) => extend(w, new Date(Date.now() + 600_000).toISOString(), 'Mưa '.repeat(25_000)),
    exitCode: ExitCode.usage,
    message: 'reason',
  },
  {
    name: 'a right-to-left override in a reason',
    args: (w) => extend(w, new Date(Date.now() + 600_000).toISOString(), 'Mưa lũ \u202ekéo dài'),
    exitCode: ExitCode.usage,
    message: 'reason: contains a bidirectional control character (U+202E)',
  },
  {
    name: 'a reason of zero-width characters',
    args: (w) => extend(w, new Date(Date.now() + 600_000).toISOString(), 'a\u200b\u200b\u200b\u200b\u200b'),
    exitCode: ExitCode.usage,
    message: 'at least 5 characters',
  },
  {
    name: 'a CR LF in a veto reference',
    args: (w) => veto(w, { '--reference': 'Công văn 12\r\nSubject: giả' }),
    exitCode: ExitCode.usage,
    message: 'reference: must be one line',
  },
  { name: 'a veto from an unknown source', args: (w) => veto(w, { '--source': 'rumour' }), exitCode: ExitCode.usage, message: '--source' },
  {
    name: 'a veto reference of 5,000 characters',
    args: (w) => veto(w, { '--reference': 'CV'.repeat(2_500) }),
    exitCode: ExitCode.usage,
    message: 'reference',
  },

  // Spam and links are accepted but quarantined for the secretariat (one unit each; the test checks the quarantine).
  {
    name: 'the seed spam in a report',
    accepted: true,
    files: { 'so-ket.md': { text: `Sơ kết 6 tháng. Xem ${SPAM}.` } },
    args: (w) => quarantined(w, 'TGI'),
    exitCode: ExitCode.ok,
    message: '"unit": "TGI"',
  },
  {
    name: 'the seed spam in NFD',
    accepted: true,
    files: { 'so-ket.md': { text: `Sơ kết 6 tháng. Xem ${SPAM}.`.normalize('NFD') } },
    args: (w) => quarantined(w, 'DBI'),
    exitCode: ExitCode.ok,
    message: '"unit": "DBI"',
  },
  {
    name: 'the seed spam half stripped',
    accepted: true,
    files: { 'so-ket.md': { text: 'Sơ kết 6 tháng. Xem hình bâu cua tôm ca.' } },
    args: (w) => quarantined(w, 'MAN'),
    exitCode: ExitCode.ok,
    message: '"unit": "MAN"',
  },
  {
    name: 'the seed spam split by zero-width spaces',
    accepted: true,
    files: { 'so-ket.md': { text: 'Sơ kết 6 tháng. Xem hình bầu\u200bcua tôm\u200dcá.' } },
    args: (w) => quarantined(w, 'DBP'),
    exitCode: ExitCode.ok,
    message: '"unit": "DBP"',
  },
  {
    name: 'a link in a report',
    accepted: true,
    files: { 'so-ket.md': { text: 'Sơ kết 6 tháng, chi tiết tại https://nhacai.vn/dang-ky' } },
    args: (w) => quarantined(w, 'MLA'),
    exitCode: ExitCode.ok,
    message: '"unit": "MLA"',
  },

  // HTML is literal text: accepted, and mailed escaped (the test reads the extension notice's HTML part).
  {
    name: 'HTML and script in an extension reason',
    accepted: true,
    args: (w) => [
      'round',
      'extend',
      '--cycle',
      w.quarantine,
      '--round',
      'H1',
      '--unit',
      'TGI',
      '--until',
      new Date(Date.now() + 3_600_000).toISOString(),
      '--reason',
      HTML_REASON,
      '--by',
      'snv.ha',
    ],
    exitCode: ExitCode.ok,
    message: '"units"',
  },

  // A component that is down: one line with the cause, exit code 11.
  {
    name: 'a pledge signed with nothing at the Temporal address',
    env: (w) => ({ TEMPORAL_ADDRESS: w.closedPort }),
    args: (w) => sign(w, 'MAN', REPS.MAN),
    exitCode: ExitCode.unreachable,
    message: 'cannot reach Temporal at',
  },
  {
    name: 'a pledge signed to a server that hangs up',
    env: (w) => ({ TEMPORAL_ADDRESS: w.hangUpServer }),
    args: (w) => sign(w, 'MAN', REPS.MAN),
    exitCode: ExitCode.unreachable,
    message: 'cannot reach Temporal at',
  },
  {
    name: 'a pledge signed while Temporal dies',
    env: (w) => ({ TEMPORAL_ADDRESS: w.dyingServer() }),
    args: (w) => sign(w, 'MAN', REPS.MAN),
    exitCode: ExitCode.unreachable,
    message: 'cannot reach Temporal at',
  },
  {
    name: 'a report submitted while Temporal dies',
    files: { 'so-ket.md': { text: 'Sơ kết 6 tháng.' } },
    env: (w) => ({ TEMPORAL_ADDRESS: w.dyingServer() }),
    args: (w) => report(w, 'so-ket.md'),
    exitCode: ExitCode.unreachable,
    message: 'cannot reach Temporal at',
  },
  {
    name: 'explain with PostgreSQL unreachable',
    env: (w) => ({ DATABASE_URL: `postgres://postgres:x@${w.closedPort}/tdkt` }),
    args: (w) => ['explain', '--cycle', w.running, '--unit', 'TGI'],
    exitCode: ExitCode.unreachable,
    message: 'cannot read the records at DATABASE_URL',
  },
  {
    name: 'the audit log with PostgreSQL unreachable',
    env: (w) => ({ DATABASE_URL: `postgres://postgres:x@${w.closedPort}/tdkt` }),
    args: (w) => ['audit', '--cycle', w.running],
    exitCode: ExitCode.unreachable,
    message: 'cannot read the records at DATABASE_URL',
  },
  {
    name: 'an export with PostgreSQL unreachable',
    env: (w) => ({ DATABASE_URL: `postgres://postgres:x@${w.closedPort}/tdkt` }),
    args: () => ['export', '--cluster', 'DB-VT', '--year', '2018', '--format', 'json'],
    exitCode: ExitCode.unreachable,
    message: 'DATABASE_URL',
  },
  {
    name: 'a document with PostgreSQL unreachable',
    env: (w) => ({ DATABASE_URL: `postgres://postgres:x@${w.closedPort}/tdkt` }),
    args: () => ['document', 'get', 'council/DIEN-BIEN/2018/quyet-dinh'],
    exitCode: ExitCode.unreachable,
    message: 'DATABASE_URL',
  },

  // A bad environment.
  {
    name: 'a Temporal address that is not one',
    env: () => ({ TEMPORAL_ADDRESS: 'not a host:port' }),
    args: (w) => ['cycle', 'status', w.running],
    exitCode: ExitCode.usage,
    message: 'TEMPORAL_ADDRESS',
  },
  {
    name: 'a namespace with a line break',
    env: () => ({ TEMPORAL_NAMESPACE: 'default\nX-Injected: 1' }),
    args: (w) => ['cycle', 'status', w.running],
    exitCode: ExitCode.usage,
    message: 'TEMPORAL_NAMESPACE',
  },
  {
    name: 'a profile file (TEMPORAL_CONFIG_FILE) that is not TOML',
    files: { 'temporal.toml': { text: '[profile.default]\naddress = "localhost:7233\n' } },
    env: (w) => ({ TEMPORAL_CONFIG_FILE: w.file('temporal.toml') }),
    args: (w) => ['cycle', 'status', w.running],
    exitCode: ExitCode.usage,
    message: 'temporal.toml: not valid TOML at line 2',
  },
  {
    name: 'a profile (TEMPORAL_PROFILE) the file does not have',
    files: { 'temporal.toml': { text: '[profile.default]\naddress = "localhost:7233"\n' } },
    env: (w) => ({ TEMPORAL_CONFIG_FILE: w.file('temporal.toml'), TEMPORAL_PROFILE: 'staging' }),
    args: (w) => ['cycle', 'status', w.running],
    exitCode: ExitCode.usage,
    message: 'TEMPORAL_PROFILE: no profile "staging"',
  },
  {
    name: 'a TLS client certificate file that is not there',
    files: { 'client.key': { text: '-----BEGIN PRIVATE KEY-----\nnot-a-key\n-----END PRIVATE KEY-----\n' } },
    env: (w) => ({ TEMPORAL_TLS_CLIENT_CERT_PATH: w.file('client.pem'), TEMPORAL_TLS_CLIENT_KEY_PATH: w.file('client.key') }),
    args: (w) => ['cycle', 'status', w.running],
    exitCode: ExitCode.usage,
    message: 'TEMPORAL_TLS_CLIENT_CERT_PATH: cannot read',
  },
  {
    name: "a profile's TLS CA file that is not there",
    files: { 'temporal.toml': { text: '[profile.default.tls]\nserver_ca_cert_path = "/nonexistent/tdkt/ca.pem"\n' } },
    env: (w) => ({ TEMPORAL_CONFIG_FILE: w.file('temporal.toml') }),
    args: (w) => ['cycle', 'status', w.running],
    exitCode: ExitCode.usage,
    message: 'tls.server_ca_cert_path in profile "default" of',
  },
  {
    name: 'a DATABASE_URL that is not a URL',
    env: () => ({ DATABASE_URL: 'postgres//nowhere' }),
    args: (w) => ['audit', '--cycle', w.running],
    exitCode: ExitCode.usage,
    message: 'DATABASE_URL',
  },
  {
    name: 'a language that is not offered',
    env: () => ({ TDKT_LANG: 'xx' }),
    args: (w) => ['cycle', 'status', w.running],
    exitCode: ExitCode.usage,
    message: 'TDKT_LANG',
  },
];
