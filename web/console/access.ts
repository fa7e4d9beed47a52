import type { Context, MiddlewareHandler } from 'hono';
import { consoleStandingsOf, provinceOfCycle, type ConsoleRole } from '../../db/queries/console.ts';
import type { PersonRow } from '../../db/queries/participants.ts';
import type { AppEnv, WebDeps } from '../env.ts';
import { messagePage } from '../layout.ts';

// Who may use the console, and for what. The roles come from person_role, never from the request:
// the secretariat reads and acts for its own province; the council's secretary acts on the
// council only; an administrator reads everything of the province and acts on nothing. Every
// page that names a cycle or a council checks that it is of the person's province, and answers
// "not found" otherwise, so another province's staff learn nothing of it.

export interface ConsoleAccess {
  person: PersonRow;
  province: string;
  roles: ConsoleRole[];
}

/** What an action acts on: a cluster's cycle (and its schedule), or the provincial council. */
export type ConsoleScope = 'cycle' | 'council';

export function mayAct(access: ConsoleAccess, scope: ConsoleScope): boolean {
  if (access.roles.includes('secretariat')) return true;
  return scope === 'council' && access.roles.includes('council_secretary');
}

/**
 * On every `/console` request: someone is signed in and has a console role, or the request ends
 * here; a POST from someone who may act on nothing (an administrator) is refused before any page
 * reads its form.
 */
export function consoleGuard(deps: WebDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const session = c.get('session');
    if (!session) return c.redirect('/sign-in', 303);
    const [standing] = await consoleStandingsOf(deps.db, session.person.id);
    const t = c.get('t');
    if (!standing) return messagePage(c, 403, 'consoleForbiddenTitle', t('consoleForbidden'));
    const access: ConsoleAccess = { person: session.person, province: standing.province, roles: standing.roles };
    c.set('console', access);
    if (c.req.method === 'POST' && !mayAct(access, 'council')) return refusal(c);
    await next();
  };
}

/** The console's access of this request (set by consoleGuard, which runs before every console route). */
export function consoleOf(c: Context<AppEnv>): ConsoleAccess {
  const access = c.get('console');
  if (!access) throw new Error('consoleGuard did not run for this route');
  return access;
}

function refusal(c: Context<AppEnv>): Response | Promise<Response> {
  const t = c.get('t');
  const access = consoleOf(c);
  const message = access.roles.includes('administrator') && !mayAct(access, 'council') ? t('consoleReadOnly') : t('consoleCouncilOnly');
  return messagePage(c, 403, 'consoleActRefusedTitle', message, {
    href: '/console',
    label: t('consoleBack'),
  });
}

/** Refuses an action the person's roles do not allow (a refusal page), or undefined when they may act. */
export function refuseUnlessMayAct(c: Context<AppEnv>, scope: ConsoleScope): Response | Promise<Response> | undefined {
  return mayAct(consoleOf(c), scope) ? undefined : refusal(c);
}

/** The "not found" of anything outside the person's province (or not recorded at all). */
export function notInProvince(c: Context<AppEnv>): Response | Promise<Response> {
  const t = c.get('t');
  return messagePage(c, 404, 'consoleNotFoundTitle', t('consoleNotFound'), { href: '/console', label: t('consoleBack') });
}

/** Whether the cycle is recorded and of the person's province. */
export async function cycleInProvince(c: Context<AppEnv>, deps: WebDeps, cycleId: string): Promise<boolean> {
  return (await provinceOfCycle(deps.db, cycleId)) === consoleOf(c).province;
}
