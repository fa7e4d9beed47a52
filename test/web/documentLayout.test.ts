import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { renderDecision, renderMinutes, renderSubmission } from '../../activities/documents.ts';
import type { DocumentRecord } from '../../db/queries/documents.ts';
import { documentHtml } from '../../web/documents/html.ts';
import { documentPdf } from '../../web/documents/pdf.ts';
import { layoutOf, MOTTO, NATIONAL_NAME } from '../../web/documents/layout.ts';

// A stored document's layout, from the HTML the activities store (activities/documents.ts): the
// standard header (issuing body and number, motto and place-and-date line), the title and its
// subject, the body (paragraphs, headings, tables, a report's own line breaks) and the signature
// block, with Vietnamese text intact (NFC, stacked marks) and a participant's markup kept as text.

/** 05/12/2018 17:30 in Vietnam: 10:30 UTC. */
const AT = Date.UTC(2018, 11, 5, 10, 30);
const record = (over: Partial<DocumentRecord> & Pick<DocumentRecord, 'kind' | 'title' | 'html'>): DocumentRecord => ({
  id: 'council/DIEN-BIEN/2018/quyet-dinh',
  created_at: new Date(AT),
  cycle_id: null,
  council_id: 'council/DIEN-BIEN/2018',
  province: 'Điện Biên',
  year: 2018,
  cluster_name: null,
  chair_unit_name: null,
  number: null,
  ...over,
});
const award = { award: 'flag' as const, unit: 'TGI', unitName: 'UBND huyện Tuần Giáo', clusterName: 'Cụm vùng thấp' };

describe('the layout of a stored document', () => {
  it('lays out a quyết định: issuing body and number, motto and date line, title, articles, the chair signing', () => {
    const stored = renderDecision({
      province: 'Điện Biên',
      year: 2018,
      number: '7/QĐ-UBND',
      date: '05/12/2018',
      chairName: 'Trần Văn Quyết',
      awarded: [award],
    });
    const layout = layoutOf(record({ kind: 'decision', number: '7/QĐ-UBND', ...stored }));
    expect(layout.issuer).toEqual(['ỦY BAN NHÂN DÂN', 'TỈNH ĐIỆN BIÊN']);
    expect(layout.number).toBe('7/QĐ-UBND');
    expect(layout.dateLine).toBe('Điện Biên, ngày 05 tháng 12 năm 2018');
    expect(layout.title).toBe('QUYẾT ĐỊNH');
    expect(layout.subject).toBe('Về việc tặng thưởng Cờ thi đua và Bằng khen năm 2018');
    expect(layout.signers).toEqual([{ lines: ['CHỦ TỊCH'], name: 'Trần Văn Quyết' }]);
    // The motto, the number and the signature are the layout's, not repeated in the body.
    const bodyText = JSON.stringify(layout.body);
    for (const moved of ['CỘNG HOÀ', 'Số: 7', 'Trần Văn Quyết']) expect(bodyText).not.toContain(moved);
    expect(layout.body[0]).toEqual({
      kind: 'paragraph',
      runs: [{ text: 'CHỦ TỊCH UỶ BAN NHÂN DÂN TỈNH', bold: true }],
      preformatted: false,
    });
    const table = layout.body.find((b) => b.kind === 'table');
    expect(table?.kind === 'table' && table.rows.map((r) => r.cells.map((c) => c.runs.map((x) => x.text).join('')))).toEqual([
      ['STT', 'Hình thức', 'Tập thể', 'Cụm, khối', 'Tiền thưởng'],
      ['1', 'Cờ thi đua của UBND tỉnh', 'UBND huyện Tuần Giáo (TGI)', 'Cụm vùng thấp', '18.720.000 đồng'],
      ['Tổng cộng', '18.720.000 đồng'],
    ]);
    expect(table?.kind === 'table' && table.rows[2]!.cells[0]!.colspan).toBe(4);
  });

  it('lays out a tờ trình: the cluster issues it, its chair unit signs, a report keeps its lines and its markup stays text; Vietnamese is NFC', async () => {
    // The report arrives decomposed (NFD), as some keyboards type it, with markup in it.
    const report = 'Ộ ệ: bản Cộng hòa.\n  <b>không in đậm</b> & không thẻ'.normalize('NFD');
    const stored = renderSubmission({
      clusterName: 'Cụm thi đua vùng thấp',
      chairUnitName: 'UBND huyện Điện Biên',
      province: 'Điện Biên',
      year: 2018,
      version: 1,
      nominations: [{ ...award, rank: 1, total: 95.5, report }],
      at: AT,
    });
    const layout = layoutOf(
      record({ kind: 'submission', cluster_name: 'Cụm thi đua vùng thấp', chair_unit_name: 'UBND huyện Điện Biên', ...stored }),
    );
    expect(layout.issuer).toEqual(['UBND TỈNH ĐIỆN BIÊN', 'CỤM THI ĐUA VÙNG THẤP']);
    expect(layout.number).toBeUndefined();
    expect(layout.title).toBe('TỜ TRÌNH');
    expect(layout.signers).toEqual([{ lines: ['TRƯỞNG CỤM'], name: 'UBND huyện Điện Biên' }]);
    expect(layout.body).toContainEqual({ kind: 'heading', text: 'UBND huyện Tuần Giáo' });
    expect(layout.body).toContainEqual({ kind: 'paragraph', runs: [{ text: report.normalize('NFC') }], preformatted: true });
    expect(JSON.stringify(layout)).toBe(JSON.stringify(layout).normalize('NFC'));

    // The printable page says the same, escaped.
    const page = String(documentHtml(layout) as unknown as string);
    expect(page).toContain(NATIONAL_NAME);
    expect(page).toContain(MOTTO);
    expect(page).toContain('Điện Biên, ngày 05 tháng 12 năm 2018');
    expect(page).toContain('&lt;b&gt;không in đậm&lt;/b&gt; &amp; không thẻ');
    expect(page).not.toContain('<b>');

    // The PDF prints the markup as the participant typed it: neither obeyed, nor escaped a second time.
    const pdf = await documentPdf(layout);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
    expect(text.replace(/\s+/g, ' ')).toContain('<b>không in đậm</b> & không thẻ');
    expect(text).not.toContain('&lt;');
  });

  it('lays out a biên bản: the council issues it, its secretary and its chair sign, the count table kept', () => {
    const stored = renderMinutes({
      province: 'Điện Biên',
      year: 2018,
      session: 1,
      at: AT,
      members: 15,
      present: ['Trần Văn Quyết', 'Lò Thị Xuân'],
      counts: [
        {
          nomination: 'DB-VT:flag:TGI',
          award: 'flag',
          for: 13,
          against: 1,
          abstain: 0,
          notVoted: 1,
          written: 2,
          needed: 12,
          approved: true,
          unitName: 'UBND huyện Tuần Giáo',
          clusterName: 'Cụm vùng thấp',
        },
      ],
    });
    const layout = layoutOf(record({ kind: 'minutes', ...stored }));
    expect(layout.issuer).toEqual(['UBND TỈNH ĐIỆN BIÊN', 'HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG']);
    expect(layout.title).toBe('BIÊN BẢN');
    expect(layout.signers.map((s) => s.lines[0])).toEqual(['THƯ KÝ', 'CHỦ TRÌ']);
    const table = layout.body.find((b) => b.kind === 'table');
    expect(table?.kind === 'table' && table.rows[1]!.cells.map((c) => c.runs[0]?.text)).toContain('13/15 (87%)');
  });
  it('reads hand-written or broken stored HTML without losing text: entities decoded, unclosed and stray tags tolerated', () => {
    const stored =
      '<!doctype html><html><head><style>p{color:red}</style><title>t</title></head><body><!-- a note -->' +
      '<h1>Quyết định 12/QĐ-UBND</h1><p>Tặng Cờ thi đua cho &lt;Sở Tư pháp&gt; &amp; C&#7897;ng h&#xF2;a</p></td><p>Đoạn chưa đóng<table><tr><td>ô</table>';
    const layout = layoutOf(record({ kind: 'decision', title: 'Quyết định khen thưởng năm 2018', html: stored }));
    expect(layout.title).toBe('Quyết định 12/QĐ-UBND');
    expect(layout.body[0]).toEqual({
      kind: 'paragraph',
      runs: [{ text: 'Tặng Cờ thi đua cho <Sở Tư pháp> & Cộng hòa' }],
      preformatted: false,
    });
    expect(JSON.stringify(layout.body)).toContain('Đoạn chưa đóng');
    expect(JSON.stringify(layout)).not.toContain('color:red');
    expect(layout.signers).toEqual([{ lines: ['CHỦ TỊCH'] }]);
  });
});
