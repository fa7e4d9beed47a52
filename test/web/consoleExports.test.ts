import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailOf } from '../../db/referenceData.ts';
import { cycleId as cycleIdOf } from '../../domain/ids.ts';
import { copySeedCluster, recordCycleRow } from '../support/fixtures.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { Browser, signInByMail, startTestWeb, type TestWeb } from './webSupport.ts';

// /console/exports over plain HTTP against the real web server and PostgreSQL: two Điện Biên
// clusters with a recorded 2018 cycle (one with score adjustments whose reasons are Vietnamese,
// and one typed as a spreadsheet formula). A cluster's CSV is UTF-8 with a byte-order mark, the
// columns of `tdkt export`, the Vietnamese intact and the formula made text; its JSON parses; the
// whole province streams cluster by cluster with the clusters named in a header; the
// administrator may download; Lai Châu's secretariat cannot export Điện Biên's clusters; junk is a
// clear 400.

let h: Harness;
let web: TestWeb;
let first: string;
let second: string;
const newBrowser = () => new Browser(web.url);
let snv: Browser;
const REASON = 'Hỗ trợ đồng bào vùng lũ, "đột xuất"';
const FORMULA = '=HYPERLINK("http://evil.example","bấm")';

beforeAll(async () => {
  h = await startHarness();
  web = await startTestWeb(h);
  first = await copySeedCluster(h.db);
  second = await copySeedCluster(h.db);
  for (const cluster of [first, second])
    await recordCycleRow(h.db, { id: cycleIdOf(cluster, 2018), cluster, year: 2018, phase: 'reporting' });
  await h.db
    .insertInto('score_adjustment')
    .values([
      {
        cycle_id: cycleIdOf(first, 2018),
        unit_code: 'DBP',
        adjusted_at: new Date(),
        points: 1.5,
        reason: REASON,
        adjusted_by: 'snv.ha',
      },
      {
        cycle_id: cycleIdOf(first, 2018),
        unit_code: 'MLA',
        adjusted_at: new Date(),
        points: -2,
        reason: FORMULA,
        adjusted_by: 'snv.ha',
      },
    ])
    .execute();
  snv = newBrowser();
  await signInByMail(web, h, snv, emailOf('snv.ha'));
}, 120_000);

afterAll(async () => {
  await web?.close();
  await h?.close();
});

async function download(browser: Browser, query: string) {
  const headers: Record<string, string> = { 'x-forwarded-for': browser.client };
  headers.cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return fetch(new URL(`/console/exports/download?${query}`, web.url), { headers, redirect: 'manual' });
}

describe("a cluster's year", () => {
  it('downloads as CSV: a byte-order mark, the sections and columns of tdkt export, Vietnamese intact, formulas as text', async () => {
    const page = await snv.get('/console/exports');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<option value="${first}">`);
    expect(page.text).toContain('<option value="2018">');

    const response = await download(snv, `cluster=${first}&year=2018&format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="tdkt-${first}-2018.csv"`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.slice(3));
    expect(text.startsWith('# pledges\r\n')).toBe(true);
    expect(text).toContain('# adjustments\r\nunit,points,reason,by,at\r\n');
    expect(text).toContain(`DBP,1.5,"Hỗ trợ đồng bào vùng lũ, ""đột xuất""",snv.ha,`);
    expect(text).toContain(`MLA,-2,"'=HYPERLINK(""http://evil.example"",""bấm"")",snv.ha,`);
    expect(text).toContain('# rotation\r\nyear,chair,deputy,');
  });

  it('downloads as JSON that parses, the same document as tdkt export --format json', async () => {
    const response = await download(snv, `cluster=${first}&year=2018&format=json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="tdkt-${first}-2018.json"`);
    const data = (await response.json()) as { cycleId: string; exportedAt: string; sections: Record<string, { reason?: string }[]> };
    expect(data.cycleId).toBe(cycleIdOf(first, 2018));
    expect(Date.parse(data.exportedAt)).not.toBeNaN();
    expect(data.sections.adjustments!.map((a) => a.reason)).toEqual([REASON, FORMULA]);
  });
});

describe('the whole province', () => {
  it('streams every cluster with a cycle that year, naming them first; the administrator may download too', async () => {
    const admin = newBrowser();
    await signInByMail(web, h, admin, emailOf('qt.khanh'));
    for (const [browser, format] of [
      [snv, 'csv'],
      [admin, 'json'],
    ] as const) {
      const response = await download(browser, `cluster=&year=2018&format=${format}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="tdkt-DIEN-BIEN-2018.${format}"`);
      const clusters = response.headers.get('x-tdkt-export-clusters')!.split(',');
      // Every Điện Biên cluster with a 2018 cycle: this file's two, and those other files recorded in the shared database.
      const withCycles = await h.db
        .selectFrom('cycle')
        .innerJoin('cluster', 'cluster.code', 'cycle.cluster_code')
        .select('cluster.code')
        .where('cluster.province', '=', 'Điện Biên')
        .where('cycle.year', '=', 2018)
        .orderBy('cluster.code')
        .execute();
      expect(clusters).toEqual(withCycles.map((r) => r.code));
      expect(clusters).toEqual(expect.arrayContaining([first, second]));
      // Read as the page's script reads it: chunk by chunk, each cluster's part naming its cycle.
      const reader = response.body!.getReader();
      const chunks: Uint8Array[] = [];
      for (let part = await reader.read(); !part.done; part = await reader.read()) chunks.push(part.value);
      const text = new TextDecoder().decode(Buffer.concat(chunks));
      const at = clusters.map((cluster) => text.indexOf(cycleIdOf(cluster, 2018)));
      expect(at.every((i) => i >= 0)).toBe(true);
      expect(at).toEqual([...at].sort((a, b) => a - b));
      if (format === 'csv') {
        expect([...Buffer.concat(chunks).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        expect(text).toContain(`# ${cycleIdOf(first, 2018)} adjustments\r\n`);
      } else {
        const data = JSON.parse(text) as { province: string; year: number; clusters: { cycleId: string }[] };
        expect(data.province).toBe('Điện Biên');
        expect(data.clusters.map((c) => c.cycleId)).toEqual(clusters.map((c) => cycleIdOf(c, 2018)));
      }
    }
  });
});

describe('refusals', () => {
  it("keeps Điện Biên's clusters from Lai Châu's secretariat (404) and answers junk with a clear 400", async () => {
    const other = newBrowser();
    await signInByMail(web, h, other, emailOf('lc.thuy'));
    const foreign = await download(other, `cluster=${first}&year=2018&format=csv`);
    expect(foreign.status).toBe(404);
    expect(await foreign.text()).toContain('Không có hồ sơ này trong tỉnh của bạn');
    // Their whole province has no cycle that year: nothing of Điện Biên's comes with it.
    const theirs = await download(other, 'cluster=&year=2018&format=csv');
    expect(theirs.status).toBe(404);
    expect(await theirs.text()).not.toContain(first);

    for (const junk of [
      `cluster=${first}&year=2018&format=xlsx`,
      `cluster=${first}&year=abc&format=csv`,
      `cluster=${first}&year=99999&format=csv`,
      `cluster=<script>&year=2018&format=csv`,
      `cluster=${first}&format=csv`,
    ]) {
      const answer = await download(snv, junk);
      expect(answer.status, junk).toBe(400);
      const body = await answer.text();
      expect(body).toContain('Lựa chọn không hợp lệ');
      expect(body).not.toContain('<script>');
    }
    const none = await download(snv, `cluster=${first}&year=2017&format=csv`);
    expect(none.status).toBe(404);
    expect(await none.text()).toContain(`Không có năm thi đua nào của ${first} năm 2017`);
  });
});
