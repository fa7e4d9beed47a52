import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { z } from 'zod';
import { consoleStandingsOf } from '../../db/queries/console.ts';
import { findDocumentRecord, mayReadDocument } from '../../db/queries/documents.ts';
import { documentHtml } from '../documents/html.ts';
import { layoutOf } from '../documents/layout.ts';
import { pdfResponse } from '../documents/pdf.ts';
import type { AppEnv, WebDeps } from '../env.ts';
import { formatTime } from '../i18n.ts';
import { messagePage, page } from '../layout.ts';

// A stored document (tờ trình, biên bản, quyết định, quyết định thu hồi) as a printable page:
// `/documents/<id URL-encoded>` (`/documents/council%2FDIEN-BIEN%2F2018%2Fquyet-dinh`), sign-in
// required, for whoever db/queries/documents.ts mayReadDocument lets read it (403 for anyone
// else, 404 for an unknown id, and for another province's console staff), and as PDF with `?format=pdf`. Both are rendered from one layout
// of the stored document (web/documents/layout.ts): the national motto header, number, date
// line, title, body and signature block, so the page and the PDF say the same. Printing hides the
// frame (web/static/app.css). A document wider than a phone (its tables) scrolls inside its frame,
// which the keyboard can reach (tabindex) so that it can scroll it too.

const DOCUMENT_ID = /^[A-Za-z0-9][A-Za-z0-9/_.-]{0,199}$/;

/** The page's formats: the printable page (no `format`) or its PDF. */
const FORMAT = z.enum(['html', 'pdf']).optional();

/** The printable page of a document, and its PDF. */
export const documentPath = (id: string) => `/documents/${encodeURIComponent(id)}`;
export const documentPdfPath = (id: string) => `${documentPath(id)}?format=pdf`;

/** A document id from a request (URL-decoded already), or undefined when it cannot be one. */
export function parseDocumentId(raw: string | undefined): string | undefined {
  return raw !== undefined && DOCUMENT_ID.test(raw) && !raw.includes('..') ? raw : undefined;
}

function idOf(c: Context<AppEnv>): string | undefined {
  const rest = c.req.path.slice('/documents/'.length);
  try {
    return parseDocumentId(decodeURIComponent(rest));
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
    const doc = id ? await findDocumentRecord(deps.db, id) : undefined;
    if (!doc) return messagePage(c, 404, 'notFoundTitle', t('documentUnknown'));
    if (!(await mayReadDocument(deps.db, session.person.id, doc))) {
      // Another province's console staff learn nothing of this province, not even that the document exists.
      if ((await consoleStandingsOf(deps.db, session.person.id)).length) return messagePage(c, 404, 'notFoundTitle', t('documentUnknown'));
      return messagePage(c, 403, 'forbiddenTitle', t('documentForbidden'));
    }
    const format = FORMAT.safeParse(c.req.query('format'));
    if (!format.success) return messagePage(c, 400, 'invalidTitle', t('documentFormatInvalid'));
    const layout = layoutOf(doc);
    if (format.data === 'pdf') return pdfResponse(layout);
    return page(
      c,
      doc.title,
      html`<p class="doc-meta">${t('documentMeta', { at: formatTime(doc.created_at, c.get('lang')) })}</p>
<article class="document" lang="vi" tabindex="0" aria-label="${doc.title}">
${documentHtml(layout)}
</article>
<p class="doc-meta"><a href="${documentPdfPath(doc.id)}" download>${t('documentPdf')}</a> · <a href="/">${t('back')}</a></p>`,
    );
  });
}
