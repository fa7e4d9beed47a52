import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';

// The protections every response and every form gets: security headers with a Content-Security-
// Policy that allows nothing inline and nothing from elsewhere, and a CSRF token checked on every
// POST (the session's token, or the anonymous visitor's cookie for the sign-in forms).

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** What every response carries, whatever produced it (pages, refusals, errors, static files). */
export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  c.res.headers.set('Content-Security-Policy', CSP);
  c.res.headers.set('X-Content-Type-Options', 'nosniff');
  c.res.headers.set('Referrer-Policy', 'no-referrer');
  c.res.headers.set('X-Frame-Options', 'DENY');
  // Pages hold personal data and tokens: no cache keeps them.
  if (!c.req.path.startsWith('/static/')) c.res.headers.set('Cache-Control', 'no-store');
};

/** A random token, base64url (32 bytes unless told). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** A token as it is stored: its SHA-256 digest, hex. */
export function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Compares two secrets in constant time. */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Reads the form of every POST and refuses it (via `refuse`) unless its `csrf` field is this visitor's token. */
export function csrfCheck(refuse: (c: Context<AppEnv>) => Response | Promise<Response>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const body = await c.req.parseBody();
    const form: Record<string, string> = {};
    for (const [name, value] of Object.entries(body)) if (typeof value === 'string') form[name] = value;
    c.set('form', form);
    if (!sameSecret(form.csrf, c.get('csrf'))) return refuse(c);
    return next();
  };
}
