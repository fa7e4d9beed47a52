import { spawn } from 'node:child_process';
import fsp from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { cacheDir } from './cacheDir.ts';
import { findOnPath, isExecutableFile } from './executables.ts';

/** The CLI whose embedded dev server (Temporal Server 1.29.1, UI 2.42.1) the project is tested against. */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';

const CLI_PACKAGE = 'github.com/temporalio/cli/cmd/temporal';
/**
 * The same linker flags as the official release build: without the -X the binary reports
 * version 0.0.0-DEV, and -s -w drop debug symbols (about 40 MB).
 */
const LDFLAGS = `-s -w -X github.com/temporalio/cli/temporalcli.Version=${TEMPORAL_CLI_VERSION.slice(1)}`;

const silent = () => {};

/**
 * The Temporal CLI to use, without building anything: `TEMPORAL_CLI_PATH`, else `temporal`
 * on PATH, else the copy a previous `ensureTemporalCli()` built into the cache folder.
 */
export function locateTemporalCli(): string | undefined {
  const explicit = process.env.TEMPORAL_CLI_PATH;
  if (explicit) {
    // A wrong explicit setting must not silently fall back to another binary.
    if (!isExecutableFile(explicit)) {
      throw new Error(`TEMPORAL_CLI_PATH is set to ${explicit}, which is not an executable file.`);
    }
    return path.resolve(explicit);
  }
  return findOnPath('temporal') ?? (isExecutableFile(cachedCliPath()) ? cachedCliPath() : undefined);
}

/** `locateTemporalCli()`, else builds the CLI with `go install` into the cache folder. */
export async function ensureTemporalCli(opts: { log?: (line: string) => void } = {}): Promise<string> {
  return locateTemporalCli() ?? (await buildTemporalCli(opts.log ?? silent));
}

/** Why no Temporal CLI could be found, and the three ways to provide one. */
export function missingTemporalCliMessage(): string {
  return [
    `No Temporal CLI found. A real Temporal dev server (temporal ${TEMPORAL_CLI_VERSION}) is needed; provide it in one of three ways:`,
    '  1. set TEMPORAL_CLI_PATH to a `temporal` binary;',
    '  2. put a `temporal` binary on PATH (https://docs.temporal.io/cli#install);',
    `  3. install Go 1.25+ with access to the Go module proxy and run \`npm run provision\`: it runs`,
    `     \`go install ${CLI_PACKAGE}@${TEMPORAL_CLI_VERSION}\` once (about 3 minutes) into`,
    `     ${path.dirname(cachedCliPath())} (TDKT_CACHE_DIR moves that folder).`,
  ].join('\n');
}

function cachedCliPath(): string {
  return path.join(cacheDir(), `temporal-cli-${TEMPORAL_CLI_VERSION.slice(1)}`, 'temporal');
}

async function buildTemporalCli(log: (line: string) => void): Promise<string> {
  const target = cachedCliPath();
  // go install writes straight to GOBIN; building into a private folder and renaming
  // afterwards means an interrupted build never leaves a half binary at `target`, and
  // two processes building at once do not write over each other.
  await fsp.mkdir(cacheDir(), { recursive: true });
  const buildDir = await fsp.mkdtemp(path.join(cacheDir(), '.build-temporal-cli-'));
  log(`Building the Temporal CLI ${TEMPORAL_CLI_VERSION} with go install (first time only, about 3 minutes)...`);
  try {
    await goInstall(buildDir, log);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await fsp.rename(path.join(buildDir, 'temporal'), target);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n\n${missingTemporalCliMessage()}`, { cause: error });
  } finally {
    await fsp.rm(buildDir, { recursive: true, force: true });
  }
  log(`Built the Temporal CLI at ${target}`);
  return target;
}

function goInstall(gobin: string, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const go = spawn('go', ['install', `-ldflags=${LDFLAGS}`, `${CLI_PACKAGE}@${TEMPORAL_CLI_VERSION}`], {
      env: { ...process.env, GOBIN: gobin },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const lastLines: string[] = [];
    readline.createInterface({ input: go.stderr }).on('line', (line) => {
      lastLines.push(line);
      if (lastLines.length > 20) lastLines.shift();
      log(`[go] ${line}`);
    });
    go.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          error.code === 'ENOENT'
            ? 'Cannot build the Temporal CLI: `go` is not on PATH.'
            : `Cannot build the Temporal CLI: go install could not be started: ${error.message}`,
        ),
      );
    });
    go.once('close', (code, signal) => {
      if (code === 0) resolve();
      else {
        const how = signal ? `was killed by ${signal}` : `failed with code ${code}`;
        reject(new Error(`Building the Temporal CLI: go install ${how}.\n${lastLines.join('\n')}`));
      }
    });
  });
}
