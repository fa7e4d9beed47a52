import type { Context } from 'hono';
import { z } from 'zod';
import { CliError } from '../../client/exitCodes.ts';
import { extendDeadline, recordVeto } from '../../client/operations.ts';
import { REPORT_PERIODS } from '../../domain/report.ts';
import { issueList } from '../../domain/rejections.ts';
import { extensionSchema } from '../../domain/round.ts';
import { vetoSchema } from '../../domain/scoringActions.ts';
import { parseVietnamLocal } from '../../domain/time.ts';
import type { AppEnv, WebDeps } from '../env.ts';
import { messagePage } from '../layout.ts';
import { refusalPage } from '../pages/refusal.ts';
import { requestIdOf } from '../pages/task.ts';
import { consoleOf, refuseUnlessMayAct } from './access.ts';
import { checkedCycleId } from './cyclePage.ts';
import { path } from './yearView.ts';

// The secretariat's actions on a cycle's page: extend a round's deadline (extendDeadline, the
// round's `extend` Update) and record a veto input (recordVeto, the cycle's `recordVeto` Update).
// The form is checked here against the same schemas the Updates' validators use, with the
// signed-in person as the actor; the validators then check the rest (the secretariat of the
// cycle, the round not closed, the new deadline later and within the round's limit, the ballot not
// yet open). A success goes back to the cycle's page (post, redirect, get); a refusal is a page.

/** The rounds whose deadline the console moves, by their name in the cycle. */
const ROUND_NAME = new RegExp(`^(pledge|score|report-(${Object.keys(REPORT_PERIODS).join('|')}))$`);

/** A datetime-local field's value (to the minute, or to the second), read as Vietnam time. */
const vietnamLocal = z
  .string()
  .max(40)
  .transform((text, ctx) => {
    const ms = parseVietnamLocal(text);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: 'the new deadline is a date and a time, e.g. 2018-07-20T17:00' });
      return z.NEVER;
    }
    return new Date(ms).toISOString();
  });

const extendForm = z.object({
  round: z.string().regex(ROUND_NAME, 'the round is the pledge, a report or the cross-scores'),
  until: vietnamLocal,
});

/** The cycle of the form (`wf`), or the page that refuses it; and the refusal of someone who may not act. */
async function actionCycle(c: Context<AppEnv>, deps: WebDeps): Promise<string | Response> {
  const refused = refuseUnlessMayAct(c, 'cycle');
  if (refused) return refused;
  return checkedCycleId(c, deps, c.get('form').wf);
}

function invalidForm(c: Context<AppEnv>, cycleId: string, problems: string) {
  const t = c.get('t');
  return messagePage(c, 400, 'invalidTitle', t('consoleFormInvalid', { problems }), {
    href: path.cycle(cycleId),
    label: t('consoleBackToCycle'),
  });
}

/** Runs the operation; a refusal from it is shown as a page, a success goes back to the cycle's page. */
async function act(c: Context<AppEnv>, cycleId: string, done: string, run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    if (error instanceof CliError) return refusalPage(c, error);
    throw error;
  }
  return c.redirect(`${path.cycle(cycleId)}&done=${done}`, 303);
}

export async function extendAction(c: Context<AppEnv>, deps: WebDeps) {
  const cycleId = await actionCycle(c, deps);
  if (typeof cycleId !== 'string') return cycleId;
  const form = c.get('form');
  const fields = extendForm.safeParse(form);
  if (!fields.success) return invalidForm(c, cycleId, issueList(fields.error, 'form'));
  const extension = extensionSchema.safeParse({
    actor: consoleOf(c).person.id,
    units: form.units === 'all' ? 'all' : [form.units ?? ''],
    until: fields.data.until,
    reason: form.reason ?? '',
  });
  if (!extension.success) return invalidForm(c, cycleId, issueList(extension.error, 'form'));
  return act(c, cycleId, 'extended', () =>
    extendDeadline(deps.temporal, { cycleId, round: fields.data.round, extension: extension.data, ...requestIdOf(form) }),
  );
}

export async function vetoAction(c: Context<AppEnv>, deps: WebDeps) {
  const cycleId = await actionCycle(c, deps);
  if (typeof cycleId !== 'string') return cycleId;
  const form = c.get('form');
  const veto = vetoSchema.safeParse({
    actor: consoleOf(c).person.id,
    unit: form.unit ?? '',
    source: form.source ?? '',
    reference: form.reference ?? '',
    description: form.description ?? '',
  });
  if (!veto.success) return invalidForm(c, cycleId, issueList(veto.error, 'form'));
  return act(c, cycleId, 'veto', () => recordVeto(deps.temporal, { cycleId, veto: veto.data, ...requestIdOf(form) }));
}
