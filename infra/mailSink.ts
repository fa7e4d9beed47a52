import fsp from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describeExit, startChild } from './childProcess.ts';
import type { ProcessLedger } from './leftovers.ts';
import { acceptsConnections, assertPortFree, givenOrFreePorts } from './ports.ts';
import { waitUntil } from './waitUntil.ts';

export interface ReceivedMail {
  id: string;
  /** Decoded (RFC 2047 encoded-words are undone). */
  subject: string;
  /** Bare address of the From header, without the display name (that stays in `headers.from`). */
  from: string;
  /** Bare addresses of the To header. */
  to: string[];
  text: string;
  html: string;
  /** Top-level headers, names in lower case (`message-id`, `content-type`, ...). */
  headers: Record<string, string | string[]>;
  /** ISO 8601. */
  date: string;
}

/** Reads the mails of a running maildev, possibly started by another process. */
export interface MailReader {
  messages(): Promise<ReceivedMail[]>;
  /** The mails to `address`, in the order received (maildev filters them: a person's mailbox, not the whole sink). */
  messagesTo(address: string): Promise<ReceivedMail[]>;
  /** Polls `messages()` until `predicate` holds; rejects after `timeoutMs` (default 10 s). */
  waitFor(predicate: (all: ReceivedMail[]) => boolean, timeoutMs?: number): Promise<ReceivedMail[]>;
  clear(): Promise<void>;
}

export interface MailSink extends MailReader {
  smtpUrl: string;
  /** maildev's web UI, which also serves the REST API used here. */
  webUrl: string;
  stop(): Promise<void>;
}

/** The subset of maildev's stored mail object that is read here. */
interface MaildevMail {
  id: string;
  subject?: string;
  from?: { address: string; name?: string }[];
  to?: { address: string; name?: string }[];
  text?: string;
  html?: string;
  headers?: Record<string, string | string[]>;
  date?: string;
  time?: string;
}

const START_TIMEOUT_MS = 20_000;

/**
 * Starts maildev as an SMTP sink with its web UI. It runs as a child process because it
 * installs SIGINT/SIGTERM handlers that call process.exit, which must not hijack ours.
 * Without `mailDir`, mails are kept in a temporary folder deleted at stop.
 */
export async function startMailSink(
  opts: {
    smtpPort?: number;
    webPort?: number;
    mailDir?: string;
    /** Where maildev is recorded while it runs (see leftovers.ts); its output then goes there too. */
    ledger?: ProcessLedger;
    log?: (line: string) => void;
  } = {},
  attempt = 1,
): Promise<MailSink> {
  const log = opts.log ?? (() => {});
  if (opts.smtpPort !== undefined) await assertPortFree(opts.smtpPort, 'the mail sink (SMTP)');
  if (opts.webPort !== undefined) await assertPortFree(opts.webPort, 'the mail sink (web)');
  const [smtpPort, webPort] = await givenOrFreePorts(opts.smtpPort, opts.webPort);
  const temporaryMailDir = opts.mailDir === undefined;
  const mailDir = opts.mailDir ? path.resolve(opts.mailDir) : await fsp.mkdtemp(path.join(os.tmpdir(), 'tdkt-mail-'));
  // maildev creates the folder but not its parents.
  await fsp.mkdir(mailDir, { recursive: true });

  const maildevBin = path.join(path.dirname(createRequire(import.meta.url).resolve('maildev/package.json')), 'bin', 'maildev');
  const args = [
    maildevBin,
    '--smtp',
    String(smtpPort),
    '--web',
    String(webPort),
    '--ip',
    '127.0.0.1',
    '--mail-directory',
    mailDir,
    ...(opts.log ? [] : ['--silent']),
  ];
  // process.execPath: maildev must run on the project's Node, not whatever `node` is on PATH.
  const child = startChild('maildev', process.execPath, args, {
    log,
    env: withoutMaildevSettings(process.env),
    recordIn: opts.ledger && { ledger: opts.ledger, label: 'the maildev mail sink' },
  });
  const webUrl = `http://127.0.0.1:${webPort}/`;

  const removeTemporaryMailDir = async () => {
    if (temporaryMailDir) await fsp.rm(mailDir, { recursive: true, force: true });
  };
  try {
    await waitUntil(
      `maildev to accept connections on ports ${smtpPort} (SMTP) and ${webPort} (web)`,
      async () => ((await acceptsConnections(smtpPort)) && (await acceptsConnections(webPort))) || undefined,
      {
        timeoutMs: START_TIMEOUT_MS,
        intervalMs: 100,
        abort: () => {
          const status = child.exitStatus();
          return status && new Error(`maildev ${describeExit(status)}:\n${child.recentOutput()}`);
        },
      },
    );
  } catch (error) {
    await child.stop();
    await removeTemporaryMailDir();
    // Ports we picked ourselves can be taken by another process before maildev binds them
    // (see freePorts): pick new ones, a few times, rather than fail the run.
    const picked = opts.smtpPort === undefined && opts.webPort === undefined;
    if (picked && attempt < 3 && /EADDRINUSE/.test(String(error))) return startMailSink(opts, attempt + 1);
    throw error;
  }
  log(`[maildev] ready: SMTP on 127.0.0.1:${smtpPort}, web on ${webUrl}`);

  let stopping: Promise<void> | undefined;
  return {
    ...connectMailSink(webUrl),
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    webUrl,
    stop() {
      stopping ??= child.stop().then(removeTemporaryMailDir);
      return stopping;
    },
  };
}

/**
 * A reader for the maildev whose web UI is at `webUrl` (as in `MailSink.webUrl`): test
 * files use it on the sink their global setup started in another process.
 */
export function connectMailSink(webUrl: string): MailReader {
  const messages = async (): Promise<ReceivedMail[]> => {
    const mails = (await api(webUrl, 'GET', 'email')) as MaildevMail[];
    return mails.map(toReceivedMail);
  };
  return {
    messages,
    async messagesTo(address) {
      const mails = (await api(webUrl, 'GET', `email?${new URLSearchParams({ 'to.address': address }).toString()}`)) as MaildevMail[];
      return mails.map(toReceivedMail);
    },
    async waitFor(predicate, timeoutMs = 10_000) {
      let latest: ReceivedMail[] = [];
      try {
        return await waitUntil(
          'the expected mails',
          async () => {
            latest = await messages();
            return predicate(latest) ? latest : undefined;
          },
          { timeoutMs, intervalMs: 100 },
        );
      } catch (error) {
        // The last few are enough to see what went wrong; a shared sink may hold hundreds.
        const shown = latest.slice(-20).map((mail) => `  to ${mail.to.join(', ')}: ${mail.subject}`);
        throw new Error(
          `${(error as Error).message}. ${latest.length} mails received${shown.length ? `, the last ${shown.length}:\n${shown.join('\n')}` : '.'}`,
          { cause: error },
        );
      }
    },
    async clear() {
      await api(webUrl, 'DELETE', 'email/all');
    },
  };
}

async function api(webUrl: string, method: 'GET' | 'DELETE', route: string): Promise<unknown> {
  const response = await fetch(new URL(route, webUrl), { method });
  if (!response.ok) {
    throw new Error(`maildev ${method} /${route} answered ${response.status}: ${await response.text()}`);
  }
  return response.json();
}

function toReceivedMail(mail: MaildevMail): ReceivedMail {
  return {
    id: mail.id,
    subject: mail.subject ?? '',
    from: mail.from?.[0]?.address ?? '',
    to: (mail.to ?? []).map((recipient) => recipient.address),
    text: mail.text ?? '',
    html: mail.html ?? '',
    headers: mail.headers ?? {},
    date: mail.date ?? mail.time ?? '',
  };
}

/** maildev reads MAILDEV_* variables (web password, relay host...) that would change its behaviour here. */
function withoutMaildevSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('MAILDEV_')));
}
