import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { CliError, ExitCode } from '../../client/exitCodes.ts';
import type { AppEnv } from '../env.ts';
import type { MessageKey } from '../i18n.ts';
import { messagePage } from '../layout.ts';

// A refusal from an operation (a CliError, as the CLI would report it) as a page: a title people
// understand, the operation's own words as the detail, and the HTTP status that says what it was.

const BY_REASON: Record<string, { status: ContentfulStatusCode; title: MessageKey }> = {
  Duplicate: { status: 409, title: 'duplicateTitle' },
  RoundClosed: { status: 409, title: 'closedTitle' },
  RoundNotOpen: { status: 409, title: 'notOpenTitle' },
  NotAuthorised: { status: 403, title: 'forbiddenTitle' },
  NotAMember: { status: 403, title: 'forbiddenTitle' },
  UnknownPerson: { status: 403, title: 'forbiddenTitle' },
  InvalidInput: { status: 400, title: 'invalidTitle' },
};

/** What a CliError becomes: the status and title of its reason. */
export function refusalKind(error: CliError): { status: ContentfulStatusCode; title: MessageKey } {
  const known = error.reason ? BY_REASON[error.reason] : undefined;
  if (known) return known;
  if (error.exitCode === ExitCode.unknownCycle) return { status: 404, title: 'notFoundTitle' };
  // The cycle refused its own start (no members that year, no leadership): the request, not the server.
  if (error.exitCode === ExitCode.cycleFailed) return { status: 422, title: 'startFailedTitle' };
  if (error.exitCode === ExitCode.unreachable || error.exitCode === ExitCode.noWorker) return { status: 503, title: 'errorTitle' };
  return { status: 500, title: 'errorTitle' };
}

export function refusalPage(c: Context<AppEnv>, error: CliError, before?: string) {
  const { status, title } = refusalKind(error);
  const t = c.get('t');
  const detail = t('refusedDetail', { message: error.message });
  // A refusal on the console leads back to the console, anywhere else to the person's tasks.
  const onConsole = new URL(c.req.url).pathname.startsWith('/console');
  return messagePage(
    c,
    status,
    title,
    before ? `${before} ${detail}` : detail,
    onConsole ? { href: '/console', label: t('consoleBack') } : undefined,
  );
}
