import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { promisify } from 'node:util';
import { findOnPath, isExecutableFile } from './executables.ts';

// The browser tests drive a real headless Chromium through playwright-core, which brings no
// browser of its own: Debian's `chromium` package is the one used (about 30 s to install).

/** Where Debian's `chromium` package puts its launcher. */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_INSTALL_COMMAND = 'sudo apt-get install -y chromium';

const silent = () => {};

/**
 * The Chromium to use, without installing anything: `CHROMIUM_PATH`, else /usr/bin/chromium,
 * else `chromium` on PATH.
 */
export function locateChromium(): string | undefined {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit) {
    // A wrong explicit setting must not silently fall back to another browser.
    if (!isExecutableFile(explicit)) {
      throw new Error(`CHROMIUM_PATH is set to ${explicit}, which is not an executable file.\n\n${missingChromiumMessage()}`);
    }
    return path.resolve(explicit);
  }
  return isExecutableFile(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : findOnPath('chromium');
}

/**
 * `locateChromium()`, else installs Debian's `chromium` package with apt-get when running as
 * root; otherwise stops with the one command to run.
 */
export async function ensureChromium(opts: { log?: (line: string) => void } = {}): Promise<string> {
  const found = locateChromium();
  if (found) return found;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `Chromium is not installed, and installing it needs root. Run:\n\n    ${CHROMIUM_INSTALL_COMMAND}\n\nthen run the tests again.`,
    );
  }
  await installChromium(opts.log ?? silent);
  const installed = locateChromium();
  if (!installed) throw new Error(`apt-get installed chromium, but no ${SYSTEM_CHROMIUM} appeared.\n\n${missingChromiumMessage()}`);
  return installed;
}

/** Why no Chromium could be found, and the ways to provide one. */
export function missingChromiumMessage(): string {
  return [
    'No Chromium found. The browser tests need a headless Chromium; provide it in one of three ways:',
    `  1. \`${CHROMIUM_INSTALL_COMMAND}\` (Debian and Ubuntu; about 30 s);`,
    '  2. run `npm run provision` (or `npm test`) as root: it runs `apt-get install -y chromium` itself;',
    '  3. set CHROMIUM_PATH to a Chromium or Chrome binary (or put `chromium` on PATH).',
  ].join('\n');
}

/** What `chromium --version` prints, e.g. `Chromium 156.0.8078.114 built on Debian GNU/Linux 12 (bookworm)`. */
export async function chromiumVersion(executable: string): Promise<string> {
  const { stdout } = await promisify(execFile)(executable, ['--version']);
  return stdout.trim();
}

async function installChromium(log: (line: string) => void): Promise<void> {
  log('Installing Chromium with apt-get (first time only, about 30 seconds)...');
  const install = await aptGet(['install', '-y', 'chromium'], log);
  if (install.ok) return;
  // A fresh container has no package lists: apt-get cannot even find the package. Only then is
  // `apt-get update` worth its time.
  if (!/Unable to locate package|has no installation candidate|is not available/.test(install.output)) {
    throw new Error(`apt-get install chromium ${install.how}.\n${install.output}\n\n${missingChromiumMessage()}`);
  }
  log('apt-get has no package lists for chromium: running apt-get update first...');
  const update = await aptGet(['update'], log);
  if (!update.ok) throw new Error(`apt-get update ${update.how}.\n${update.output}\n\n${missingChromiumMessage()}`);
  const retry = await aptGet(['install', '-y', 'chromium'], log);
  if (!retry.ok) throw new Error(`apt-get install chromium ${retry.how}.\n${retry.output}\n\n${missingChromiumMessage()}`);
}

type AptResult = { ok: boolean; how: string; output: string };

function aptGet(args: string[], log: (line: string) => void): Promise<AptResult> {
  return new Promise((resolve, reject) => {
    // -q drops the progress bars (one line per step instead); the lock timeout lets two
    // provisioning runs started together wait for each other instead of failing on dpkg's lock.
    const apt = spawn('apt-get', ['-q', '-o', 'DPkg::Lock::Timeout=300', ...args], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lastLines: string[] = [];
    const onLine = (line: string) => {
      lastLines.push(line);
      if (lastLines.length > 20) lastLines.shift();
      // One line per package is progress enough: dpkg's "Setting up" line. The lists of packages
      // (indented), the downloads and dpkg's other lines per package are only kept for an error.
      if (!line.trim() || /^( |Get:|Selecting previously unselected|\(Reading database|Preparing to unpack|Unpacking)/.test(line)) return;
      log(`[apt-get] ${line}`);
    };
    readline.createInterface({ input: apt.stdout }).on('line', onLine);
    readline.createInterface({ input: apt.stderr }).on('line', onLine);
    apt.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          error.code === 'ENOENT'
            ? `Cannot install Chromium: \`apt-get\` is not on PATH (not a Debian or Ubuntu machine).\n\n${missingChromiumMessage()}`
            : `Cannot install Chromium: apt-get could not be started: ${error.message}`,
        ),
      );
    });
    apt.once('close', (code, signal) => {
      resolve({
        ok: code === 0,
        how: signal ? `was killed by ${signal}` : `failed with code ${code}`,
        output: lastLines.join('\n'),
      });
    });
  });
}
