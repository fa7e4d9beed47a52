import type { Context, Hono } from 'hono';
import { html, raw } from 'hono/html';
import { findDocument, mayReadDocument } from '../../db/queries/documents.ts';
import type { AppEnv, WebDeps } from '../env.ts';
import { formatTime } from '../i18n.ts';
import { messagePage, page } from '../layout.ts';

// A stored document (tờ trình, biên bản, quyết định, quyết định thu hồi) as a printable page:
// `/documents/<id URL-encoded>` (`/documents/council%2FDIEN-BIEN%2F2018%2Fquyet-dinh`), sign-in
// required, for whoever db/queries/documents.ts mayReadDocument lets read it (403 for anyone
// else, 404 for an unknown id). The stored HTML was rendered by the activities with an escaping
// template (activities/documents.ts); its body is shown inside the page's frame, its headings one
// level down (the page's h1 is the document's title), and its inline styles (which the CSP would
// refuse) are replaced by the stylesheet's classes. Printing hides the frame (web/static/app.css).
// A document wider than a phone (its tables) scrolls inside its frame, which the keyboard can
// reach (tabindex) so that it can scroll it too.

const DOCUMENT_ID = /^[A-Za-z0-9][A-Za-z0-9/_.-]{0,199}$/;

/** The body of a stored document, fitted into the page: headings one level down, no inline style. */
export function documentBody(stored: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(stored)?.[1] ?? stored;
  return body
    .replace(/<(\/?)h([1-5])\b/gi, (_whole, slash: string, level: string) => `<${slash}h${Number(level) + 1}`)
    .replace(/\sstyle="white-space:\s*pre-wrap;?"/gi, ' class="pre-wrap"')
    .replace(/\sstyle="text-align:\s*right;?"/gi, ' class="right"')
    .replace(/\sstyle="[^"]*"/gi, '');
}

function idOf(c: Context<AppEnv>): string | undefined {
  const rest = c.req.path.slice('/documents/'.length);
  try {
    const id = decodeURIComponent(rest);
    return DOCUMENT_ID.test(id) && !id.includes('..') ? id : undefined;
  } catch {
    return undefined;
  }
}

export function documentRoutes(app: Hono<AppEnv>, deps: WebDeps): void {
  app.get('/documents/*', async (c) => {
    const t = c.get('t');
    const session = c.get('session');
    if (!session) return c.redirect('/sign-in', 303);
    const id = idOf(c);
    const doc = id ? await findDocument(deps.db, id) : undefined;
    if (!doc) return messagePage(c, 404, 'notFoundTitle', t('documentUnknown'));
    if (!(await mayReadDocument(deps.db, session.person.id, doc))) return messagePage(c, 403, 'forbiddenTitle', t('documentForbidden'));
    return page(
      c,
      doc.title,
      html`<p class="doc-meta">${t('documentMeta', { at: formatTime(doc.created_at, c.get('lang')) })}</p>
<article class="document" lang="vi" tabindex="0" aria-label="${doc.title}">
${raw(documentBody(doc.html))}
</article>
<p class="doc-meta"><a href="/">${t('back')}</a></p>`,
    );
  });
}
