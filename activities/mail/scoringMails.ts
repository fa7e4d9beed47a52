import type { ConsolidatedTable } from '../../domain/consolidation.ts';
import { formatVietnamTime } from '../../domain/time.ts';
import { html } from './html.ts';
import { linkParagraph, render, type Greeting, type RenderedMail } from './templates.ts';

// The mails of the cluster's scoring and ballot. Like every mail: Vietnamese, a text and an HTML
// part with the same content, every value escaped.

type Names = Map<string, string>;

/**
 * The consolidated table as lines of text: rank, unit, total and how it was made up, with each
 * unit's notes and tie-break steps in Vietnamese (`notes`, from vietnameseNotes: the table's own are English).
 */
export function tableLines(table: Pick<ConsolidatedTable, 'rows'>, names: Names, notes: Map<string, string[]>): string[] {
  return table.rows.map((r) => {
    const adjustments = r.adjustments.map((a) => `${a.points > 0 ? '+' : ''}${a.points} (${a.reason})`).join('; ');
    const parts = [
      `chấm chéo ${r.base}`,
      `thưởng +${r.bonus}`,
      `trừ −${r.penalties}`,
      ...(adjustments ? [`điều chỉnh ${adjustments}`] : []),
    ];
    const said = (notes.get(r.unit) ?? []).join('; ');
    return `${r.rank}. ${names.get(r.unit) ?? r.unit} (${r.unit}): ${r.total} điểm [${parts.join(', ')}]${said ? ` — ${said}` : ''}`;
  });
}

function listParagraph(lines: string[]) {
  return {
    text: lines.map((l) => `  ${l}`).join('\n'),
    html: html`<ol style="list-style:none;padding-left:0">${lines.map((l) => html`<li>${l}</li>`)}</ol>`,
  };
}

/**
 * To the chair and the secretariat: the draft table, open to adjustment until the ballot. `link`:
 * the chair's personal link to the cycle's page, or (the secretariat) the page itself.
 */
export function consolidatedTableMail(
  g: Greeting & { table: ConsolidatedTable; names: Names; notes: Map<string, string[]>; ballotOpensAt: number; link: string },
): RenderedMail {
  const intro = `Bảng tổng hợp kết quả chấm điểm chéo năm ${g.year} (công thức ${g.table.formulaVersion}, thang điểm ${g.table.rubricVersion}):`;
  const closing = `Trưởng cụm hoặc Văn phòng có thể điều chỉnh điểm, kèm lý do bằng văn bản, đến khi bỏ phiếu bình xét mở lúc ${formatVietnamTime(g.ballotOpensAt)}. Cách tính điểm của từng đơn vị và việc điều chỉnh ở trang của chu kỳ thi đua.`;
  const excluded = g.table.excludedScorers.length
    ? [`Không tính phiếu chấm của (không chấm đúng hạn): ${g.table.excludedScorers.join(', ')}.`]
    : [];
  return render(`[${g.clusterName}] Bảng tổng hợp điểm chấm chéo năm ${g.year}`, g, [
    { text: intro, html: html`${intro}` },
    listParagraph(tableLines(g.table, g.names, g.notes)),
    ...excluded.map((t) => ({ text: t, html: html`${t}` })),
    { text: closing, html: html`${closing}` },
    linkParagraph('Trang bảng tổng hợp và điều chỉnh điểm', g.link),
  ]);
}

/** To the unit's representative: its score was adjusted, by whom and why. */
export function adjustmentNotice(
  g: Greeting & { unitName: string; points: number; reason: string; by: string; total: number },
): RenderedMail {
  const text = `Điểm tổng hợp năm ${g.year} của ${g.unitName} được điều chỉnh ${g.points > 0 ? '+' : ''}${g.points} điểm bởi ${g.by}. Lý do: ${g.reason}. Tổng điểm sau điều chỉnh: ${g.total}.`;
  return render(`[${g.clusterName}] Điều chỉnh điểm của ${g.unitName}`, g, [{ text, html: html`${text}` }]);
}

/** To the chair and the deputy: the ballot left the flag undecided; they decide it. */
export function leadersAsked(g: Greeting & { candidates: { code: string; name: string }[]; deadline: number; link: string }): RenderedMail {
  const text = `Sau các vòng bỏ phiếu, chưa đơn vị nào đạt số phiếu cần thiết để được đề nghị Cờ thi đua. Theo quy định, Trưởng cụm và Phó cụm quyết định đơn vị được đề nghị, trước ${formatVietnamTime(g.deadline)}. Các đơn vị: ${g.candidates.map((c) => `${c.name} (${c.code})`).join(', ')}.`;
  return render(`[${g.clusterName}] Đề nghị Trưởng cụm và Phó cụm quyết định đơn vị đề nghị Cờ thi đua năm ${g.year}`, g, [
    { text, html: html`${text}` },
    linkParagraph('Để quyết định, mở đường dẫn riêng của đồng chí (không chuyển tiếp thư này)', g.link),
  ]);
}

/** To every member and the secretariat: the ranking, the nominations and the minutes. */
export function outcomeMail(g: Greeting & { ranking: string[]; nominations: string[]; minutes: string[] }): RenderedMail {
  return render(`[${g.clusterName}] Kết quả chấm điểm và bình xét thi đua năm ${g.year}`, g, [
    { text: `Kết quả xếp hạng năm ${g.year}:`, html: html`Kết quả xếp hạng năm ${g.year}:` },
    listParagraph(g.ranking),
    { text: 'Cụm đề nghị khen thưởng:', html: html`Cụm đề nghị khen thưởng:` },
    listParagraph(g.nominations),
    ...g.minutes.map((m) => ({ text: m, html: html`<pre style="white-space:pre-wrap">${m}</pre>` })),
  ]);
}
