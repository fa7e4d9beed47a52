import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { z } from 'zod';
import { findProvinceAuditEvents } from '../../db/queries/audit.ts';
import { clusterCode, personId } from '../../domain/ids.ts';
import type { AppEnv, WebDeps } from '../env.ts';
import { formatTime, type MessageKey, type Translate } from '../i18n.ts';
import type { Markup } from '../layout.ts';
import { consoleOf } from './access.ts';
import { consolePage } from './frame.ts';

// /console/audit: who adjusted a score, extended a deadline, overrode the rotation, excused a unit
// from it or recorded a merge in the province's cycles, and why — the audit log `tdkt audit` reads
// per cycle, here for the whole province, newest first. Read-only for every console role.

/** The kinds of act shown, each with the audit actions it covers. */
const KINDS = {
  adjusted: ['score.adjusted'],
  extended: ['round.extended'],
  overridden: ['rotation.override'],
  excused: ['rotation.excuse'],
  merged: ['unit.merged'],
} as const;
type Kind = keyof typeof KINDS;
const KIND_NAMES = Object.keys(KINDS) as Kind[];
const KIND_OF_ACTION = new Map<string, Kind>(KIND_NAMES.flatMap((k) => KINDS[k].map((a) => [a, k] as const)));

/** At most this many events on the page: the newest. */
const LIMIT = 200;

// A day as <input type="date"> sends it; the range is read in Vietnam time.
const day = z
  .string()
  .regex(/^\d{4}-\d\d-\d\d$/)
  .refine((d) => {
    const ms = Date.parse(`${d}T00:00:00Z`);
    return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(d) && d >= '2000-01-01' && d <= '2100-12-31';
  });
const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);
const filterSchema = z
  .object({
    kind: z.preprocess(blankToUndefined, z.enum(KIND_NAMES as [Kind, ...Kind[]]).optional()),
    person: z.preprocess(blankToUndefined, personId.optional()),
    cluster: z.preprocess(blankToUndefined, clusterCode.optional()),
    from: z.preprocess(blankToUndefined, day.optional()),
    to: z.preprocess(blankToUndefined, day.optional()),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'] });
type Filter = z.infer<typeof filterSchema>;

const FIELD_ERRORS: Record<string, MessageKey> = {
  kind: 'auditBadKind',
  person: 'auditBadPerson',
  cluster: 'auditBadCluster',
  from: 'auditBadDate',
  to: 'auditBadRange',
};

/** The start of a Vietnam day as an instant. */
const vietnamDayStart = (d: string) => new Date(`${d}T00:00:00+07:00`);

function filterForm(t: Translate, values: Record<string, string>, error?: string): Markup {
  const field = (name: string, key: MessageKey, type = 'text') =>
    html`<p><label for="f-${name}">${t(key)}</label>
<input id="f-${name}" name="${name}" type="${type}" value="${values[name] ?? ''}" maxlength="48"${
      error && FIELD_ERRORS[name] === error ? html` aria-invalid="true"` : ''
    }></p>`;
  return html`<form class="filters" method="get" action="/console/audit">
<p><label for="f-kind">${t('auditKind')}</label>
<select id="f-kind" name="kind">
<option value="">${t('auditKindAll')}</option>
${KIND_NAMES.map((k) => html`<option value="${k}"${values.kind === k ? ' selected' : ''}>${t(`auditKind_${k}`)}</option>`)}
</select></p>
${field('person', 'auditPerson')}
${field('cluster', 'auditCluster')}
${field('from', 'auditFrom', 'date')}
${field('to', 'auditTo', 'date')}
<p><button type="submit">${t('auditFilter')}</button> <a href="/console/audit">${t('auditClear')}</a></p>
</form>`;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** What was done, beyond its kind: the points, the new deadline, the successor, the leaders, the unit. */
function what(kind: Kind, details: Record<string, unknown>, c: Context<AppEnv>): string {
  const t = c.get('t');
  switch (kind) {
    case 'adjusted': {
      const points = Number(details.points);
      return Number.isFinite(points) ? t('auditPoints', { points: points > 0 ? `+${points}` : String(points) }) : '';
    }
    case 'extended':
      return t('auditUntil', {
        units: Array.isArray(details.units) ? details.units.map(text).join(', ') : '',
        until: typeof details.until === 'string' ? formatTime(Date.parse(details.until), c.get('lang')) : '',
      });
    case 'overridden':
      return t('auditLeaders', { chair: text(details.chair), deputy: text(details.deputy) });
    case 'excused':
      return text(details.unit);
    case 'merged':
      return t('auditInto', { into: text(details.into), on: text(details.on) });
  }
}

export function auditRoutes(app: Hono<AppEnv>, deps: WebDeps): void {
  app.get('/console/audit', async (c) => {
    const t = c.get('t');
    const asked = c.req.query();
    const values = Object.fromEntries(
      ['kind', 'person', 'cluster', 'from', 'to'].map((k) => [k, typeof asked[k] === 'string' ? asked[k].slice(0, 48) : '']),
    );
    const parsed = filterSchema.safeParse(asked);
    if (!parsed.success) {
      const key = FIELD_ERRORS[String(parsed.error.issues[0]?.path[0])] ?? 'auditBadDate';
      return consolePage(
        c,
        t('auditTitle'),
        html`<p class="notice" role="alert">${t(key)}</p>
${filterForm(t, values, key)}`,
        400,
      );
    }
    const f: Filter = parsed.data;
    const rows = await findProvinceAuditEvents(deps.db, {
      province: consoleOf(c).province,
      actions: f.kind ? KINDS[f.kind] : KIND_NAMES.flatMap((k) => KINDS[k]),
      actor: f.person,
      cluster: f.cluster,
      from: f.from ? vietnamDayStart(f.from) : undefined,
      // The `to` day is included: up to the start of the next one.
      to: f.to ? new Date(vietnamDayStart(f.to).getTime() + 86_400_000) : undefined,
      limit: LIMIT,
    });
    const lang = c.get('lang');
    const table = rows.length
      ? html`<div class="scroll"><table>
<caption>${t('auditCount', { count: rows.length })}${rows.length === LIMIT ? ` ${t('auditLimited', { limit: LIMIT })}` : ''}</caption>
<thead><tr><th scope="col">${t('auditWhen')}</th><th scope="col">${t('auditWho')}</th><th scope="col">${t('auditWhat')}</th><th scope="col">${t(
          'auditCluster',
        )}</th><th scope="col">${t('auditSubject')}</th><th scope="col">${t('auditWhy')}</th></tr></thead>
<tbody>
${rows.map((r) => {
  const kind = KIND_OF_ACTION.get(r.action)!;
  const details = (r.details ?? {}) as Record<string, unknown>;
  const detail = what(kind, details, c);
  return html`<tr><td><time datetime="${r.occurred_at.toISOString()}">${formatTime(r.occurred_at, lang)}</time></td><td>${
    r.actor_name ? html`${r.actor_name} <span class="hint">(${r.actor})</span>` : r.actor
  }</td><td>${t(`auditKind_${kind}`)}${detail ? html`: ${detail}` : ''}</td><td>${r.cluster}</td><td>${
    r.cycle_id && r.subject.startsWith(r.cycle_id)
      ? html`<a href="/console/history?wf=${encodeURIComponent(r.subject)}">${r.subject}</a>`
      : r.subject
  }</td><td>${text(details.reason)}</td></tr>
`;
})}</tbody></table></div>`
      : html`<p>${t('auditNone')}</p>`;
    return consolePage(
      c,
      t('auditTitle'),
      html`<p>${t('auditIntro')}</p>
${filterForm(t, values)}
${table}`,
    );
  });
}
