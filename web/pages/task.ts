import type { Context } from 'hono';
import { roundStatus } from '../../client/operations.ts';
import { cycleAndUnit, isRepresentative } from '../../db/queries/participants.ts';
import { parseCycleId, splitRoundId, unitCode } from '../../domain/ids.ts';
import type { RoundStatus } from '../../domain/round.ts';
import type { AppEnv, Session, WebDeps } from '../env.ts';
import { messagePage } from '../layout.ts';

// What every task page and form checks first, in order: someone is signed in; the workflow id is a
// round's; the unit is a code; the person is that unit's representative for the cycle's year
// (person_role); the cycle is recorded. The Update's validator checks again when it is called.

export interface TaskAccess {
  session: Session;
  roundId: string;
  cycleId: string;
  kind: 'pledge' | 'report' | 'score' | 'ballot';
  period?: string;
  /** Ballot rounds: the round's number (1 or 2). */
  ballot?: number;
  unit: string;
  unitName: string;
  cluster: string;
  clusterName: string;
  year: number;
}

export type Checked = { ok: true; access: TaskAccess } | { ok: false; response: Response | Promise<Response> };

export async function checkTaskAccess(
  c: Context<AppEnv>,
  deps: WebDeps,
  wf: string | undefined,
  unit: string | undefined,
): Promise<Checked> {
  const t = c.get('t');
  const session = c.get('session');
  if (!session) return { ok: false, response: c.redirect('/sign-in', 303) };
  const parts = wf ? splitRoundId(wf) : undefined;
  const cycle = parts ? parseCycleId(parts.cycleId) : undefined;
  if (!wf || !parts || !cycle) return { ok: false, response: messagePage(c, 404, 'notFoundTitle', t('unknownTask')) };
  if (!unit || !unitCode.safeParse(unit).success) return { ok: false, response: messagePage(c, 400, 'invalidTitle', t('unknownTask')) };
  if (!(await isRepresentative(deps.db, session.person.id, unit, cycle.year)))
    return { ok: false, response: messagePage(c, 403, 'forbiddenTitle', t('forbidden', { unit, year: cycle.year })) };
  const info = await cycleAndUnit(deps.db, parts.cycleId, unit);
  if (!info) return { ok: false, response: messagePage(c, 409, 'notOpenTitle', t('notOpen')) };
  return {
    ok: true,
    access: {
      session,
      roundId: wf,
      cycleId: parts.cycleId,
      kind: parts.kind,
      ...(parts.period ? { period: parts.period } : {}),
      ...(parts.ballot !== undefined ? { ballot: parts.ballot } : {}),
      unit,
      unitName: info.unitName,
      cluster: info.cluster,
      clusterName: info.clusterName,
      year: info.year,
    },
  };
}

/** The round's status for the page, and the unit's line in it. */
export async function roundFor(deps: WebDeps, access: TaskAccess) {
  const status: RoundStatus | undefined = await roundStatus(deps.temporal, access.roundId);
  const line = status?.units.find((u) => u.unit === access.unit);
  const deadline = line?.deadline ?? status?.deadline;
  return { status, line, deadline: deadline ? Date.parse(deadline) : undefined };
}

/** A fresh idempotency key for a form: sending the same form twice does not act twice. */
export function requestIdOf(form: Record<string, string>): { requestId?: string } {
  const id = form.request;
  return id && /^web-[0-9a-f-]{36}$/.test(id) ? { requestId: id } : {};
}
