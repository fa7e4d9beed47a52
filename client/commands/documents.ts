import { writeFileSync } from 'node:fs';
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { parseDocumentId, print } from '../cliArgs.ts';
import { databaseUnreachable } from '../config.ts';
import { CliError, ExitCode } from '../exitCodes.ts';
import { withDatabase, type Json } from './run.ts';

// The printable documents (`document get`): tờ trình, biên bản and quyết định, read from $DATABASE_URL.

export function addDocumentCommands(program: CommandUnknownOpts, json: Json): void {
  program
    .command('document')
    .description('the printable documents: tờ trình (submission), biên bản (minutes), quyết định (decision)')
    .command('get')
    .description('print a stored document as HTML, or write it to a file (reads $DATABASE_URL)')
    .argument('<document>', 'document id, e.g. cycle/DB-VT/2018/to-trinh-v1 or council/DIEN-BIEN/2018/quyet-dinh', parseDocumentId)
    .option('--out <file>', 'write the HTML to this file instead of stdout')
    .action((id, opts) =>
      withDatabase(async (db) => {
        const { findDocument } = await import('../../db/queries/documents.ts');
        const document = await findDocument(db, id).catch((error: unknown) => {
          throw databaseUnreachable(error);
        });
        if (!document)
          throw new CliError(
            ExitCode.unknownCycle,
            `unknown document ${id}: no such document (documents are made when a cluster submits, a session counts, or the chair decides)`,
          );
        const meta = {
          id: document.id,
          kind: document.kind,
          title: document.title,
          cycleId: document.cycle_id,
          councilId: document.council_id,
          createdAt: document.created_at.toISOString(),
        };
        if (opts.out) {
          try {
            writeFileSync(opts.out, document.html, 'utf8');
          } catch (error) {
            throw new CliError(ExitCode.usage, `cannot write ${opts.out}: ${(error as Error).message}`);
          }
          print(
            json(),
            { ...meta, out: opts.out, bytes: Buffer.byteLength(document.html) },
            `${document.kind} "${document.title}" written to ${opts.out}`,
          );
        } else if (json()) {
          print(true, { ...meta, html: document.html }, '');
        } else {
          process.stdout.write(document.html);
        }
      }),
    );
}
