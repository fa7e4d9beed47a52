import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { sql } from 'kysely';
import { findPersonByEmail } from '../db/queries/participants.ts';
import type { AppEnv, WebDeps } from './env.ts';
import { translator } from './i18n.ts';
import { messagePage, page } from './layout.ts';
import { digest, randomToken } from './security.ts';
import { endSession, startSession } from './session.ts';

// Sign-in without passwords: a person gives their address and receives a link, single use and
// valid 15 minutes. The answer is the same whether the address is known or not (and the mail is
// sent after the answer, so its time tells nothing either); requests are limited per address and
// per client, counted in PostgreSQL. Opening the link shows a button: mail scanners that fetch
// links do not use it up; pressing it starts the session.

export const SIGN_IN_LINK_MS = 15 * 60_000;
const WINDOW_MS = 15 * 60_000;
export const DEFAULT_SIGN_IN_LIMITS = { perAddress: 5, perClient: 20 };
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

/** Who is asking, for the per-client limit: the peer's address, or behind a trusted proxy the last X-Forwarded-For entry. */
export function clientOf(c: Context<AppEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function signInForm(c: Context<AppEnv>, email = '', error?: string) {
  const t = c.get('t');
  return html`<p>${t('signInIntro')}</p>
<form method="post" action="/sign-in" novalidate>
<input type="hidden" name="csrf" value="${c.get('csrf')}">
<div class="field${error ? ' invalid' : ''}">
<label for="email">${t('email')}</label>
<input id="email" name="email" type="email" autocomplete="email" required maxlength="254" value="${email}"${
    error ? html` aria-invalid="true" aria-describedby="email-error"` : ''
  }>
${error ? html`<p class="error" id="email-error">${error}</p>` : ''}
</div>
<button type="submit">${t('sendLink')}</button>
</form>`;
}

export function signInRoutes(app: Hono<AppEnv>, deps: WebDeps): void {
  const { db, config } = deps;
  const clock = deps.clock ?? Date.now;
  const limits = deps.signInLimits ?? DEFAULT_SIGN_IN_LIMITS;

  app.get('/sign-in', (c) => {
    if (c.get('session')) return c.redirect('/', 303);
    return page(c, c.get('t')('signIn'), signInForm(c));
  });

  app.post('/sign-in', async (c) => {
    const t = c.get('t');
    const email = (c.get('form').email ?? '').trim();
    if (email.length > 254 || !EMAIL.test(email)) return page(c, t('signIn'), signInForm(c, email.slice(0, 254), t('emailInvalid')), 400);
    const now = clock();
    const since = new Date(now - WINDOW_MS);
    const addressHash = digest(`address:${email.toLowerCase()}`);
    const clientHash = digest(`client:${clientOf(c, config.WEB_TRUST_PROXY)}`);
    const counted = await db
      .selectFrom('sign_in_request')
      .select([
        sql<string>`count(*) filter (where address_hash = ${addressHash})`.as('address'),
        sql<string>`count(*) filter (where client_hash = ${clientHash})`.as('client'),
      ])
      .where('requested_at', '>', since)
      .where((w) => w.or([w('address_hash', '=', addressHash), w('client_hash', '=', clientHash)]))
      .executeTakeFirstOrThrow();
    if (Number(counted.address) >= limits.perAddress || Number(counted.client) >= limits.perClient) {
      c.header('Retry-After', String(WINDOW_MS / 1000));
      return messagePage(c, 429, 'tooManyTitle', t('tooMany'));
    }
    await db
      .deleteFrom('sign_in_request')
      .where('requested_at', '<', new Date(now - 86_400_000))
      .execute();
    await db
      .insertInto('sign_in_request')
      .values({ address_hash: addressHash, client_hash: clientHash, requested_at: new Date(now) })
      .execute();
    const person = await findPersonByEmail(db, email);
    if (person) {
      const token = randomToken();
      await db
        .insertInto('sign_in_token')
        .values({
          token_hash: digest(token),
          person_id: person.id,
          created_at: new Date(now),
          expires_at: new Date(now + SIGN_IN_LINK_MS),
          used_at: null,
        })
        .execute();
      const mt = translator(c.get('lang'));
      const link = `${config.WEB_BASE_URL}/sign-in/${token}`;
      // Sent after the answer: whether a mail goes out must not show in the response time.
      deps.mailer
        .sendMail({
          from: config.MAIL_FROM,
          to: { name: person.fullName, address: person.email },
          subject: mt('mailSubject'),
          text: mt('mailBody', { name: person.fullName, link }),
        })
        .catch((error: unknown) => deps.log?.error({ err: error, person: person.id }, 'the sign-in mail could not be sent'));
    }
    return page(c, t('checkMailTitle'), html`<p role="status">${t('checkMail', { email })}</p>`);
  });

  const badLink = (c: Context<AppEnv>) =>
    messagePage(c, 410, 'signInLinkBadTitle', c.get('t')('signInLinkBad'), { href: '/sign-in', label: c.get('t')('askNewLink') });
  const looksLikeToken = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token);

  app.get('/sign-in/:token', async (c) => {
    const t = c.get('t');
    const token = c.req.param('token');
    if (!looksLikeToken(token)) return badLink(c);
    const row = await db
      .selectFrom('sign_in_token')
      .select('person_id')
      .where('token_hash', '=', digest(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', new Date(clock()))
      .executeTakeFirst();
    if (!row) return badLink(c);
    return page(
      c,
      t('confirmSignInTitle'),
      html`<p>${t('confirmSignIn')}</p>
<form method="post" action="/sign-in/${token}">
<input type="hidden" name="csrf" value="${c.get('csrf')}">
<button type="submit">${t('signIn')}</button>
</form>`,
    );
  });

  app.post('/sign-in/:token', async (c) => {
    const token = c.req.param('token');
    if (!looksLikeToken(token)) return badLink(c);
    const now = clock();
    // Used up in the same statement that checks it: two presses cannot both sign in.
    const used = await db
      .updateTable('sign_in_token')
      .set({ used_at: new Date(now) })
      .where('token_hash', '=', digest(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', new Date(now))
      .returning('person_id')
      .executeTakeFirst();
    if (!used) return badLink(c);
    await startSession(c, db, config, used.person_id, now);
    return c.redirect('/', 303);
  });

  app.post('/sign-out', async (c) => {
    await endSession(c, db);
    return c.redirect('/sign-in', 303);
  });
}
