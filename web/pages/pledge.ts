import type { Context } from 'hono';
import { html } from 'hono/html';
import { CliError } from '../../client/exitCodes.ts';
import { signPledge } from '../../client/operations.ts';
import { campaignsOf, pledgeOf, rubricOf } from '../../db/queries/participants.ts';
import { groupMaxima, rubricMax } from '../../domain/rubric.ts';
import type { AppEnv, WebDeps } from '../env.ts';
import { formatTime } from '../i18n.ts';
import { formFields, messagePage, page, receiptPage } from '../layout.ts';
import { refusalPage } from './refusal.ts';
import { requestIdOf, roundFor, type TaskAccess } from './task.ts';

// The pledge (giao ước thi đua): its text, the year's campaigns and the rubric's summary, and one
// button. Signing goes through the client's signPledge, as the person of the session.

async function recordedLine(c: Context<AppEnv>, deps: WebDeps, access: TaskAccess): Promise<string | undefined> {
  const pledge = await pledgeOf(deps.db, access.cycleId, access.unit);
  return pledge
    ? c.get('t')('pledgeRecorded', { unit: access.unitName, by: pledge.signerId, at: formatTime(pledge.signedAt, c.get('lang')) })
    : undefined;
}

export async function pledgePage(c: Context<AppEnv>, deps: WebDeps, access: TaskAccess) {
  const t = c.get('t');
  const lang = c.get('lang');
  const { status, line, deadline } = await roundFor(deps, access);
  if (!status || status.phase === 'scheduled') return messagePage(c, 409, 'notOpenTitle', t('notOpen'));
  const recorded = line?.submittedAt ? await recordedLine(c, deps, access) : undefined;
  if (status.phase === 'closed') return messagePage(c, 409, 'closedTitle', [t('closed'), recorded].filter(Boolean).join(' '));
  const [campaigns, rubric] = await Promise.all([campaignsOf(deps.db, access.cycleId), rubricOf(deps.db, access.cluster, access.year)]);
  return page(
    c,
    t('pledgeTitle', { year: access.year }),
    html`<p>${t('pledgeText', { unit: access.unitName, cluster: access.clusterName, year: access.year })}</p>
${deadline ? html`<p>${t('deadline')}: <strong>${formatTime(deadline, lang)}</strong></p>` : ''}
${
  campaigns.length
    ? html`<h2>${t('campaigns')}</h2>
<ul>${campaigns.map((k) => html`<li>${k.title}</li>`)}</ul>`
    : ''
}
${
  rubric
    ? html`<h2>${t('rubric')}</h2>
<table>
<caption>${rubric.version}</caption>
<thead><tr><th scope="col">${t('group')}</th><th scope="col" class="num">${t('maxPoints')}</th></tr></thead>
<tbody>${groupMaxima(rubric).map((g) => html`<tr><th scope="row">${g.code}. ${g.title}</th><td class="num">${g.max}</td></tr>`)}
<tr><th scope="row">${lang === 'vi' ? 'Tổng' : 'Total'}</th><td class="num">${rubricMax(rubric)}</td></tr></tbody>
</table>`
    : ''
}
${
  recorded
    ? html`<p class="notice" role="status">${recorded}</p>`
    : html`<form method="post" action="/task/pledge">
${formFields(c, access.roundId, access.unit)}
<button type="submit">${t('signPledge')}</button>
</form>`
}
<p><a href="/">${t('back')}</a></p>`,
  );
}

export async function signPledgeAction(c: Context<AppEnv>, deps: WebDeps, access: TaskAccess) {
  const t = c.get('t');
  try {
    const receipt = await signPledge(deps.temporal, {
      cycleId: access.cycleId,
      unit: access.unit,
      signer: access.session.person.id,
      channel: 'web',
      ...requestIdOf(c.get('form')),
    });
    return receiptPage(
      c,
      html`${t('pledgeReceipt', { unit: access.unitName, at: formatTime(receipt.at, c.get('lang')) })}${
        receipt.late ? html` (${t('late')})` : ''
      }`,
    );
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    const recorded = error.reason === 'Duplicate' || error.reason === 'RoundClosed' ? await recordedLine(c, deps, access) : undefined;
    return refusalPage(c, error, recorded);
  }
}
