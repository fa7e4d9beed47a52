import { AWARDS, awardAmount, type AwardKind, type CouncilCount } from '../domain/council.ts';
import { formatVietnamTime } from '../domain/time.ts';
import { html, type SafeHtml } from './mail/html.ts';

// The council's documents as printable HTML, in Vietnamese: the cluster's submission (tờ trình),
// the council's ballot minutes (biên bản) and the chair's decision (quyết định). Every value goes
// through the escaping `html` template, so a unit's report text can never become markup. Stored
// in Postgres (table document) and read on the web at /documents/<id> (or with `tdkt document get`).

export interface DocumentText {
  title: string;
  html: string;
}

const VND = (amount: number) => `${amount.toLocaleString('vi-VN')} đồng`;

function page(title: string, heading: SafeHtml, body: SafeHtml): DocumentText {
  const doc = html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:"Times New Roman",serif;max-width:800px;margin:2em auto;line-height:1.5}table{border-collapse:collapse;width:100%}td,th{border:1px solid #333;padding:4px 8px;text-align:left}.center{text-align:center}@media print{body{margin:0}}</style>
</head><body>
<p class="center"><strong>CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><br>Độc lập – Tự do – Hạnh phúc</p>
${heading}
${body}
</body></html>`;
  return { title, html: doc.value };
}

export interface SubmissionData {
  clusterName: string;
  chairUnitName: string;
  province: string;
  year: number;
  version: number;
  note?: string;
  nominations: { award: AwardKind; unit: string; unitName: string; rank: number; total: number; report: string }[];
  at: number;
}

/** The cluster's tờ trình: what it proposes, with each nominee's rank, score and achievement report. */
export function renderSubmission(d: SubmissionData): DocumentText {
  const title = `Tờ trình đề nghị khen thưởng năm ${d.year} – ${d.clusterName}${d.version > 1 ? ` (lần ${d.version})` : ''}`;
  return page(
    title,
    html`<h1 class="center">TỜ TRÌNH</h1><p class="center">Về việc đề nghị khen thưởng phong trào thi đua năm ${d.year}</p>`,
    html`<p>Kính gửi: Hội đồng Thi đua – Khen thưởng tỉnh ${d.province}.</p>
<p>${d.chairUnitName}, Trưởng ${d.clusterName}, đề nghị khen thưởng các đơn vị sau, theo kết quả chấm điểm và bình xét của cụm:</p>
<table><tr><th>Hình thức</th><th>Đơn vị</th><th>Xếp hạng</th><th>Tổng điểm</th></tr>
${d.nominations.map((n) => html`<tr><td>${AWARDS[n.award].title}</td><td>${n.unitName} (${n.unit})</td><td>${n.rank}</td><td>${n.total}</td></tr>`)}
</table>
${d.note ? html`<p><strong>Giải trình bổ sung:</strong> ${d.note}</p>` : html``}
<h2>Tóm tắt thành tích</h2>
${d.nominations.map((n) => html`<h3>${n.unitName}</h3><p style="white-space:pre-wrap">${n.report}</p>`)}
<p>Lập lúc ${formatVietnamTime(d.at)}.</p>`,
  );
}

export interface MinutesData {
  province: string;
  year: number;
  session: number;
  at: number;
  members: number;
  present: string[];
  counts: (CouncilCount & { unitName: string; clusterName: string })[];
}

/** The council's biên bản: attendance, quorum and the count for every nomination, against ALL members. */
export function renderMinutes(d: MinutesData): DocumentText {
  const title = `Biên bản họp Hội đồng Thi đua – Khen thưởng tỉnh ${d.province} năm ${d.year} (phiên ${d.session})`;
  return page(
    title,
    html`<h1 class="center">BIÊN BẢN</h1><p class="center">Họp Hội đồng Thi đua – Khen thưởng tỉnh ${d.province}, xét khen thưởng năm ${d.year}</p>`,
    html`<p>Thời gian: ${formatVietnamTime(d.at)}. Có mặt ${d.present.length}/${d.members} thành viên: ${d.present.join(', ')}.</p>
<p>Tỷ lệ phiếu tính trên tổng số ${d.members} thành viên Hội đồng (kể cả thành viên vắng mặt có phiếu bằng văn bản).</p>
<table><tr><th>Đề nghị</th><th>Cụm</th><th>Đồng ý</th><th>trong đó bằng văn bản</th><th>Không đồng ý</th><th>Không biểu quyết</th><th>Không bỏ phiếu</th><th>Cần đạt</th><th>Kết quả</th></tr>
${d.counts.map((c) => html`<tr><td>${AWARDS[c.award].title}: ${c.unitName}</td><td>${c.clusterName}</td><td>${c.for}/${d.members} (${Math.round((c.for / d.members) * 100)}%)</td><td>${c.written}</td><td>${c.against}</td><td>${c.abstain}</td><td>${c.notVoted}</td><td>${c.needed}</td><td>${c.approved ? 'Đạt' : 'Không đạt'}</td></tr>`)}
</table>`,
  );
}

export interface DecisionData {
  province: string;
  year: number;
  number: string;
  date: string;
  chairName: string;
  awarded: { award: AwardKind; unit: string; unitName: string; clusterName: string }[];
}

/** The chair's quyết định: the awards, with their amounts (multiples of the base salary), and the total. */
export function renderDecision(d: DecisionData): DocumentText {
  const title = `Quyết định số ${d.number} về việc khen thưởng phong trào thi đua năm ${d.year}`;
  const total = d.awarded.reduce((sum, a) => sum + awardAmount(a.award), 0);
  return page(
    title,
    html`<p>UỶ BAN NHÂN DÂN TỈNH ${d.province.toUpperCase()}<br>Số: ${d.number}</p><p style="text-align:right"><em>${d.province}, ngày ${d.date}</em></p>
<h1 class="center">QUYẾT ĐỊNH</h1><p class="center">Về việc tặng thưởng Cờ thi đua và Bằng khen năm ${d.year}</p>`,
    html`<p><strong>CHỦ TỊCH UỶ BAN NHÂN DÂN TỈNH</strong></p>
<p>Căn cứ Luật Thi đua, khen thưởng năm 2022; Nghị định số 152/2025/NĐ-CP; xét đề nghị của Hội đồng Thi đua – Khen thưởng tỉnh,</p>
<p><strong>QUYẾT ĐỊNH:</strong></p>
<p>Điều 1. Tặng thưởng cho các tập thể có thành tích xuất sắc trong phong trào thi đua năm ${d.year}:</p>
<table><tr><th>STT</th><th>Hình thức</th><th>Tập thể</th><th>Cụm, khối</th><th>Tiền thưởng</th></tr>
${d.awarded.map((a, i) => html`<tr><td>${i + 1}</td><td>${AWARDS[a.award].title}</td><td>${a.unitName} (${a.unit})</td><td>${a.clusterName}</td><td>${VND(awardAmount(a.award))}</td></tr>`)}
<tr><td colspan="4"><strong>Tổng cộng</strong></td><td><strong>${VND(total)}</strong></td></tr>
</table>
<p>Điều 2. Tiền thưởng theo Nghị định số 152/2025/NĐ-CP (bội số của mức lương cơ sở ${VND(2_340_000)}).</p>
<p>Điều 3. Quyết định có hiệu lực kể từ ngày ký.</p>
<p style="text-align:right"><strong>CHỦ TỊCH</strong><br><br>${d.chairName}</p>`,
  );
}

export interface RevocationData {
  province: string;
  year: number;
  number: string;
  date: string;
  /** The decision whose awards are revoked, and its date. */
  decisionNumber: string;
  decisionDate: string;
  chairName: string;
  reason: string;
  revoked: { award: AwardKind; unit: string; unitName: string; clusterName: string }[];
}

/** The chair's quyết định thu hồi: which awards of which decision are revoked, why, and the amounts to be returned. */
export function renderRevocation(d: RevocationData): DocumentText {
  const title = `Quyết định số ${d.number} về việc thu hồi khen thưởng theo Quyết định số ${d.decisionNumber}`;
  const total = d.revoked.reduce((sum, a) => sum + awardAmount(a.award), 0);
  return page(
    title,
    html`<p>UỶ BAN NHÂN DÂN TỈNH ${d.province.toUpperCase()}<br>Số: ${d.number}</p><p style="text-align:right"><em>${d.province}, ngày ${d.date}</em></p>
<h1 class="center">QUYẾT ĐỊNH</h1><p class="center">Về việc thu hồi khen thưởng phong trào thi đua năm ${d.year}</p>`,
    html`<p><strong>CHỦ TỊCH UỶ BAN NHÂN DÂN TỈNH</strong></p>
<p>Căn cứ Luật Thi đua, khen thưởng năm 2022; Nghị định số 152/2025/NĐ-CP; căn cứ Quyết định số ${d.decisionNumber} ngày ${d.decisionDate} của Chủ tịch UBND tỉnh về việc khen thưởng phong trào thi đua năm ${d.year},</p>
<p><strong>QUYẾT ĐỊNH:</strong></p>
<p>Điều 1. Thu hồi các hình thức khen thưởng sau đã tặng tại Quyết định số ${d.decisionNumber}:</p>
<table><tr><th>STT</th><th>Hình thức</th><th>Tập thể</th><th>Cụm, khối</th><th>Tiền thưởng thu hồi</th></tr>
${d.revoked.map((a, i) => html`<tr><td>${i + 1}</td><td>${AWARDS[a.award].title}</td><td>${a.unitName} (${a.unit})</td><td>${a.clusterName}</td><td>${VND(awardAmount(a.award))}</td></tr>`)}
<tr><td colspan="4"><strong>Tổng cộng</strong></td><td><strong>${VND(total)}</strong></td></tr>
</table>
<p>Lý do: ${d.reason}</p>
<p>Điều 2. Các tập thể có tên tại Điều 1 nộp lại hiện vật khen thưởng và tiền thưởng đã nhận.</p>
<p>Điều 3. Quyết định có hiệu lực kể từ ngày ký.</p>
<p style="text-align:right"><strong>CHỦ TỊCH</strong><br><br>${d.chairName}</p>`,
  );
}
