import type { Context } from 'hono';
import { html } from 'hono/html';
import { CliError } from '../../client/exitCodes.ts';
import { castBallot, cycleStatus } from '../../client/operations.ts';
import { VOTE, type BallotChoices, type BallotItems, type Vote } from '../../domain/ballot.ts';
import type { TableRow } from '../../domain/consolidation.ts';
import type { RoundStatus } from '../../domain/round.ts';
import type { AppEnv, WebDeps } from '../env.ts';
import { formatTime, type MessageKey, type Translate } from '../i18n.ts';
import { formFields, messagePage, page, receiptPage } from '../layout.ts';
import { refusalKind } from './refusal.ts';
import { requestIdOf, roundFor, type TaskAccess } from './task.ts';

// The secret ballot (bình xét, suy tôn): the candidates with their scores from the consolidated
// table, and the choice form (the flag: one candidate or abstain; each certificate: for, against or
// abstain). On receipt the choices are taken out of the request and handed to the client's
// castBallot, which seals them with the ballot box's public key before the Update: the history,
// the logs and every response see the sealed envelope or nothing. No page ever shows a choice
// back: not the confirmation, not a refusal, not the page after voting.

const VOTE_WORDS: Record<Vote, MessageKey> = { for: 'voteFor', against: 'voteAgainst', abstain: 'voteAbstain' };
const CERTIFICATE_FIELD = /^cert\.([A-Z0-9-]{2,20})$/;

/** The choice fields of a ballot form as they were sent (taken out of the request's form). */
export interface SentChoices {
  flag: string | undefined;
  certificates: Record<string, string>;
}

interface Shown {
  status: RoundStatus;
  items: BallotItems;
  rows: TableRow[];
  names: Map<string, string>;
}

async function load(deps: WebDeps, access: TaskAccess): Promise<Shown | undefined> {
  const { status } = await roundFor(deps, access);
  if (!status?.ballot) return undefined;
  const report = await cycleStatus(deps.temporal, access.cycleId);
  return {
    status,
    items: status.ballot.items,
    rows: report.cycle.scoring?.table?.rows ?? [],
    names: new Map(status.units.map((u) => [u.unit, u.unitName])),
  };
}

function tableOf(c: Context<AppEnv>, shown: Shown) {
  const t = c.get('t');
  if (!shown.rows.length) return html`<p>${t('noTable')}</p>`;
  return html`<table>
<caption>${t('table')}</caption>
<thead><tr><th scope="col" class="num">${t('rank')}</th><th scope="col">${t('unitCol')}</th><th scope="col" class="num">${t('totalCol')}</th></tr></thead>
<tbody>${shown.rows.map(
    (r) =>
      html`<tr><td class="num">${r.rank}</td><th scope="row">${shown.names.get(r.unit) ?? r.unit} (${r.unit})</th><td class="num">${r.total}</td></tr>`,
  )}</tbody>
</table>`;
}

function candidate(shown: Shown, unit: string, t: Translate): string {
  const row = shown.rows.find((r) => r.unit === unit);
  const name = `${shown.names.get(unit) ?? unit} (${unit})`;
  return row ? t('candidateLine', { unit: name, rank: row.rank, total: row.total }) : name;
}

function ballotForm(c: Context<AppEnv>, access: TaskAccess, shown: Shown) {
  const t = c.get('t');
  const { items } = shown;
  return html`<form method="post" action="/task/ballot">
${formFields(c, access.roundId, access.unit)}
${
  items.flag.length
    ? html`<fieldset aria-describedby="flag-help">
<legend>${t('ballotFlag')}</legend>
<p class="help" id="flag-help">${t('ballotFlagHelp')}</p>
${[...items.flag, 'abstain'].map(
  (unit, i) =>
    html`<div class="field"><label for="flag-${i}"><input type="radio" id="flag-${i}" name="flag" value="${unit}" required> ${
      unit === 'abstain' ? t('voteAbstain') : candidate(shown, unit, t)
    }</label></div>`,
)}
</fieldset>`
    : html`<p>${t('ballotNoFlag')}</p>`
}
${
  items.certificates.length
    ? html`<h2>${t('ballotCertificates')}</h2>
${items.certificates.map(
  (unit) => html`<fieldset>
<legend>${candidate(shown, unit, t)}</legend>
${VOTE.map(
  (vote) =>
    html`<div class="field"><label for="cert-${unit}-${vote}"><input type="radio" id="cert-${unit}-${vote}" name="cert.${unit}" value="${vote}" required> ${t(
      VOTE_WORDS[vote],
    )}</label></div>`,
)}
</fieldset>`,
)}`
    : html`<p>${t('ballotNoCertificates')}</p>`
}
<button type="submit">${t('castBallot')}</button>
</form>`;
}

async function ballotPage(c: Context<AppEnv>, deps: WebDeps, access: TaskAccess, problem?: string) {
  const t = c.get('t');
  const lang = c.get('lang');
  const shown = await load(deps, access);
  if (!shown || shown.status.phase === 'scheduled') return messagePage(c, 409, 'notOpenTitle', t('notOpen'));
  const title = t('ballotTitle', { year: access.year, number: shown.status.ballot?.number ?? access.ballot ?? 1 });
  const line = shown.status.units.find((u) => u.unit === access.unit);
  const voted = line?.submittedAt
    ? t('ballotVoted', { unit: access.unitName, at: formatTime(Date.parse(line.submittedAt), lang), by: line.by ?? '' })
    : undefined;
  if (shown.status.phase === 'closed')
    return page(
      c,
      title,
      html`<p class="notice" role="alert">${[t('closed'), voted].filter(Boolean).join(' ')}</p>
${tableOf(c, shown)}
<p><a href="/">${t('back')}</a></p>`,
      409,
    );
  const deadline = line?.deadline ?? shown.status.deadline;
  return page(
    c,
    title,
    html`<p>${t('ballotIntro')}</p>
${deadline ? html`<p>${t('deadline')}: <strong>${formatTime(Date.parse(deadline), lang)}</strong></p>` : ''}
${problem ? html`<div class="errors" role="alert" tabindex="-1" id="form-errors"><p>${problem}</p></div>` : ''}
${voted ? html`<p class="notice" role="status">${voted}</p>` : ballotForm(c, access, shown)}
${tableOf(c, shown)}
<p><a href="/">${t('back')}</a></p>`,
    problem ? 400 : 200,
  );
}

export async function ballotTaskPage(c: Context<AppEnv>, deps: WebDeps, access: TaskAccess) {
  return ballotPage(c, deps, access);
}

/**
 * Takes the choice fields out of the request's form at once, so that nothing after this (an error
 * handler, a log line) can see them; returns them as they were sent.
 */
export function takeChoices(c: Context<AppEnv>): SentChoices {
  const form = c.get('form');
  const rest: Record<string, string> = {};
  let flag: string | undefined;
  const certificates: Record<string, string> = {};
  for (const [name, value] of Object.entries(form)) {
    const cert = CERTIFICATE_FIELD.exec(name);
    if (name === 'flag') flag = value;
    else if (cert) certificates[cert[1]!] = value;
    else rest[name] = value;
  }
  c.set('form', rest);
  return { flag, certificates };
}

/** The choices for exactly this round's items, or undefined when one is missing or not one of its options. */
function choicesFor(items: BallotItems, sent: SentChoices): BallotChoices | undefined {
  const choices: BallotChoices = { certificates: {} };
  if (items.flag.length) {
    if (sent.flag === undefined || !(sent.flag === 'abstain' || items.flag.includes(sent.flag))) return undefined;
    choices.flag = sent.flag;
  }
  for (const unit of items.certificates) {
    const vote = sent.certificates[unit];
    if (!VOTE.includes(vote as Vote)) return undefined;
    choices.certificates[unit] = vote as Vote;
  }
  return choices;
}

/** Casts the unit's ballot with the choices `takeChoices` took out of the request (the role was checked by then). */
export async function castBallotAction(c: Context<AppEnv>, deps: WebDeps, access: TaskAccess, sent: SentChoices) {
  const t = c.get('t');
  const lang = c.get('lang');
  const { status, line } = await roundFor(deps, access);
  if (!status?.ballot || status.phase === 'scheduled') return messagePage(c, 409, 'notOpenTitle', t('notOpen'));
  if (line?.submittedAt)
    return messagePage(
      c,
      409,
      'duplicateTitle',
      t('ballotVoted', { unit: access.unitName, at: formatTime(Date.parse(line.submittedAt), lang), by: line.by ?? '' }),
    );
  if (status.phase === 'closed') return messagePage(c, 409, 'closedTitle', t('closed'));
  const choices = choicesFor(status.ballot.items, sent);
  // Shown again empty: a page that kept the choices would send them back.
  if (!choices) return ballotPage(c, deps, access, t('ballotChoose'));
  try {
    // castBallot seals the choices with the ballot box's public key here, before the Update.
    const receipt = await castBallot(deps.temporal, {
      cycleId: access.cycleId,
      unit: access.unit,
      voter: access.session.person.id,
      choices,
      round: access.ballot ?? 1,
      channel: 'web',
      ...requestIdOf(c.get('form')),
    });
    return receiptPage(c, html`${t('ballotCounted', { unit: access.unitName, at: formatTime(receipt.at, lang) })}`);
  } catch (error) {
    if (!(error instanceof CliError)) throw new Error('casting a ballot failed', { cause: error });
    const { status: code, title } = refusalKind(error);
    if (error.reason === 'Duplicate') {
      const now = (await roundFor(deps, access)).line;
      const at = now?.submittedAt ? Date.parse(now.submittedAt) : undefined;
      return messagePage(
        c,
        409,
        'duplicateTitle',
        at
          ? t('ballotVoted', { unit: access.unitName, at: formatTime(at, lang), by: now?.by ?? '' })
          : t('refusedDetail', { message: error.message }),
      );
    }
    // An invalid ballot's message could name a choice: say only that the ballot was not cast.
    if (error.reason === 'InvalidInput') return ballotPage(c, deps, access, t('ballotChoose'));
    return messagePage(c, code, title, t('refusedDetail', { message: error.message }));
  }
}
