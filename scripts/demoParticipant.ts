import { emailOf } from '../db/referenceData.ts';
import type { Certificate } from '../domain/conference.ts';
import type { MailReader, ReceivedMail } from '../infra/mailSink.ts';

// The demo's simulated people, who act through the same door as everyone: a mailbox (the mail
// sink, read through its REST API) and a browser without JavaScript (fetch with a cookie jar). A
// representative opens the personal task link of their newest mail for the task; a council member,
// who has no such link, signs in by mail. They read the page's form (its hidden fields: the CSRF
// token, the workflow, the unit, the request id), fill in what a person would and send it, and
// the answer must be the receipt page: anything else fails loudly with what the page said. No
// link is made up here: task links are signed claims, and only those the mails carry are opened.

/** A page as the browser got it, after following redirects. */
export interface Page {
  url: string;
  status: number;
  html: string;
}

/** One named control of a form, as a browser sees it. */
export interface FormControl {
  /** hidden, text, number, email, radio, checkbox, textarea. */
  type: string;
  /** What the browser sends untouched: the field's value, the checked radio's or checkbox's; undefined sends nothing. */
  value: string | undefined;
  /** Radio buttons and checkboxes: the values that can be chosen, in page order. */
  options: string[];
}

export interface Form {
  action: string;
  controls: Map<string, FormControl>;
}

/** Which form of a page to send: its action, and hidden fields it must carry (a chair's page has an approve and a return form). */
export interface FormPick {
  action: string;
  hidden?: Record<string, string>;
}

const RECEIPT_TITLE = 'Đã ghi nhận';
const SIGN_IN_SUBJECT = 'Đường dẫn đăng nhập';
const MAIL_WAIT_MS = 30_000;

export class Participant {
  readonly personId: string;
  readonly email: string;
  readonly #mail: MailReader;
  readonly #baseUrl: string;
  readonly #cookies = new Map<string, string>();

  constructor(personId: string, opts: { mail: MailReader; baseUrl: string }) {
    this.personId = personId;
    this.email = emailOf(personId);
    this.#mail = opts.mail;
    this.#baseUrl = opts.baseUrl.replace(/\/+$/, '');
  }

  /** A request as a browser makes it: the jar's cookies go along, Set-Cookie fills the jar, redirects are followed (unless `follow: false`). */
  async request(url: string, init: { form?: Record<string, string>; follow?: boolean } = {}): Promise<Page & { location?: string }> {
    let target = new URL(url, this.#baseUrl);
    let body = init.form ? new URLSearchParams(init.form).toString() : undefined;
    for (let hops = 0; ; hops++) {
      const headers: Record<string, string> = {};
      if (this.#cookies.size) headers.cookie = [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
      const response = await fetch(target, { method: body === undefined ? 'GET' : 'POST', headers, body, redirect: 'manual' });
      for (const line of response.headers.getSetCookie()) {
        const [pair = ''] = line.split(';');
        const eq = pair.indexOf('=');
        const name = pair.slice(0, eq).trim();
        const value = pair.slice(eq + 1).trim();
        if (/max-age=0\b/i.test(line) || value === '') this.#cookies.delete(name);
        else this.#cookies.set(name, value);
      }
      const location = response.headers.get('location');
      const html = await response.text();
      if (!location || response.status < 300 || response.status >= 400 || init.follow === false)
        return { url: target.href, status: response.status, html, ...(location ? { location } : {}) };
      if (hops === 5) throw new Error(`${this.personId}: too many redirects from ${url}`);
      // 303 (every redirect of the web server) turns the request into a GET.
      target = new URL(location, target);
      body = undefined;
    }
  }

  /**
   * Opens the task (a round's id and the unit acted for, or another workflow id) from the newest
   * mail that carries a working personal link to it, waiting for the mail to arrive. The mails'
   * outbox key (X-Tdkt-Key) names the task they are about; the link's redirect must land on the
   * task's page (`/task?wf=…&unit=…`). A link past its time (410) is passed over for an older one
   * or a newer mail (an extension's fresh link).
   */
  async openTask(task: string, unit?: string, timeoutMs = MAIL_WAIT_MS): Promise<Page> {
    const until = Date.now() + timeoutMs;
    const passedOver = new Set<string>();
    for (;;) {
      const mails = (await this.#mail.messagesTo(this.email)).filter((m) => keyOf(m).startsWith(`${task}:`));
      for (const link of mails.reverse().flatMap((m) => this.#taskLinksIn(m))) {
        if (passedOver.has(link)) continue;
        const opened = await this.request(link, { follow: false });
        if (opened.status === 303 && opened.location) {
          const landing = new URL(opened.location, this.#baseUrl);
          const wf = landing.searchParams.get('wf');
          const forUnit = landing.searchParams.get('unit') ?? undefined;
          if (wf !== task || forUnit !== unit)
            throw new Error(
              `${this.personId}: a mail's link to ${task}${unit ? ` for ${unit}` : ''} opened ${landing.pathname}${landing.search}`,
            );
          return this.#reloadWhileRetryPage(landing.href);
        }
        passedOver.add(link);
      }
      if (Date.now() > until)
        throw new Error(
          `${this.personId}: no mail with a working link to ${task}${unit ? ` for ${unit}` : ''} after ${timeoutMs / 1000} s (${mails.length} mail(s) about it, ${passedOver.size} link(s) refused)`,
        );
      await sleep(150);
    }
  }

  /**
   * Opens a page, and opens it again while it is the "try again in a few minutes" page (500): a
   * workflow slow to answer its query, as a person would (three more tries, a second apart).
   */
  async #reloadWhileRetryPage(url: string): Promise<Page> {
    for (let tries = 1; ; tries++) {
      const page = await this.request(url);
      if (page.status !== 500 || tries === 4) return page;
      await sleep(1_000);
    }
  }

  /** The newest personal link to `task` in this person's mails, waiting for it to arrive, without opening it (for the links the demo prints). */
  async waitForTaskLink(task: string, timeoutMs = MAIL_WAIT_MS): Promise<{ link: string; subject: string }> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const mails = (await this.#mail.messagesTo(this.email)).filter((m) => keyOf(m).startsWith(`${task}:`));
      const found = mails.reverse().flatMap((m) => this.#taskLinksIn(m).map((link) => ({ link, subject: m.subject })))[0];
      if (found) return found;
      if (Date.now() > until) throw new Error(`${this.personId}: no mail with a link to ${task} after ${timeoutMs / 1000} s`);
      await sleep(150);
    }
  }

  #taskLinksIn(mail: ReceivedMail): string[] {
    const escaped = `${this.#baseUrl}/t/`.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    return mail.text.match(new RegExp(`${escaped}[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+`, 'g')) ?? [];
  }

  /** The newest personal task link in this person's mails that the web server still honours, if any (for the links the demo prints). */
  async newestTaskLink(): Promise<{ link: string; subject: string } | undefined> {
    const links = (await this.#mail.messagesTo(this.email))
      .reverse()
      .flatMap((mail) => this.#taskLinksIn(mail).map((link) => ({ link, subject: mail.subject })));
    // The 20 newest are enough to find one still valid; each is asked without cookies, so the person's session is left alone.
    for (const found of links.slice(0, 20)) {
      const response = await fetch(found.link, { redirect: 'manual' });
      await response.body?.cancel();
      if (response.status === 303) return found;
    }
    return undefined;
  }

  /** Signs in unless the session is still live: the sign-in form, the link of the mail it sends, the confirm button. */
  async ensureSignedIn(timeoutMs = MAIL_WAIT_MS): Promise<void> {
    const home = await this.request('/');
    if (new URL(home.url).pathname !== '/sign-in') return;
    const seen = new Set((await this.#mail.messagesTo(this.email)).map((m) => m.id));
    const asked = await this.submit(home, { action: '/sign-in' }, () => ({ email: this.email }), { receipt: false });
    if (asked.status !== 200)
      throw new Error(`${this.personId}: asking for a sign-in link answered ${asked.status}: ${pageMessage(asked)}`);
    const pattern = new RegExp(`${this.#baseUrl.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/sign-in/[A-Za-z0-9_-]{43}`);
    const until = Date.now() + timeoutMs;
    let link: string | undefined;
    while (!link) {
      const fresh = (await this.#mail.messagesTo(this.email)).filter((m) => !seen.has(m.id) && m.subject.startsWith(SIGN_IN_SUBJECT));
      link = fresh.flatMap((m) => pattern.exec(m.text)?.[0] ?? []).at(-1);
      if (link) break;
      if (Date.now() > until) throw new Error(`${this.personId}: no sign-in mail after ${timeoutMs / 1000} s`);
      await sleep(150);
    }
    const confirm = await this.request(link);
    const done = await this.submit(confirm, { action: new URL(link).pathname }, () => ({}), { receipt: false });
    if (new URL(done.url).pathname !== '/') throw new Error(`${this.personId}: signing in ended at ${done.url}: ${pageMessage(done)}`);
  }

  /**
   * Sends the page's form that `pick` names, as a browser would: every control with its value on
   * the page (hidden fields, prefilled inputs, checked choices), then what `fill` returns (given
   * the form, to choose among its options). A filled name the form lacks, or a choice it does not
   * offer, throws. Unless `receipt: false`, the answer must be the receipt page: its message is
   * returned, anything else throws with what the page said.
   */
  async submit(page: Page, pick: FormPick, fill: (form: Form) => Record<string, string>): Promise<Page & { receipt: string }>;
  async submit(page: Page, pick: FormPick, fill: (form: Form) => Record<string, string>, opts: { receipt: false }): Promise<Page>;
  async submit(page: Page, pick: FormPick, fill: (form: Form) => Record<string, string>, opts: { receipt?: boolean } = {}) {
    const form = formsOf(page.html).find(
      (f) => f.action === pick.action && Object.entries(pick.hidden ?? {}).every(([name, value]) => f.controls.get(name)?.value === value),
    );
    if (!form) throw new Error(`${this.personId}: no form for ${pick.action} on ${page.url} (${page.status}): ${pageMessage(page)}`);
    const values: Record<string, string> = {};
    for (const [name, control] of form.controls) if (control.value !== undefined) values[name] = control.value;
    for (const [name, value] of Object.entries(fill(form))) {
      const control = form.controls.get(name);
      if (!control || control.type === 'hidden') throw new Error(`${this.personId}: the form for ${pick.action} has no field ${name}`);
      if (['radio', 'checkbox', 'submit', 'select'].includes(control.type) && !control.options.includes(value))
        throw new Error(`${this.personId}: the form for ${pick.action} offers no ${value} for ${name} (${control.options.join(', ')})`);
      values[name] = value;
    }
    const answer = await this.request(new URL(form.action, page.url).href, { form: values });
    if (opts.receipt === false) return answer;
    const receipt = receiptOf(answer);
    if (receipt === undefined)
      throw new Error(`${this.personId}: ${pick.action} was not recorded (${answer.status} at ${answer.url}): ${pageMessage(answer)}`);
    return { ...answer, receipt };
  }
}

/** The demo's people by id, each with one mailbox and one browser for the whole run (a session outlives a year of the demo). */
export function demoPeople(opts: { mail: MailReader; baseUrl: string }): (personId: string) => Participant {
  const people = new Map<string, Participant>();
  return (personId) => {
    let person = people.get(personId);
    if (!person) people.set(personId, (person = new Participant(personId, opts)));
    return person;
  };
}

// What the demo's people do on the task pages. Each returns the receipt's message.

/** A representative signs the unit's pledge (giao ước) from the round's mail. */
export async function signPledgeOnWeb(person: Participant, roundId: string, unit: string): Promise<string> {
  const page = await person.openTask(roundId, unit);
  return (await person.submit(page, { action: '/task/pledge' }, () => ({}))).receipt;
}

/** The content of a report as the demo writes it (a year-end report's self-score on the rubric's codes; the form has no evidence notes). */
export interface ReportContent {
  narrative: string;
  selfScore?: { criteria: Record<string, number>; bonus?: Record<string, number>; penalties?: Record<string, number> };
}

/** A representative files a report: the narrative and, at the year's end, the self-score's fields (criteria.A1, bonus.T1, penalties.P1). */
export async function fileReportOnWeb(person: Participant, roundId: string, unit: string, content: ReportContent): Promise<string> {
  const page = await person.openTask(roundId, unit);
  const fields: Record<string, string> = { narrative: content.narrative };
  for (const kind of ['criteria', 'bonus', 'penalties'] as const)
    for (const [code, points] of Object.entries(content.selfScore?.[kind] ?? {})) fields[`${kind}.${code}`] = String(points);
  return (await person.submit(page, { action: '/task/report' }, () => fields)).receipt;
}

/** A representative sends the unit's cross-score sheets: one field per other member and criterion (s.MAN.A1), replacing what the form was prefilled with. */
export async function crossScoreOnWeb(
  person: Participant,
  roundId: string,
  unit: string,
  content: { sheets: Record<string, { criteria: Record<string, number> }> },
): Promise<string> {
  const page = await person.openTask(roundId, unit);
  const fields: Record<string, string> = {};
  for (const [target, sheet] of Object.entries(content.sheets))
    for (const [code, points] of Object.entries(sheet.criteria)) fields[`s.${target}.${code}`] = String(points);
  return (await person.submit(page, { action: '/task/score' }, () => fields)).receipt;
}

/** The ballot form's items: the flag's candidates (page order, without "abstain") and the units up for a certificate. */
export interface BallotOptions {
  flag: string[];
  certificates: string[];
}

/** A representative casts the unit's secret ballot, choosing from what the form offers (`flag`: a candidate or abstain; each certificate for, against or abstain). */
export async function castBallotOnWeb(
  person: Participant,
  roundId: string,
  unit: string,
  choose: (options: BallotOptions) => { flag?: string; certificates: Record<string, string> },
): Promise<string> {
  const page = await person.openTask(roundId, unit);
  const sent = await person.submit(page, { action: '/task/ballot' }, (form) => {
    const options = {
      flag: (form.controls.get('flag')?.options ?? []).filter((o) => o !== 'abstain'),
      certificates: [...form.controls.keys()].filter((n) => n.startsWith('cert.')).map((n) => n.slice('cert.'.length)),
    };
    const choices = choose(options);
    return {
      ...(choices.flag !== undefined ? { flag: choices.flag } : {}),
      ...Object.fromEntries(Object.entries(choices.certificates).map(([u, vote]) => [`cert.${u}`, vote])),
    };
  });
  return sent.receipt;
}

/** The council's page, which a member signed in by mail opens (the address the secretariat's mails give). */
export const councilPagePath = (councilId: string) => `/task?wf=${encodeURIComponent(councilId)}`;

/**
 * A council member votes on every nomination of the ballot (the fields vote.<nomination>); the web
 * server takes it as a secret ballot when the secretariat recorded the member present, else as a
 * written vote. Returns whether it was taken in writing.
 */
export async function councilVoteOnWeb(
  person: Participant,
  councilId: string,
  vote: (nomination: string) => string,
): Promise<{ written: boolean }> {
  await person.ensureSignedIn();
  const page = await person.request(councilPagePath(councilId));
  const { receipt } = await person.submit(page, { action: '/task/council/vote' }, (form) =>
    Object.fromEntries([...form.controls.keys()].filter((n) => n.startsWith('vote.')).map((n) => [n, vote(n.slice('vote.'.length))])),
  );
  return { written: receipt.includes('văn bản') };
}

/** The council chair approves the proposal on the council's page: the decision's number and date, from the receipt. */
export async function approveDecisionOnWeb(person: Participant, councilId: string): Promise<{ number: string; date: string }> {
  await person.ensureSignedIn();
  const page = await person.request(councilPagePath(councilId));
  const { receipt } = await person.submit(page, { action: '/task/council/decide', hidden: { action: 'approve' } }, () => ({}));
  const issued = /số (\S+) ngày (\S+) đã được ban hành/.exec(receipt);
  if (!issued) throw new Error(`${person.personId}: the approval's receipt names no decision: ${receipt}`);
  return { number: issued[1]!, date: issued[2]! };
}

/** The secretariat accepts a nomination on the council's page. */
export async function acceptNominationOnWeb(person: Participant, councilId: string, nomination: string): Promise<string> {
  await person.ensureSignedIn();
  const page = await person.request(councilPagePath(councilId));
  return (await person.submit(page, { action: '/task/council/appraise', hidden: { nomination, verdict: 'accept' } }, () => ({}))).receipt;
}

/** The secretariat ticks the members present when the session opens: the count the receipt gives. */
export async function takeAttendanceOnWeb(
  person: Participant,
  councilId: string,
  present: string[],
): Promise<{ present: number; members: number; needed: number }> {
  await person.ensureSignedIn();
  const page = await person.request(councilPagePath(councilId));
  const { receipt } = await person.submit(page, { action: '/task/council/attendance' }, () =>
    Object.fromEntries(present.map((m) => [`present.${m}`, 'on'])),
  );
  const counted = /(\d+)\/(\d+) thành viên có mặt, cần (\d+)/.exec(receipt);
  if (!counted) throw new Error(`${person.personId}: the attendance receipt gives no count: ${receipt}`);
  return { present: Number(counted[1]), members: Number(counted[2]), needed: Number(counted[3]) };
}

/**
 * The cluster chair records the giấy khen for the conference on the chair's page: "more rows"
 * until the form has a row for each, then the list. Returns the numbers the receipt gives.
 */
export async function recordCertificatesOnWeb(person: Participant, cycleId: string, certificates: Certificate[]): Promise<string[]> {
  await person.ensureSignedIn();
  let page: Page = await person.request(`/task?wf=${encodeURIComponent(cycleId)}`);
  const pick = { action: '/task/chair/certificates' };
  const rowsOf = (p: Page) =>
    Number(
      formsOf(p.html)
        .find((f) => f.action === pick.action)
        ?.controls.get('rows')?.value ?? 0,
    );
  while (rowsOf(page) < certificates.length) page = await person.submit(page, pick, () => ({ action: 'more' }), { receipt: false });
  const { receipt } = await person.submit(page, pick, () => ({
    action: 'record',
    ...Object.fromEntries(
      certificates.flatMap((c, i) => [
        [`cert.${i + 1}.recipient`, c.recipient],
        [`cert.${i + 1}.kind`, c.kind],
        [`cert.${i + 1}.unit`, c.unit],
        [`cert.${i + 1}.achievement`, c.achievement],
      ]),
    ),
  }));
  const numbers = receipt.match(/\d+\/GK-[^\s,.]+/g);
  if (!numbers || numbers.length !== certificates.length)
    throw new Error(`${person.personId}: the giấy khen receipt does not number them: ${receipt}`);
  return numbers;
}

function keyOf(mail: ReceivedMail): string {
  const value = mail.headers['x-tdkt-key'];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The pages are the web server's own (hono/html, attributes in double quotes, every value
// escaped): small regular expressions read them well enough, and no parser is added for it.

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function unescapeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#')
      return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function attributesOf(tag: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of tag.matchAll(/([a-zA-Z][\w:-]*)(?:="([^"]*)")?/g)) attributes[match[1]!.toLowerCase()] = unescapeHtml(match[2] ?? '');
  return attributes;
}

const textOf = (fragment: string) =>
  unescapeHtml(fragment.replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();

/** The forms of a page with their named controls. */
export function formsOf(html: string): Form[] {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].map(([, tag = '', inner = '']) => {
    const controls = new Map<string, FormControl>();
    for (const [, attrs = ''] of inner.matchAll(/<input\b([^>]*)>/g)) {
      const a = attributesOf(attrs);
      if (!a.name) continue;
      const type = (a.type ?? 'text').toLowerCase();
      if (type === 'radio' || type === 'checkbox') {
        const control = controls.get(a.name) ?? { type, value: undefined, options: [] };
        control.options.push(a.value ?? 'on');
        if ('checked' in a) control.value = a.value ?? 'on';
        controls.set(a.name, control);
      } else {
        controls.set(a.name, { type, value: a.value ?? '', options: [] });
      }
    }
    // A select is a choice among its options, sent with its selected one (else its first, as browsers do).
    for (const [, attrs = '', options = ''] of inner.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
      const a = attributesOf(attrs);
      if (!a.name) continue;
      const all = [...options.matchAll(/<option\b([^>]*)>/g)].map(([, o = '']) => attributesOf(o));
      const values = all.map((o) => o.value ?? '');
      const selected = all.find((o) => 'selected' in o)?.value ?? values[0];
      controls.set(a.name, { type: 'select', value: selected, options: values });
    }
    // A named submit button is sent only when it is the one pressed: a choice, unset until filled.
    for (const [, attrs = ''] of inner.matchAll(/<button\b([^>]*)>/g)) {
      const a = attributesOf(attrs);
      if (!a.name) continue;
      const control = controls.get(a.name) ?? { type: 'submit', value: undefined, options: [] };
      control.options.push(a.value ?? '');
      controls.set(a.name, control);
    }
    for (const [, attrs = '', text = ''] of inner.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g)) {
      const a = attributesOf(attrs);
      if (a.name) controls.set(a.name, { type: 'textarea', value: unescapeHtml(text), options: [] });
    }
    return { action: attributesOf(tag).action ?? '', controls };
  });
}

/** The message of a receipt page (its title is "Đã ghi nhận"), or undefined when the page is something else. */
export function receiptOf(page: Page): string | undefined {
  const title = /<h1>([\s\S]*?)<\/h1>/.exec(page.html)?.[1];
  if (page.status !== 200 || title === undefined || textOf(title) !== RECEIPT_TITLE) return undefined;
  return [...page.html.matchAll(/<p class="notice" role="status">([\s\S]*?)<\/p>/g)].map((m) => textOf(m[1]!)).join(' ');
}

/** What a page says: its title, and its alerts and field errors when it has any. */
export function pageMessage(page: Page): string {
  const title = textOf(/<h1>([\s\S]*?)<\/h1>/.exec(page.html)?.[1] ?? '');
  const alerts = [...page.html.matchAll(/<(p|div)\b[^>]*(?:role="alert"|class="error")[^>]*>([\s\S]*?)<\/\1>/g)].map((m) => textOf(m[2]!));
  return [title || `(no title; ${page.html.length} bytes)`, ...alerts].join(' — ');
}
