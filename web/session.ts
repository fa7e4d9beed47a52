import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import { findPerson } from '../db/queries/participants.ts';
import type { Database } from '../db/schema.ts';
import { isHttps, type WebConfig } from './config.ts';
import type { AppEnv, Session } from './env.ts';
import { digest, randomToken } from './security.ts';

// Sessions: a random token in the `tdkt_session` cookie (HttpOnly, SameSite=Lax, Secure behind
// https), kept in PostgreSQL as its SHA-256 digest with the session's CSRF token. A sign-in (by
// mail or by a task link) always starts a new session, so a token planted before it is worthless.

export const SESSION_COOKIE = 'tdkt_session';
/** The anonymous visitor's CSRF token (the sign-in forms come before any session). */
export const CSRF_COOKIE = 'tdkt_csrf';
export const LANG_COOKIE = 'tdkt_lang';
export const SESSION_HOURS = 12;

export function cookieOptions(config: Pick<WebConfig, 'WEB_BASE_URL'>, maxAgeSeconds: number) {
  return { httpOnly: true, sameSite: 'Lax', secure: isHttps(config), path: '/', maxAge: maxAgeSeconds } as const;
}

/** Loads the session of the cookie, if it is a live one, and the token the page's forms carry. */
export function sessionMiddleware(db: Kysely<Database>, config: WebConfig, clock: () => number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    let session: Session | undefined;
    if (token && token.length <= 100) {
      const row = await db
        .selectFrom('web_session')
        .select(['person_id', 'csrf_token'])
        .where('token_hash', '=', digest(token))
        .where('expires_at', '>', new Date(clock()))
        .executeTakeFirst();
      const person = row && (await findPerson(db, row.person_id));
      if (row && person) session = { person, csrf: row.csrf_token };
    }
    c.set('session', session);
    if (session) {
      c.set('csrf', session.csrf);
    } else {
      let anonymous = getCookie(c, CSRF_COOKIE);
      if (!anonymous || !/^[A-Za-z0-9_-]{43}$/.test(anonymous)) {
        anonymous = randomToken();
        setCookie(c, CSRF_COOKIE, anonymous, cookieOptions(config, SESSION_HOURS * 3600));
      }
      c.set('csrf', anonymous);
    }
    await next();
  };
}

/** Starts a new session for the person (ending the one this browser had), and sets its cookie. */
export async function startSession(c: Context<AppEnv>, db: Kysely<Database>, config: WebConfig, personId: string, now: number) {
  const old = getCookie(c, SESSION_COOKIE);
  if (old) await db.deleteFrom('web_session').where('token_hash', '=', digest(old)).execute();
  await db.deleteFrom('web_session').where('expires_at', '<', new Date(now)).execute();
  const token = randomToken();
  await db
    .insertInto('web_session')
    .values({
      token_hash: digest(token),
      person_id: personId,
      csrf_token: randomToken(),
      created_at: new Date(now),
      expires_at: new Date(now + SESSION_HOURS * 3_600_000),
    })
    .execute();
  setCookie(c, SESSION_COOKIE, token, cookieOptions(config, SESSION_HOURS * 3600));
}

/** Ends this browser's session, if any, and clears its cookie. */
export async function endSession(c: Context<AppEnv>, db: Kysely<Database>): Promise<void> {
  const token = getCookie(c, SESSION_COOKIE);
  if (token) await db.deleteFrom('web_session').where('token_hash', '=', digest(token)).execute();
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}
