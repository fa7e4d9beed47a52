import fsp from 'node:fs/promises';
import path from 'node:path';
import { Connection } from '@temporalio/client';
// Not re-exported from the package root; the SDK's own client imports it the same way.
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes.js';
import { SEARCH_ATTRIBUTES } from '../workflows/searchAttributes.ts';
import { describeExit, startChild } from './childProcess.ts';
import type { ProcessLedger } from './leftovers.ts';
import { acceptsConnections, assertPortFree, givenOrFreePorts } from './ports.ts';
import { waitUntil } from './waitUntil.ts';

export interface DevServer {
  /** host:port of the frontend gRPC service, for `Connection.connect({ address })`. */
  address: string;
  namespace: string;
  /** `undefined` when started headless. */
  uiUrl: string | undefined;
  stop(): Promise<void>;
}

const NAMESPACE = 'default';
const READY_TIMEOUT_MS = 30_000;

/** The CLI spells search attribute types `KeywordList`; the SDK's encoder wants `KEYWORD_LIST`. */
const SDK_TYPE = {
  Text: 'TEXT',
  Keyword: 'KEYWORD',
  Int: 'INT',
  Double: 'DOUBLE',
  Bool: 'BOOL',
  Datetime: 'DATETIME',
  KeywordList: 'KEYWORD_LIST',
} as const;
type CliType = keyof typeof SDK_TYPE;

/**
 * Starts `temporal server start-dev` and resolves once it answers gRPC calls and our
 * search attributes are registered, so that the first workflow start cannot fail.
 */
export async function startTemporalDevServer(opts: {
  cliPath: string;
  port?: number;
  uiPort?: number;
  /** SQLite file that keeps workflows across restarts; in-memory when absent. */
  dbFile?: string;
  headless?: boolean;
  /** Where the server is recorded while it runs (see leftovers.ts); its output then goes there too. */
  ledger?: ProcessLedger;
  log?: (line: string) => void;
}): Promise<DevServer> {
  const log = opts.log ?? (() => {});
  if (opts.port !== undefined) await assertPortFree(opts.port, 'the Temporal dev server');
  if (opts.uiPort !== undefined && !opts.headless) await assertPortFree(opts.uiPort, 'the Temporal web UI');
  const [port, freeOrGivenUiPort] = await givenOrFreePorts(opts.port, opts.uiPort);
  const uiPort = opts.headless ? undefined : freeOrGivenUiPort;
  // The CLI only creates the database file, not its folder.
  if (opts.dbFile) await fsp.mkdir(path.dirname(path.resolve(opts.dbFile)), { recursive: true });

  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    ...(uiPort === undefined ? ['--headless'] : ['--ui-port', String(uiPort)]),
    ...(opts.dbFile ? ['--db-filename', path.resolve(opts.dbFile)] : []),
    '--log-level',
    'warn',
    '--namespace',
    NAMESPACE,
    ...SEARCH_ATTRIBUTES.flatMap(({ name, type }) => ['--search-attribute', `${name}=${type}`]),
  ];
  const child = startChild('temporal', opts.cliPath, args, {
    log,
    recordIn: opts.ledger && { ledger: opts.ledger, label: 'the Temporal dev server' },
  });
  const address = `127.0.0.1:${port}`;

  try {
    const outcome = await waitUntil(
      `the Temporal dev server at ${address} with search attributes ${SEARCH_ATTRIBUTES.map((a) => a.name).join(', ')}`,
      () => probeAndRegister(port),
      {
        timeoutMs: READY_TIMEOUT_MS,
        abort: () => {
          const status = child.exitStatus();
          return status && new Error(`The Temporal dev server (${opts.cliPath}) ${describeExit(status)}:\n${child.recentOutput()}`);
        },
      },
    );
    if (outcome !== 'ready') throw outcome;
  } catch (error) {
    await child.stop();
    throw error;
  }

  log(`[temporal] ready at ${address}${uiPort === undefined ? '' : `, UI at http://127.0.0.1:${uiPort}`}`);
  return {
    address,
    namespace: NAMESPACE,
    uiUrl: uiPort === undefined ? undefined : `http://127.0.0.1:${uiPort}`,
    stop: () => child.stop(),
  };
}

/**
 * 'ready' once the server answers and every search attribute is registered; an Error
 * (returned, not thrown, so the wait stops instead of retrying) when it never will be.
 * `--search-attribute` only takes effect when the CLI creates the namespace: on an existing
 * `--db-filename` from an older version of the project, attributes added since then are
 * missing, so they are registered here through the operator API.
 */
async function probeAndRegister(port: number): Promise<'ready' | Error | undefined> {
  // A plain TCP check first: it fails in microseconds while the server boots, so a server
  // that died is noticed at once, and no gRPC channel is opened to a port nobody serves.
  if (!(await acceptsConnections(port))) return undefined;
  // lazy + ensureConnected rather than connect(): connect() does not close the channel when
  // it fails, and a leaked channel keeps retrying and keeps our process alive.
  const connection = Connection.lazy({ address: `127.0.0.1:${port}`, connectTimeout: '2s' });
  try {
    await connection.ensureConnected();
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: NAMESPACE });
    const registered = customAttributes ?? {};
    for (const { name, type } of SEARCH_ATTRIBUTES) {
      const actual = registered[name];
      if (actual !== undefined && actual !== indexedType(type)) {
        return new Error(
          `Search attribute ${name} is registered as ${cliTypeName(actual)} but the project needs ${type}. ` +
            'The Temporal database comes from an incompatible version: delete it (the --db-filename file) and start again.',
        );
      }
    }
    const missing = SEARCH_ATTRIBUTES.filter(({ name }) => registered[name] === undefined);
    if (missing.length === 0) return 'ready';
    await connection.operatorService.addSearchAttributes({
      namespace: NAMESPACE,
      searchAttributes: Object.fromEntries(missing.map(({ name, type }) => [name, indexedType(type)])),
    });
    return undefined; // Check again: registration is not instantly visible.
  } finally {
    await connection.close();
  }
}

function indexedType(type: CliType) {
  return encodeSearchAttributeIndexedValueType(SDK_TYPE[type])!;
}

function cliTypeName(indexed: number): string {
  const types = Object.keys(SDK_TYPE) as CliType[];
  return types.find((type) => Number(indexedType(type)) === indexed) ?? `type #${indexed}`;
}
