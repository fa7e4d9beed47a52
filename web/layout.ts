import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from './env.ts';
import type { MessageKey } from './i18n.ts';

// The frame of every page: the language, a skip link, the header (who is signed in, the language
// switch, sign-out), one h1 and the page's content. Every value goes through hono/html, which
// escapes it; pages nest html`` fragments, never strings of markup.

export type Markup = ReturnType<typeof html>;

/** The link that shows the same page in the other language (a form's answer switches on My tasks). */
function switchLink(c: Context<AppEnv>, lang: string): string {
  const url = new URL(c.req.url);
  const target = c.req.method === 'GET' ? url : new URL('/', url);
  target.searchParams.set('lang', lang);
  return `${target.pathname}${target.search}`;
}

export function page(c: Context<AppEnv>, title: string, main: Markup, status: ContentfulStatusCode = 200) {
  const t = c.get('t');
  const lang = c.get('lang');
  const session = c.get('session');
  const other = lang === 'vi' ? 'en' : 'vi';
  return c.html(
    html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – ${t('appName')}</title>
<link rel="stylesheet" href="/static/app.css">
<script src="/static/app.js" defer></script>
</head>
<body>
<a class="skip" href="#main">${t('skipToContent')}</a>
<header class="site">
<p class="brand"><a href="/">${t('appName')}</a></p>
<nav aria-label="${t('language')}">
<a href="${switchLink(c, other)}" lang="${other}" hreflang="${other}">${other === 'en' ? 'English' : 'Tiếng Việt'}</a>
</nav>
${
  session
    ? html`<form class="signout" method="post" action="/sign-out">
<span>${t('signedInAs', { name: session.person.fullName })}</span>
<input type="hidden" name="csrf" value="${c.get('csrf')}">
<button type="submit">${t('signOut')}</button>
</form>`
    : ''
}
</header>
<main id="main" tabindex="-1">
<h1>${title}</h1>
${main}
</main>
</body>
</html>`,
    status,
  );
}

/**
 * The hidden fields every task form carries: the CSRF token, the workflow (and the unit acted for),
 * and a fresh request id, so a form sent twice (a double click, a reload) is taken once.
 */
export function formFields(c: Context<AppEnv>, wf: string, unit?: string) {
  return html`<input type="hidden" name="csrf" value="${c.get('csrf')}">
<input type="hidden" name="wf" value="${wf}">
${
  unit === undefined
    ? ''
    : html`<input type="hidden" name="unit" value="${unit}">
`
}<input type="hidden" name="request" value="web-${randomUUID()}">`;
}

/** The page after a submission was taken: what was recorded (`message`), and a link to the task's versions when it keeps them. */
export function receiptPage(c: Context<AppEnv>, message: Markup, versionsOf?: { roundId: string; unit: string }) {
  const t = c.get('t');
  const versions = versionsOf
    ? html`<p><a href="/task?wf=${encodeURIComponent(versionsOf.roundId)}&unit=${encodeURIComponent(versionsOf.unit)}">${t('myVersions')}</a></p>`
    : '';
  return page(
    c,
    t('receiptTitle'),
    html`<p class="notice" role="status">${message}</p>
${versions}<p><a href="/">${t('back')}</a></p>`,
  );
}

/** A refusal or error as a page of its own: what happened and where to go from here. */
export function messagePage(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  titleKey: MessageKey,
  message: string,
  next: { href: string; label: string } = { href: '/', label: c.get('t')('back') },
) {
  return page(
    c,
    c.get('t')(titleKey),
    html`<p class="notice" role="alert">${message}</p>
<p><a href="${next.href}">${next.label}</a></p>`,
    status,
  );
}
