import { randomUUID } from 'node:crypto';
import { DefaultLogger, Runtime, type Logger } from '@temporalio/worker';
import { inject } from 'vitest';
import type { Activities } from '../../activities/index.ts';
import type { LinkSettings } from '../../activities/mail/links.ts';
import { connectMailSink, type MailReader } from '../../infra/mailSink.ts';
import { parseLinkKeys } from '../../taskLinks/taskLink.ts';
import { DEFAULT_MAIL_FROM } from '../../worker/config.ts';
import { startInProcessWorker, type InProcessWorker } from '../../worker/inProcess.ts';

// A test file's view of the servers started by globalSetup: a worker on a task queue of its own
// running the real workflows and activities, a client, the database and the mail sink.

export interface Harness extends InProcessWorker {
  mail: MailReader;
}

let runtimeInstalled = false;

/**
 * `wrap` lets a test change activities (e.g. fail a first attempt) while they keep their real effects.
 * `links`: the base URL and keys the worker's mails link with, instead of the run's (testLinks()):
 * a file that serves the pages itself (test/browser) gives its own web server's address, so that
 * the links in the mails open that server.
 * `logger`: where the worker's log goes (a file that reads the log passes one); the Runtime is
 * installed once per file, so only the file's first harness may pass it.
 */
export async function startHarness(
  wrap?: (real: Activities) => Activities,
  options: { links?: LinkSettings; logger?: Logger } = {},
): Promise<Harness> {
  if (options.logger && runtimeInstalled) throw new Error("the worker's logger is set by the file's first harness only");
  if (!runtimeInstalled) {
    // Worker state changes at INFO would bury the test output; warnings and errors still show.
    Runtime.install({ logger: options.logger ?? new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  // The files run one at a time and each reads only its own mails: emptying the shared sink first keeps it small.
  // Every wait on a mail reads the whole sink, ten times a second; with the run's thousands of mails in it,
  // maildev spent its time answering and took new mails late, and the later files timed out.
  const mail = connectMailSink(inject('mailWebUrl'));
  await mail.clear();
  const worker = await startInProcessWorker({
    temporalAddress: inject('temporalAddress'),
    databaseUrl: inject('databaseUrl'),
    smtpUrl: inject('smtpUrl'),
    mailFrom: DEFAULT_MAIL_FROM,
    taskQueue: `test-${randomUUID()}`,
    workflowBundlePath: inject('workflowBundlePath'),
    links: options.links ?? testLinks(),
    ...(wrap ? { wrap } : {}),
  });
  return { ...worker, mail };
}

/** The run's web base URL and task-link keys (globalSetup), as the worker signs with them and a test verifies with them. */
export function testLinks(): { baseUrl: string; keys: ReturnType<typeof parseLinkKeys> } {
  return { baseUrl: inject('webBaseUrl'), keys: parseLinkKeys(inject('linkKeys')) };
}
