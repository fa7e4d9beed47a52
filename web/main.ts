import { pino } from 'pino';
import { CliError } from '../client/exitCodes.ts';
import { connectClient } from '../client/operations.ts';
import { connectDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { loadWebConfig, WebConfigError } from './config.ts';
import { startWebServer } from './server.ts';
import { createMailer } from '../infra/mailer.ts';

// `npm run web`: the participants' web server. Configuration comes from the environment (README
// "Web pages"); an invalid one is reported in full and exits with code 2. SIGINT/SIGTERM stop it.

async function main(): Promise<void> {
  const config = loadWebConfig(process.env);
  // Only errors and their request path are logged, never a form; the redaction keeps it so should one be passed (a ballot's choices).
  const log = pino({ level: config.LOG_LEVEL, redact: { paths: ['form', 'body', '*.form', '*.body'], censor: '[not logged]' } });
  const db = connectDatabase(config.DATABASE_URL);
  const applied = await migrateToLatest(db);
  if (applied.length) log.info({ applied }, 'database migrated');
  const temporal = await connectClient(config);
  const mailer = createMailer(config.SMTP_URL);
  const web = await startWebServer({ db, temporal, config, mailer, log }, { port: config.WEB_PORT });
  log.info({ port: web.port, baseUrl: config.WEB_BASE_URL }, 'web server running');

  const stopped = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  const signal = await stopped;
  log.info({ signal }, 'shutting down');
  await web.close();
  await temporal.connection.close();
  mailer.close();
  await db.destroy();
}

main().catch((error: unknown) => {
  if (error instanceof WebConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  if (error instanceof CliError) {
    console.error(`web server: ${error.message}`);
    process.exit(error.exitCode);
  }
  console.error('web server failed:', error);
  process.exit(1);
});
