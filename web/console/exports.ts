import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import { z } from 'zod';
import { exportYear, NoCycleError, toCsvSections, toJsonObject, type YearExport } from '../../client/export.ts';
import { provinceOfCluster } from '../../db/queries/console.ts';
import { clustersOfProvince, clustersWithCycle, cycleYearsOfProvince } from '../../db/queries/provinceClusters.ts';
import { provinceCode } from '../../domain/council.ts';
import { clusterCode, year } from '../../domain/ids.ts';
import { issueList } from '../../domain/rejections.ts';
import type { AppEnv, WebDeps } from '../env.ts';
import { messagePage } from '../layout.ts';
import { consoleOf, notInProvince } from './access.ts';
import { consolePage } from './frame.ts';

// /console/exports: `tdkt export` from the browser — a cluster's year (or every cluster of the
// province that had a cycle that year) as CSV or JSON, downloaded as a file. Reading only, so
// administrators may download too. The CSV starts with a UTF-8 byte-order mark so that Excel reads
// the Vietnamese text as UTF-8; toCsv's formula guard is kept. The whole province is written one
// cluster at a time as a stream: the page's script (static/console-exports.js) reads it, says which
// cluster it has reached (the header X-Tdkt-Export-Clusters lists them), then offers the file.

const BOM = '\uFEFF';

const downloadQuery = z.object({
  // Empty or absent: the whole province.
  cluster: z.preprocess((v) => (v === '' ? undefined : v), clusterCode.optional()),
  year: z.preprocess((v) => (typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : v), year),
  format: z.enum(['csv', 'json'], { message: 'the format is csv or json' }),
});
type DownloadQuery = z.infer<typeof downloadQuery>;

/** One cluster-year in the chosen format; the whole province's file names each cycle before its sections. */
function clusterText(data: YearExport, format: 'csv' | 'json', exportedAt: string, inProvince: boolean): string {
  if (format === 'json') return JSON.stringify(toJsonObject(data, exportedAt), null, 2);
  return inProvince ? toCsvSections(data, (section) => `${data.cycleId} ${section}`) : toCsvSections(data);
}

const TYPES = { csv: 'text/csv; charset=utf-8', json: 'application/json; charset=utf-8' } as const;

function download(c: Context<AppEnv>, name: string, format: 'csv' | 'json', body: string | ReadableStream<Uint8Array>, clusters: string[]) {
  return c.body(body, 200, {
    'Content-Type': TYPES[format],
    'Content-Disposition': `attachment; filename="${name}.${format}"`,
    'X-Tdkt-Export-Clusters': clusters.join(','),
  });
}

async function downloadAction(c: Context<AppEnv>, deps: WebDeps): Promise<Response> {
  const t = c.get('t');
  const access = consoleOf(c);
  const parsed = downloadQuery.safeParse(c.req.query());
  if (!parsed.success)
    return messagePage(c, 400, 'invalidTitle', t('exportsBadQuery', { problems: issueList(parsed.error, 'query') }), {
      href: '/console/exports',
      label: t('exportsBack'),
    });
  const query: DownloadQuery = parsed.data;
  const exportedAt = new Date(deps.clock?.() ?? Date.now()).toISOString();
  const noCycle = (cluster: string) =>
    messagePage(c, 404, 'exportsNoCycleTitle', t('exportsNoCycle', { cluster, year: query.year }), {
      href: '/console/exports',
      label: t('exportsBack'),
    });

  if (query.cluster) {
    if ((await provinceOfCluster(deps.db, query.cluster)) !== access.province) return notInProvince(c);
    const data = await exportYear(deps.db, { cluster: query.cluster, year: query.year }).catch((error: unknown) => {
      if (error instanceof NoCycleError) return undefined;
      throw error;
    });
    if (!data) return noCycle(query.cluster);
    const text = clusterText(data, query.format, exportedAt, false);
    return download(c, `tdkt-${query.cluster}-${query.year}`, query.format, query.format === 'csv' ? BOM + text : `${text}\n`, [
      query.cluster,
    ]);
  }

  const clusters = await clustersWithCycle(deps.db, access.province, query.year);
  if (clusters.length === 0) return noCycle(access.province);
  const encoder = new TextEncoder();
  const log = deps.log;
  // Each cluster is read and written in turn, so the first bytes leave at once and the reader sees
  // the export move from cluster to cluster; the JSON is one object with the clusters in a list.
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        controller.enqueue(
          encoder.encode(
            query.format === 'csv'
              ? BOM
              : `{\n"province": ${JSON.stringify(access.province)},\n"year": ${query.year},\n"exportedAt": "${exportedAt}",\n"clusters": [\n`,
          ),
        );
        for (const [i, cluster] of clusters.entries()) {
          const data = await exportYear(deps.db, { cluster, year: query.year });
          const text = clusterText(data, query.format, exportedAt, true);
          controller.enqueue(encoder.encode(query.format === 'json' && i > 0 ? `,\n${text}` : text));
        }
        if (query.format === 'json') controller.enqueue(encoder.encode('\n]\n}\n'));
        controller.close();
      } catch (error) {
        // The status is already sent: a broken download is how the reader learns of it.
        log?.error({ err: error, province: access.province, year: query.year }, 'the province export failed');
        controller.error(error);
      }
    },
  });
  return download(c, `tdkt-${provinceCode(access.province)}-${query.year}`, query.format, stream, clusters);
}

async function exportsPage(c: Context<AppEnv>, deps: WebDeps): Promise<Response> {
  const t = c.get('t');
  const access = consoleOf(c);
  const [clusters, years] = await Promise.all([
    clustersOfProvince(deps.db, access.province),
    cycleYearsOfProvince(deps.db, access.province),
  ]);
  return consolePage(
    c,
    t('exportsTitle'),
    html`<p>${t('exportsIntro')}</p>
${
  years.length
    ? html`<form method="get" action="/console/exports/download" id="export-form" class="filters">
<p><label for="x-cluster">${t('pendingCluster')}</label>
<select id="x-cluster" name="cluster">
<option value="">${t('pendingWholeProvince')}</option>
${clusters.map((cl) => html`<option value="${cl.code}">${cl.code} – ${cl.name}</option>`)}
</select></p>
<p><label for="x-year">${t('exportsYear')}</label>
<select id="x-year" name="year">
${years.map((y) => html`<option value="${y}">${y}</option>`)}
</select></p>
<fieldset><legend>${t('exportsFormat')}</legend>
<p><input type="radio" id="x-csv" name="format" value="csv" checked> <label for="x-csv">${t('exportsCsv')}</label></p>
<p><input type="radio" id="x-json" name="format" value="json"> <label for="x-json">${t('exportsJson')}</label></p>
</fieldset>
<p class="actions"><button type="submit">${t('exportsDownload')}</button></p>
<p class="actions" id="export-progress" role="status" aria-live="polite"></p>
</form>
<script src="/static/console-exports.js" defer></script>`
    : html`<p role="status">${t('exportsNothing')}</p>`
}
<p><small>${t('exportsCli')}</small></p>`,
  );
}

export function exportsRoutes(app: Hono<AppEnv>, deps: WebDeps): void {
  app.get('/console/exports', (c) => exportsPage(c, deps));
  app.get('/console/exports/download', (c) => downloadAction(c, deps));
}
