import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { freePort } from '../../infra/ports.ts';
import { signTaskLink, parseLinkKeys, type LinkKey, type TaskClaim } from '../../taskLinks/taskLink.ts';
import { loadWebConfig, type WebConfig } from '../../web/config.ts';
import type { WebDeps } from '../../web/env.ts';
import { startWebServer } from '../../web/server.ts';
import type { ReceivedMail } from '../../infra/mailSink.ts';
import type { Harness } from '../support/harness.ts';
import { createMailer } from '../../infra/mailer.ts';

// The web server of a test file, in this process, on the harness's database and Temporal client and
// the run's mail sink; and a tiny cookie-keeping HTTP client to drive it as a browser would (no
// JavaScript), each with a client address of its own (the server trusts X-Forwarded-For here).

export interface TestWeb {
  url: string;
  config: WebConfig;
  keys: LinkKey[];
  link(claim: TaskClaim): string;
  close(): Promise<void>;
}

/**
 * `at`: the port and link keys to use (see reserveTestWeb), when the harness's worker must mail
 * links to this very server; else a free port and a key of its own. `env`: more settings of the
 * web server's environment (web/config.ts), e.g. the console's.
 */
export async function startTestWeb(
  h: Harness,
  extra: Partial<WebDeps> = {},
  at?: ReservedWeb,
  env: Record<string, string> = {},
): Promise<TestWeb> {
  const port = at?.port ?? (await freePort());
  const config = loadWebConfig({
    DATABASE_URL: inject('databaseUrl'),
    SMTP_URL: inject('smtpUrl'),
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    // The harness's worker runs what the pages start (a yearly schedule's runs among them).
    TEMPORAL_TASK_QUEUE: h.taskQueue,
    WEB_BASE_URL: `http://127.0.0.1:${port}`,
    WEB_TRUST_PROXY: 'true',
    TDKT_LINK_KEYS: at?.linkKeys ?? `k1:${randomBytes(32).toString('base64url')}`,
    ...env,
  });
  const mailer = createMailer(inject('smtpUrl'));
  // The reference people (the secretariat above all) sign in from many test files that share one
  // database within the sign-in limit's window: the tests get a roomy limit, and the sign-in tests
  // that check the limit itself pass the production one.
  const signInLimits = { perAddress: 100, perClient: 200 };
  const web = await startWebServer(
    { db: h.db, temporal: h.client, config, mailer, signInLimits, ...extra },
    { port, hostname: '127.0.0.1' },
  );
  return {
    url: config.WEB_BASE_URL,
    config,
    keys: config.TDKT_LINK_KEYS,
    link: (claim) => `${config.WEB_BASE_URL}/t/${signTaskLink(claim, config.TDKT_LINK_KEYS)}`,
    async close() {
      await web.close();
      mailer.close();
    },
  };
}

/** A port and link keys chosen before the worker starts, so that its mails link to the web server started after it. */
export interface ReservedWeb {
  port: number;
  /** TDKT_LINK_KEYS, as the environment gives them. */
  linkKeys: string;
  /** What the worker is given (startHarness's `links`): this server's address and the same keys. */
  links: { baseUrl: string; keys: LinkKey[] };
}

/**
 * A free port for the web server of a file and the run's link keys. The server cannot listen on
 * port 0 here: its address is in its configuration (sign-in links, cookies) and in the worker's
 * mails before it starts. Another process could take the port in between; the server would then
 * fail to start with "address in use", never serve someone else's pages.
 */
export async function reserveTestWeb(): Promise<ReservedWeb> {
  const port = await freePort();
  const linkKeys = inject('linkKeys');
  return { port, linkKeys, links: { baseUrl: `http://127.0.0.1:${port}`, keys: parseLinkKeys(linkKeys) } };
}

export { parseLinkKeys };

export interface Answer {
  status: number;
  text: string;
  location: string | null;
  headers: Headers;
  setCookies: string[];
}

export class Browser {
  readonly cookies = new Map<string, string>();
  readonly base: string;
  /** The address this browser seems to come from (X-Forwarded-For). */
  readonly client: string;

  constructor(base: string, client = `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${randomBytes(1)[0]}`) {
    this.base = base;
    this.client = client;
  }

  async request(path: string, init: { method?: string; form?: Record<string, string>; body?: string } = {}): Promise<Answer> {
    const headers: Record<string, string> = { 'x-forwarded-for': this.client };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined = init.body;
    if (init.form) body = new URLSearchParams(init.form).toString();
    if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(new URL(path, this.base), {
      method: init.method ?? (body ? 'POST' : 'GET'),
      headers,
      body,
      redirect: 'manual',
    });
    const setCookies = response.headers.getSetCookie();
    for (const line of setCookies) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/max-age=0\b/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return {
      status: response.status,
      text: await response.text(),
      location: response.headers.get('location'),
      headers: response.headers,
      setCookies,
    };
  }

  get(path: string): Promise<Answer> {
    return this.request(path);
  }

  post(path: string, form: Record<string, string>): Promise<Answer> {
    return this.request(path, { method: 'POST', form });
  }

  /** Follows redirects from `path` (GET), as a browser would. */
  async follow(path: string): Promise<Answer> {
    let answer = await this.get(path);
    for (let i = 0; i < 5 && answer.location; i++) answer = await this.get(answer.location);
    return answer;
  }
}

/** The CSRF token of the first form on a page. */
export function csrfOf(page: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(page);
  if (!match) throw new Error(`no CSRF field on the page:\n${page.slice(0, 2000)}`);
  return match[1]!;
}

/** The value of a hidden field of the first form that has it. */
export function fieldOf(page: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(page);
  if (!match) throw new Error(`no field ${name} on the page`);
  return match[1]!;
}

/** Signs a browser in the way people do: the sign-in form, the mail, the confirm button. */
export async function signInByMail(web: TestWeb, h: Harness, browser: Browser, email: string): Promise<void> {
  const form = await browser.get('/sign-in');
  const sent = await browser.post('/sign-in', { csrf: csrfOf(form.text), email });
  if (sent.status !== 200) throw new Error(`sign-in request answered ${sent.status}`);
  const link = await signInLinkFor(web, h, email);
  const confirm = await browser.get(link);
  const done = await browser.post(link, { csrf: csrfOf(confirm.text) });
  if (done.status !== 303) throw new Error(`sign-in confirm answered ${done.status}`);
}

/** The newest sign-in link this server mailed to `email`, as the mail sink received it. */
export async function signInLinkFor(web: TestWeb, h: Harness, email: string, not: string[] = []): Promise<string> {
  const pattern = new RegExp(`${web.url.replace(/[.]/g, '\\.')}/sign-in/[A-Za-z0-9_-]{43}`, 'g');
  const linksIn = (all: Awaited<ReturnType<Harness['mail']['messages']>>) =>
    all
      .filter((m) => m.to.includes(email))
      .flatMap((m) => m.text.match(pattern) ?? [])
      .filter((l) => !not.includes(l));
  const all = await h.mail.waitFor((mails) => linksIn(mails).length > 0);
  return new URL(linksIn(all).at(-1)!).pathname;
}

/** The personal task link in a mail's text, exactly as it was received: `<web>/t/<token>`. */
export function taskLinkIn(mail: ReceivedMail, web: TestWeb): string {
  const prefix = `${web.url}/t/`.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const found = new RegExp(`${prefix}[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+`).exec(mail.text);
  if (!found) throw new Error(`no link to ${web.url}/t/ in the mail "${mail.subject}":\n${mail.text}`);
  return found[0];
}
