import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { clusterCode } from '../../domain/ids.ts';
import { parseChoice, parseCode, parseYear, print } from '../cliArgs.ts';
import { databaseUnreachable } from '../config.ts';
import { CliError, ExitCode } from '../exitCodes.ts';
import type { YearExport } from '../export.ts';
import { withDatabase, type Json } from './run.ts';

// `tdkt export`: a cluster's year as data, for the secretariat's archive, a spreadsheet, or a
// dispute ("who changed this score and why" is the audit section). Reads $DATABASE_URL like
// `tdkt explain`; Temporal is not asked.

function write(file: string, content: string): void {
  try {
    writeFileSync(file, content, 'utf8');
  } catch (error) {
    throw new CliError(ExitCode.usage, `cannot write ${file}: ${(error as Error).message}`);
  }
}

/** client/export.ts, loaded when the command runs (it reads the database through Kysely). */
type Exporter = typeof import('../export.ts');

const rowCounts = ({ SECTIONS }: Exporter, data: YearExport) => Object.fromEntries(SECTIONS.map((s) => [s, data.sections[s].length]));

/** One CSV per section into `dir` (created if missing); prints what it wrote. */
function writeCsvFolder({ SECTIONS, toCsv }: Exporter, data: YearExport, dir: string, json: boolean): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new CliError(ExitCode.usage, `cannot create the folder ${dir}: ${(error as Error).message}`);
  }
  const files = SECTIONS.map((section) => {
    const file = path.join(dir, `${section}.csv`);
    write(file, toCsv(data.sections[section]));
    return { section, file, rows: data.sections[section].length };
  });
  print(
    json,
    { cycleId: data.cycleId, out: dir, files },
    [`${data.cycleId} exported to ${dir}:`, ...files.map((f) => `  ${f.file} (${f.rows} row${f.rows === 1 ? '' : 's'})`)].join('\n'),
  );
}

export function addExportCommands(program: CommandUnknownOpts, json: Json): void {
  program
    .command('export')
    .description(
      "everything a cluster's year recorded, read from $DATABASE_URL: pledges, reports (never their text), extensions, scores, adjustments, vetoes, ballot counts (never who voted how), nominations, decisions, giấy khen, rotation, merges, excusals and the audit log",
    )
    .requiredOption('--year <year>', 'the year, e.g. 2018', parseYear)
    .requiredOption('--cluster <code>', 'cluster code, e.g. DB-VT', parseCode(clusterCode))
    .requiredOption('--format <format>', 'csv or json', parseChoice('--format', ['csv', 'json'] as const))
    .option(
      '--out <path>',
      'json: the file to write; csv: a folder for one <section>.csv per section (created if missing). Default: standard output',
    )
    .action((opts) =>
      withDatabase(async (db) => {
        const [{ sql }, exporter] = await Promise.all([import('kysely'), import('../export.ts')]);
        const { exportYear, NoCycleError, toCsvSections, toJsonObject } = exporter;
        // Asked first and alone, so that only an outage reads as "unreachable": an error in the
        // export's own queries afterwards is a bug, and is reported as one.
        await sql`select 1`.execute(db).catch((error: unknown) => {
          throw databaseUnreachable(error);
        });
        const data = await exportYear(db, { cluster: opts.cluster, year: opts.year }).catch((error: unknown) => {
          if (error instanceof NoCycleError)
            throw new CliError(ExitCode.unknownCycle, `${error.message}: nothing is recorded for that cluster-year`);
          throw error;
        });
        if (opts.format === 'json') {
          const text = `${JSON.stringify(toJsonObject(data, new Date().toISOString()), null, 2)}\n`;
          if (!opts.out) {
            process.stdout.write(text);
            return;
          }
          write(opts.out, text);
          print(
            json(),
            { cycleId: data.cycleId, out: opts.out, bytes: Buffer.byteLength(text), rows: rowCounts(exporter, data) },
            `${data.cycleId} exported to ${opts.out} (${Buffer.byteLength(text).toLocaleString('en')} bytes)`,
          );
        } else if (opts.out) {
          writeCsvFolder(exporter, data, opts.out, json());
        } else {
          // CSV is already the machine-readable form: --json changes nothing here.
          process.stdout.write(toCsvSections(data));
        }
      }),
    );
}
