import type { Context } from 'hono';
import { html } from 'hono/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { CliError } from '../../client/exitCodes.ts';
import { cycleStatus, type CycleReport } from '../../client/operations.ts';
import type { CycleLeadership, LeadershipRole } from '../../db/queries/leadership.ts';
import { PHASES } from '../../domain/cycle.ts';
import type { AppEnv, Session, WebDeps } from '../env.ts';
import { page, type Markup } from '../layout.ts';
import type { AmendForm } from './chairAmend.ts';
import type { CertificatesForm } from './chairCertificates.ts';
import type { AdjustForm } from './chairForms.ts';
import { refusalPage } from './refusal.ts';

// What the chair's page and its forms share (web/pages/chair.ts): who is acting and as what (or,
// the province's secretariat, reading), the cycle's status for one view of the page, and the
// receipt after an action.

export interface ChairAccess {
  session: Session;
  cycleId: string;
  role: LeadershipRole;
  leadership: CycleLeadership;
  /** A unit as the page names it: "UBND huyện Điện Biên (DBI)". */
  name: (unit: string) => string;
}

/** The province's secretariat reading the cycle's table and explanations: no forms. */
export interface TableReader extends Omit<ChairAccess, 'role'> {
  role: 'secretariat';
}

/** Who may read the chair's page: the chair, the deputy, or the province's secretariat (read only). */
export type ChairReader = ChairAccess | TableReader;

/** What one view of the page shows: the cycle's status, and the forms as sent when they come back with problems. */
export interface ChairView {
  access: ChairAccess;
  report: CycleReport;
  adjust?: AdjustForm;
  decideProblem?: string;
  certificates?: CertificatesForm;
  amend?: AmendForm;
}

/** Shows the page again with a form's problems (the actions are given this, not the page itself). */
export type Rerender = (view: Omit<ChairView, 'access' | 'report'>, status: ContentfulStatusCode) => Promise<Response>;

/**
 * The phases in which the chair records the cluster's giấy khen: from the cluster's nominations to
 * the conference. (The cycle's validator takes them from its start; the page and My tasks offer
 * them once the year's results are known.)
 */
export const CERTIFICATE_PHASES: string[] = [PHASES.nominated, PHASES.submitted, PHASES.revision, PHASES.awarded, PHASES.conference];

export const chairPath = (cycleId: string) => `/task?wf=${encodeURIComponent(cycleId)}`;

/** The cycle's status from its workflow, or the refusal page when it cannot be had. */
export async function loadReport(c: Context<AppEnv>, deps: WebDeps, cycleId: string): Promise<CycleReport | Response> {
  try {
    return await cycleStatus(deps.temporal, cycleId);
  } catch (error) {
    if (error instanceof CliError) return refusalPage(c, error);
    throw error;
  }
}

/** The page after an action was taken: what was recorded, and the way back to the chair's page. */
export function chairReceipt(c: Context<AppEnv>, access: ChairAccess, message: Markup) {
  const t = c.get('t');
  return page(
    c,
    t('receiptTitle'),
    html`<p class="notice" role="status">${message}</p>
<p><a href="${chairPath(access.cycleId)}">${t('backToChair')}</a></p>
<p><a href="/">${t('back')}</a></p>`,
  );
}
