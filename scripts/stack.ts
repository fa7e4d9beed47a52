import { parseArgs } from 'node:util';
import { startLocalRuntime, untilInterrupted } from './localRuntime.ts';

// `npm run stack`: everything a person needs to try tdkt by hand, with state that survives
// restarts (.tdkt/stack): the Temporal dev server and its Web UI, PostgreSQL, the mail inbox, the
// worker and the participants' web pages. The tdkt CLI reaches it with no configuration when the
// default ports were free.

const { values: args } = parseArgs({
  options: { 'state-dir': { type: 'string', default: '.tdkt/stack' }, help: { type: 'boolean', default: false } },
});
if (args.help) {
  console.log(`npm run stack [-- --state-dir DIR]

Starts the Temporal dev server (Web UI), an embedded PostgreSQL, the mail inbox, the worker and
the participants' web pages (port 8080 when free), keeping their data in DIR (default .tdkt/stack)
so workflows, rows, mails and the task links' key (DIR/link-keys, unless TDKT_LINK_KEYS is set)
survive a restart.
Ctrl-C stops everything cleanly.`);
  process.exit(0);
}

const log = (line: string) => console.log(line);

async function main(): Promise<void> {
  log(`starting the local stack (state in ${args['state-dir']})…`);
  const rt = await startLocalRuntime({ stateDir: args['state-dir'], log, web: true });
  const { temporal, postgres, mail } = rt.stack;
  log(`
Temporal:        ${temporal.address} (namespace default, task queue ${rt.taskQueue})
Temporal Web UI: ${temporal.uiUrl ?? '(headless)'}
PostgreSQL:      ${postgres.url}
Mail (SMTP):     ${mail.smtpUrl}
Mail inbox:      ${mail.webUrl}
Worker:          running in this process
Web pages:       ${rt.web?.baseUrl ?? '(not started)'} (sign in with a person's address, e.g. dbi.binh@example.org; the link arrives in the mail inbox)
${rt.cliEnvironment.length ? `\nThe default ports were taken; for the tdkt CLI run:\n${rt.cliEnvironment.map((l) => `  ${l}`).join('\n')}\n` : ''}
Try:
  ./bin/tdkt cycle start --cluster DB-VT --year 2018 --compress PT3M
  ./bin/tdkt pledge sign --cycle cycle/DB-VT/2018 --unit DBI --signer dbi.binh
  ./bin/tdkt cycle status cycle/DB-VT/2018

Press Ctrl-C to stop.`);
  const signal = await Promise.race([untilInterrupted(), rt.done.then(() => 'worker stopped')]);
  log(`\n${signal}: stopping…`);
  await rt.stop();
  log('stopped.');
}

main().catch((error: unknown) => {
  // The cause as the component or check put it, not a stack trace: this is what a person acts on.
  console.error(`stack failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
