import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPS, HIGHLAND_REPS } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { CSP } from '../../web/security.ts';
import { DEFAULT_SIGN_IN_LIMITS } from '../../web/signIn.ts';
import { Browser, csrfOf, signInByMail, signInLinkFor, startTestWeb, type TestWeb } from './webSupport.ts';

// The web server's doors, over plain HTTP against the real database, Temporal and mail sink:
// sign-in by mail (the same answer for any address, a single-use link, the rate limits), the
// session cookie, the security headers, CSRF, the body limit, the language switch.

let h: Harness;
let web: TestWeb;

beforeAll(async () => {
  h = await startHarness();
  web = await startTestWeb(h, { signInLimits: DEFAULT_SIGN_IN_LIMITS });
}, 60_000);

afterAll(async () => {
  await web?.close();
  await h?.close();
});

const emailOf = (person: string) => `${person}@example.org`;

describe('sign-in by mail', () => {
  it('answers a known and an unknown address alike, mails a link to the known one only, and the link works once', async () => {
    const browser = new Browser(web.url);
    const form = await browser.get('/sign-in');
    expect(form.status).toBe(200);
    expect(form.text).toContain('<html lang="vi">');
    expect(form.text).toMatch(/<label for="email">/);
    const csrf = csrfOf(form.text);

    const known = emailOf(REPS.DBI);
    const unknown = 'nobody.here@example.org';
    const a = await browser.post('/sign-in', { csrf, email: known });
    const b = await browser.post('/sign-in', { csrf, email: unknown });
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(a.text.replaceAll(known, 'X')).toBe(b.text.replaceAll(unknown, 'X'));

    const link = await signInLinkFor(web, h, known);
    expect((await h.mail.messages()).some((m) => m.to.includes(unknown))).toBe(false);

    // Opening the link only shows a button (a mail scanner fetching it signs no one in).
    const confirm = await browser.get(link);
    expect(confirm.status).toBe(200);
    expect(browser.cookies.has('tdkt_session')).toBe(false);
    const done = await browser.post(link, { csrf: csrfOf(confirm.text) });
    expect(done.status).toBe(303);
    expect(done.location).toBe('/');
    const cookie = done.setCookies.find((c) => c.startsWith('tdkt_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/i); // http here; Secure when WEB_BASE_URL is https
    const home = await browser.get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Nhiệm vụ của tôi');

    // Used once: neither another browser nor this one can use it again.
    const other = new Browser(web.url);
    const again = await other.get(link);
    expect(again.status).toBe(410);
    const otherForm = await other.get('/sign-in');
    expect((await other.post(link, { csrf: csrfOf(otherForm.text) })).status).toBe(410);
    expect(other.cookies.has('tdkt_session')).toBe(false);

    // The session token is stored as a digest only.
    const token = browser.cookies.get('tdkt_session')!;
    const rows = await h.db.selectFrom('web_session').select('token_hash').where('person_id', '=', REPS.DBI).execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
  });

  it('refuses an invalid address beside the field, keeping it', async () => {
    const browser = new Browser(web.url);
    const form = await browser.get('/sign-in');
    const answer = await browser.post('/sign-in', { csrf: csrfOf(form.text), email: 'not an <address>' });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('aria-invalid="true"');
    expect(answer.text).toContain('value="not an &lt;address&gt;"');
  });

  it('limits sign-in requests per address (5 in 15 minutes) and per client (20)', async () => {
    const browser = new Browser(web.url);
    const csrf = csrfOf((await browser.get('/sign-in')).text);
    const email = emailOf(HIGHLAND_REPS.MCH);
    for (let i = 0; i < 5; i++) expect((await browser.post('/sign-in', { csrf, email })).status).toBe(200);
    const limited = await browser.post('/sign-in', { csrf, email });
    expect(limited.status).toBe(429);
    expect(limited.text).toContain('Quá nhiều yêu cầu');
    // The same address from another client is still limited: the limit is the address's.
    const elsewhere = new Browser(web.url);
    expect((await elsewhere.post('/sign-in', { csrf: csrfOf((await elsewhere.get('/sign-in')).text), email })).status).toBe(429);

    const client = new Browser(web.url);
    const token = csrfOf((await client.get('/sign-in')).text);
    for (let i = 0; i < 20; i++)
      expect((await client.post('/sign-in', { csrf: token, email: `stranger-${i}@example.org` })).status).toBe(200);
    expect((await client.post('/sign-in', { csrf: token, email: 'stranger-20@example.org' })).status).toBe(429);
  });

  it('signs out: the session ends and the pages ask to sign in again', async () => {
    const browser = new Browser(web.url);
    await signInByMail(web, h, browser, emailOf(REPS.TGI));
    const home = await browser.get('/');
    expect(home.status).toBe(200);
    const out = await browser.post('/sign-out', { csrf: csrfOf(home.text) });
    expect(out.status).toBe(303);
    expect(out.location).toBe('/sign-in');
    expect((await browser.get('/')).location).toBe('/sign-in');
  });
});

describe('every request', () => {
  it('carries the security headers, on pages and on refusals alike', async () => {
    const browser = new Browser(web.url);
    for (const answer of [await browser.get('/sign-in'), await browser.get('/no-such-page')]) {
      expect(answer.headers.get('content-security-policy')).toBe(CSP);
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
    }
    const missing = await browser.get('/no-such-page');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('Không tìm thấy trang');
    const css = await browser.get('/static/app.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect((await browser.get('/static/app.js')).headers.get('content-type')).toContain('javascript');
    // No inline scripts or styles on a page.
    const page = (await browser.get('/sign-in')).text;
    expect(page).not.toMatch(/<script>|<style|style="/);
  });

  it('refuses a POST without the CSRF token, or with another visitor’s, with a 403 page', async () => {
    const browser = new Browser(web.url);
    await browser.get('/sign-in');
    const missing = await browser.post('/sign-in', { email: emailOf(REPS.MAN) });
    expect(missing.status).toBe(403);
    expect(missing.text).toContain('Biểu mẫu đã hết hiệu lực');
    const other = new Browser(web.url);
    const foreign = csrfOf((await other.get('/sign-in')).text);
    expect((await browser.post('/sign-in', { csrf: foreign, email: emailOf(REPS.MAN) })).status).toBe(403);

    // Signed in, the session's token is the one: the anonymous one no longer does.
    const signedIn = new Browser(web.url);
    const anonymous = csrfOf((await signedIn.get('/sign-in')).text);
    await signInByMail(web, h, signedIn, emailOf(REPS.MLA));
    expect((await signedIn.post('/sign-out', { csrf: anonymous })).status).toBe(403);
    expect((await signedIn.post('/sign-out', {})).status).toBe(403);
    expect((await signedIn.get('/')).status).toBe(200);
  });

  it('refuses a body over the limit with a 413 page', async () => {
    const browser = new Browser(web.url);
    const csrf = csrfOf((await browser.get('/sign-in')).text);
    // On a connection of its own: the server answers before reading the body and then closes it.
    const body = new URLSearchParams({ csrf, email: 'a@example.org', filler: 'x'.repeat(300 * 1024) }).toString();
    const huge = await new Promise<{ status: number; text: string; csp: unknown }>((resolve, reject) => {
      const request = http.request(
        new URL('/sign-in', web.url),
        {
          method: 'POST',
          agent: false,
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(body),
            cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text, csp: response.headers['content-security-policy'] }));
        },
      );
      request.on('error', reject);
      request.end(body);
    });
    expect(huge.status).toBe(413);
    expect(huge.text).toContain('Dữ liệu quá lớn');
    expect(huge.csp).toBe(CSP);
  });

  it('speaks Vietnamese by default and English after ?lang=en, remembered', async () => {
    const browser = new Browser(web.url);
    expect((await browser.get('/sign-in')).text).toContain('Gửi đường dẫn đăng nhập');
    const english = await browser.get('/sign-in?lang=en');
    expect(english.text).toContain('<html lang="en">');
    expect(english.text).toContain('Send me a sign-in link');
    expect((await browser.get('/sign-in')).text).toContain('Send me a sign-in link');
    expect((await browser.get('/sign-in?lang=vi')).text).toContain('<html lang="vi">');
  });
});
