import type { Hono } from 'hono';
import { html } from 'hono/html';
import { z } from 'zod';
import { documentsOfProvince, documentYearsOfProvince, findDocumentRecord, type DocumentRecord } from '../../db/queries/documents.ts';
import { layoutOf } from '../documents/layout.ts';
import { pdfResponse } from '../documents/pdf.ts';
import type { AppEnv, WebDeps } from '../env.ts';
import { formatTime, type Translate } from '../i18n.ts';
import { messagePage } from '../layout.ts';
import { documentPath, parseDocumentId } from '../pages/document.ts';
import { consoleOf, notInProvince } from './access.ts';
import { consolePage } from './frame.ts';

// The console's documents: every tờ trình, biên bản and quyết định of the person's province
// (`/console/documents`, filterable by kind and emulation year), each linking to its printable
// page (`/documents/<id>`, which the province's console may read) and to its PDF
// (`/console/documents/pdf?id=<id>`). A document of another province is "not found".

const KINDS = ['submission', 'minutes', 'decision', 'revocation'] as const;

/** The list's filters from the query string; an empty field means "all". */
const FILTER = z.object({
  kind: z.enum(KINDS).optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});
const blankless = (query: Record<string, string>) => Object.fromEntries(Object.entries(query).filter(([, v]) => v !== ''));

const pdfPath = (id: string) => `/console/documents/pdf?id=${encodeURIComponent(id)}`;

function whereFrom(doc: DocumentRecord, t: Translate): string {
  return doc.cluster_name ?? t('consoleDocumentsCouncil', { province: doc.province, year: doc.year });
}

export function consoleDocumentRoutes(app: Hono<AppEnv>, deps: WebDeps): void {
  app.get('/console/documents', async (c) => {
    const t = c.get('t');
    const lang = c.get('lang');
    const { province } = consoleOf(c);
    const filter = FILTER.safeParse(blankless(c.req.query()));
    if (!filter.success)
      return messagePage(c, 400, 'invalidTitle', t('consoleDocumentsFilterInvalid'), {
        href: '/console/documents',
        label: t('consoleNavDocuments'),
      });
    const { kind, year } = filter.data;
    const [docs, years] = await Promise.all([
      documentsOfProvince(deps.db, province, { ...(kind ? { kind } : {}), ...(year ? { year } : {}) }),
      documentYearsOfProvince(deps.db, province),
    ]);
    const form = html`<form class="filters" method="get" action="/console/documents">
<div><label for="kind">${t('consoleDocumentsKind')}</label>
<select id="kind" name="kind"><option value="">${t('consoleDocumentsAll')}</option>
${KINDS.map((k) => html`<option value="${k}"${k === kind ? ' selected' : ''}>${t(`consoleDocumentKind_${k}`)}</option>`)}
</select></div>
<div><label for="year">${t('consoleDocumentsYear')}</label>
<select id="year" name="year"><option value="">${t('consoleDocumentsAll')}</option>
${years.map((y) => html`<option value="${y}"${y === year ? ' selected' : ''}>${y}</option>`)}
</select></div>
<button type="submit">${t('consoleDocumentsFilter')}</button>
</form>`;
    const table = docs.length
      ? html`<div class="table-scroll" role="region" aria-labelledby="documents-caption" tabindex="0"><table>
<caption id="documents-caption">${t('consoleDocumentsCaption', { count: docs.length })}</caption>
<tr><th scope="col">${t('consoleDocumentsKind')}</th><th scope="col">${t('consoleDocumentsNumber')}</th><th scope="col">${t('consoleDocumentsDate')}</th><th scope="col">${t('consoleDocumentsFrom')}</th><th scope="col">${t('consoleDocumentsTitle')}</th><th scope="col">PDF</th></tr>
${docs.map(
  (
    d,
  ) => html`<tr><td>${t(`consoleDocumentKind_${d.kind}`)}</td><td>${d.number ?? '—'}</td><td>${formatTime(d.created_at, lang)}</td><td>${whereFrom(d, t)}</td><td lang="vi"><a href="${documentPath(d.id)}">${d.title}</a></td><td><a href="${pdfPath(d.id)}" download aria-label="${t('consoleDocumentsPdfOf', { title: d.title })}">PDF</a></td></tr>
`,
)}</table></div>`
      : html`<p class="notice" role="status">${t('consoleDocumentsNone')}</p>`;
    return consolePage(
      c,
      t('consoleDocumentsHeading'),
      html`<p>${t('consoleDocumentsIntro')}</p>
${form}
${table}`,
    );
  });

  app.get('/console/documents/pdf', async (c) => {
    const t = c.get('t');
    const id = parseDocumentId(c.req.query('id'));
    if (!id)
      return messagePage(c, 400, 'invalidTitle', t('consoleDocumentsIdInvalid'), {
        href: '/console/documents',
        label: t('consoleNavDocuments'),
      });
    const doc = await findDocumentRecord(deps.db, id);
    if (!doc || doc.province !== consoleOf(c).province) return notInProvince(c);
    return pdfResponse(layoutOf(doc));
  });
}
