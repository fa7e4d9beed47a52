import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailOf } from '../../db/referenceData.ts';
import { recordProvinceDocuments, type ProvinceDocuments } from '../support/provinceDocuments.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { Browser, signInByMail, startTestWeb, type TestWeb } from './webSupport.ts';

// The console's documents over HTTP against the real server and PostgreSQL: Điện Biên's tờ trình,
// biên bản and quyết định (recorded as the activities record them) listed for its secretariat,
// filtered by kind and year; the PDF read back with unpdf says the motto, the number and the
// Vietnamese names exactly; the administrator may read them, Lai Châu's secretariat finds nothing;
// junk filters and ids are clear 400 pages.

let h: Harness;
let web: TestWeb;
let docs: ProvinceDocuments;
const browsers: Record<string, Browser> = {};

beforeAll(async () => {
  h = await startHarness();
  web = await startTestWeb(h);
  docs = await recordProvinceDocuments(h.db);
  for (const person of ['snv.ha', 'qt.khanh', 'lc.thuy']) {
    browsers[person] = new Browser(web.url);
    await signInByMail(web, h, browsers[person], emailOf(person));
  }
}, 120_000);

afterAll(async () => {
  await web?.close();
  await h?.close();
});

const pdfPath = (id: string) => `/console/documents/pdf?id=${encodeURIComponent(id)}`;
const pagePath = (id: string) => `/documents/${encodeURIComponent(id)}`;

/** A GET answered with bytes (the test Browser reads text), with the browser's session cookie. */
async function download(browser: Browser, path: string) {
  const response = await fetch(new URL(path, web.url), {
    headers: { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-forwarded-for': browser.client },
    redirect: 'manual',
  });
  return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
  // A table's cell may wrap: words are compared with their spacing made one space.
  return text.replace(/\s+/g, ' ');
}

describe('the console documents', () => {
  it("lists the province's documents with their kind, number, Vietnam date and origin, filtered by kind and year", async () => {
    const list = await browsers['snv.ha']!.get('/console/documents');
    expect(list.status).toBe(200);
    for (const id of [docs.submission, docs.minutes, docs.decision]) {
      expect(list.text).toContain(`href="${pagePath(id)}"`);
      expect(list.text).toContain(`href="${pdfPath(id).replace(/&/g, '&amp;')}"`);
    }
    expect(list.text).toContain(`<td>${docs.decisionNumber}</td>`);
    expect(list.text).toContain(`<td>${docs.clusterName}</td>`);
    expect(list.text).toContain(`Hội đồng TĐKT tỉnh Điện Biên năm ${docs.year}`);
    expect(list.text).toMatch(/<td>\d\d:\d\d:\d\d ngày \d\d\/\d\d\/\d{4}<\/td>/);
    expect(list.text).toContain('aria-current="page"');

    const decisions = await browsers['snv.ha']!.get(`/console/documents?kind=decision&year=${docs.year}`);
    expect(decisions.status).toBe(200);
    expect(decisions.text).toContain(`href="${pagePath(docs.decision)}"`);
    expect(decisions.text).not.toContain(`href="${pagePath(docs.minutes)}"`);
    expect(decisions.text).toContain('<option value="decision" selected>');
    const none = await browsers['snv.ha']!.get('/console/documents?kind=revocation&year=2019&year=2020');
    expect(none.status).toBe(200);

    for (const junk of ['kind=medal', 'year=abc', 'year=99999', `year=${'9'.repeat(400)}`]) {
      const refused = await browsers['snv.ha']!.get(`/console/documents?${junk}`);
      expect(refused.status, junk).toBe(400);
      expect(refused.text).toContain('Bộ lọc không hợp lệ');
      expect(refused.text).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it('serves the PDF: the motto, the number, the date line and Vietnamese names with stacked marks, read back exactly', async () => {
    const pdf = await download(browsers['snv.ha']!, pdfPath(docs.decision));
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const [n] = docs.decisionNumber.split('/');
    expect(pdf.headers.get('content-disposition')).toBe(`attachment; filename="${n}-QD-UBND.pdf"; filename*=UTF-8''${n}-Q%C4%90-UBND.pdf`);
    expect(Buffer.from(pdf.bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const text = await pdfText(pdf.bytes);
    for (const words of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'ỦY BAN NHÂN DÂN',
      'TỈNH ĐIỆN BIÊN',
      `Số: ${docs.decisionNumber}`,
      'QUYẾT ĐỊNH',
      'UBND huyện Tuần Giáo (TGI)',
      '18.720.000 đồng',
      'Trần Văn Quyết',
    ])
      expect(text).toContain(words);
    expect(text).toMatch(/Điện Biên, ngày \d\d tháng \d\d năm \d{4}/);

    // The tờ trình: its cluster issues it, the report's text (bản Cộng hòa) and the chair unit signing.
    const submission = await pdfText((await download(browsers['snv.ha']!, pdfPath(docs.submission))).bytes);
    for (const words of ['TỜ TRÌNH', 'Cộng hòa', 'Điện Biên', 'Ộ', 'ệ', 'TRƯỞNG CỤM', 'UBND huyện Điện Biên'])
      expect(submission).toContain(words);
    expect(submission).toBe(submission.normalize('NFC'));
  });

  it('serves the printable page and its PDF to the province administrator; Lai Châu finds nothing; junk ids are refused', async () => {
    const admin = browsers['qt.khanh']!;
    expect((await admin.get('/console/documents')).text).toContain(`href="${pagePath(docs.decision)}"`);
    const page = await admin.get(pagePath(docs.decision));
    expect(page.status).toBe(200);
    expect(page.text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(page.text).toContain(`Số: ${docs.decisionNumber}`);
    expect(page.text).toContain(`href="${pagePath(docs.decision)}?format=pdf"`);
    const viaPage = await download(admin, `${pagePath(docs.minutes)}?format=pdf`);
    expect(viaPage.status).toBe(200);
    expect(await pdfText(viaPage.bytes)).toContain('BIÊN BẢN');
    expect((await admin.get(`${pagePath(docs.minutes)}?format=docx`)).status).toBe(400);

    const other = browsers['lc.thuy']!;
    const list = await other.get('/console/documents');
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(docs.decisionNumber);
    const foreign = await download(other, pdfPath(docs.decision));
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get('content-type')).toContain('text/html');
    expect(Buffer.from(foreign.bytes).toString()).not.toContain(docs.decisionNumber);
    // Nor on the participants' page: to another province's console staff it does not exist.
    for (const path of [pagePath(docs.decision), `${pagePath(docs.decision)}?format=pdf`]) {
      const foreignPage = await other.get(path);
      expect(foreignPage.status).toBe(404);
      expect(foreignPage.text).not.toContain(docs.decisionNumber);
    }

    const secretariat = browsers['snv.ha']!;
    for (const [path, status] of [
      ['/console/documents/pdf', 400],
      ['/console/documents/pdf?id=../../etc/passwd', 400],
      [`/console/documents/pdf?id=${'x'.repeat(5000)}`, 400],
      ['/console/documents/pdf?id=%3Cscript%3E', 400],
      [pdfPath(`${docs.council}/no-such`), 404],
    ] as const) {
      const answer = await secretariat.get(path);
      expect(answer.status, path).toBe(status);
      expect(answer.headers.get('content-type')).toContain('text/html');
      expect(answer.text).not.toMatch(/at .*\.ts:\d+/);
    }
    // Not signed in: to the sign-in page.
    expect((await new Browser(web.url).get(pdfPath(docs.decision))).status).toBe(303);
  });
});
