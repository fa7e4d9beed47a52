import type { Context } from 'hono';
import { html } from 'hono/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../env.ts';
import { page, type Markup } from '../layout.ts';
import { consoleOf, mayAct } from './access.ts';

// The frame of every console page: the participants' page frame, with the console's sections as
// a navigation list and a line saying whose console it is (the role and the province), so an
// administrator always sees that the pages are read-only.

const SECTIONS = [
  { href: '/console', key: 'consoleNavYear' },
  { href: '/console/start', key: 'consoleNavStart', acts: true },
  { href: '/console/pending', key: 'consoleNavPending' },
  { href: '/console/audit', key: 'consoleNavAudit' },
  { href: '/console/exports', key: 'consoleNavExports' },
  { href: '/console/documents', key: 'consoleNavDocuments' },
] as const;

export function consolePage(c: Context<AppEnv>, title: string, main: Markup, status: ContentfulStatusCode = 200) {
  const t = c.get('t');
  const access = consoleOf(c);
  const here = new URL(c.req.url).pathname;
  const sections = SECTIONS.filter((s) => !('acts' in s) || mayAct(access, 'cycle'));
  const roles = access.roles.map((r) => t(`consoleRole_${r}`)).join(', ');
  return page(
    c,
    title,
    html`<nav class="console" aria-label="${t('consoleNav')}"><ul>
${sections.map(
  (s) => html`<li><a href="${s.href}"${here === s.href ? html` aria-current="page"` : ''}>${t(s.key)}</a></li>
`,
)}</ul></nav>
<p class="standing">${t('consoleStanding', { roles, province: access.province })}${
      mayAct(access, 'council') ? '' : html` <strong>${t('consoleReadOnlyShort')}</strong>`
    }</p>
${main}`,
    status,
  );
}
