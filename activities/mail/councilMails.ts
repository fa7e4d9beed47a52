import { AWARDS, awardAmount, type AwardKind } from '../../domain/council.ts';
import { formatVietnamTime } from '../../domain/time.ts';
import { html } from './html.ts';
import { render, type Greeting, type RenderedMail } from './templates.ts';

// The mails of the provincial council, in the same form as every other mail.

const line = (text: string) => ({ text, html: html`${text}` });
const VND = (amount: number) => `${amount.toLocaleString('vi-VN')} đồng`;

/** To the chair of a cluster whose submission has not arrived. */
export function councilReminder(g: Greeting & { seq: number; submitBy: number; command: string }): RenderedMail {
  return render(`[Hội đồng TĐKT tỉnh] Nhắc lần ${g.seq}: ${g.clusterName} chưa gửi tờ trình đề nghị khen thưởng năm ${g.year}`, g, [
    line(
      `Hội đồng Thi đua – Khen thưởng tỉnh chưa nhận được tờ trình đề nghị khen thưởng năm ${g.year} của ${g.clusterName}. Thời hạn: ${formatVietnamTime(g.submitBy)}.`,
    ),
    line(`Cụm gửi tờ trình khi hoàn thành bình xét; theo dõi: ${g.command}`),
  ]);
}

/** To the cluster's chair: the secretariat returned a nomination for revision. */
export function nominationReturned(g: Greeting & { nomination: string; reason: string; command: string }): RenderedMail {
  return render(`[Hội đồng TĐKT tỉnh] Trả lại hồ sơ đề nghị ${g.nomination} để bổ sung`, g, [
    line(`Văn phòng Hội đồng trả lại đề nghị ${g.nomination} của ${g.clusterName} để bổ sung, hoàn thiện. Lý do: ${g.reason}`),
    { text: `Cách bổ sung và gửi lại: ${g.command}`, html: html`Cách bổ sung và gửi lại: <code>${g.command}</code>` },
  ]);
}

/** To the secretariat: a session failed for want of members. */
export function sessionFailed(g: Greeting & { session: number; reason: string; command: string }): RenderedMail {
  return render(`[Hội đồng TĐKT tỉnh] Phiên họp ${g.session} không đủ điều kiện biểu quyết`, g, [
    line(`Phiên họp ${g.session} của Hội đồng Thi đua – Khen thưởng tỉnh năm ${g.year} không đủ điều kiện biểu quyết: ${g.reason}.`),
    { text: `Đề nghị tổ chức lại phiên họp: ${g.command}`, html: html`Đề nghị tổ chức lại phiên họp: <code>${g.command}</code>` },
  ]);
}

/** To the secretariat: the chair returned the council's proposal; a new session is needed. */
export function proposalReturned(g: Greeting & { reason: string; command: string }): RenderedMail {
  return render(`[Hội đồng TĐKT tỉnh] Chủ tịch UBND tỉnh trả lại đề nghị khen thưởng năm ${g.year}`, g, [
    line(`Chủ tịch UBND tỉnh trả lại đề nghị khen thưởng năm ${g.year} của Hội đồng. Lý do: ${g.reason}`),
    { text: `Đề nghị tổ chức phiên họp mới: ${g.command}`, html: html`Đề nghị tổ chức phiên họp mới: <code>${g.command}</code>` },
  ]);
}

/** To a unit's representative: its award in the decision. */
export function awardNotice(g: Greeting & { unitName: string; award: AwardKind; number: string; date: string }): RenderedMail {
  return render(`[UBND tỉnh] ${g.unitName} được tặng ${AWARDS[g.award].title} năm ${g.year}`, g, [
    line(
      `Chủ tịch UBND tỉnh đã ký Quyết định số ${g.number} ngày ${g.date} tặng ${AWARDS[g.award].title} năm ${g.year} cho ${g.unitName}, kèm tiền thưởng ${VND(awardAmount(g.award))}.`,
    ),
  ]);
}

/** To the clusters' chairs and the secretariat: the decision, what it awards and what it does not. */
export function decisionNotice(
  g: Greeting & { number: string; date: string; awarded: string[]; notAwarded: string[]; documentId: string },
): RenderedMail {
  return render(`[UBND tỉnh] Quyết định số ${g.number} khen thưởng phong trào thi đua năm ${g.year}`, g, [
    line(`Chủ tịch UBND tỉnh đã ký Quyết định số ${g.number} ngày ${g.date}.`),
    line(`Được khen thưởng: ${g.awarded.join('; ') || 'không có'}.`),
    line(`Không được khen thưởng: ${g.notAwarded.join('; ') || 'không có'}.`),
    { text: `Văn bản: tdkt document get ${g.documentId}`, html: html`Văn bản: <code>tdkt document get ${g.documentId}</code>` },
  ]);
}

/** To the units concerned, their clusters' chairs and the secretariat: awards revoked, named by kind and unit, with the reason. */
export function revocationNotice(
  g: Greeting & {
    number: string;
    decisionNumber: string;
    revoked: { award: AwardKind; unitName: string }[];
    reason: string;
    documentId: string;
  },
): RenderedMail {
  const revoked = g.revoked.map((r) => `${AWARDS[r.award].title}: ${r.unitName}`);
  return render(`[UBND tỉnh] Quyết định số ${g.number} thu hồi khen thưởng đã tặng theo Quyết định số ${g.decisionNumber}`, g, [
    line(
      `Chủ tịch UBND tỉnh đã ký Quyết định số ${g.number} thu hồi khen thưởng đã tặng theo Quyết định số ${g.decisionNumber}: ${revoked.join('; ')}.`,
    ),
    line(`Lý do: ${g.reason}`),
    { text: `Văn bản: tdkt document get ${g.documentId}`, html: html`Văn bản: <code>tdkt document get ${g.documentId}</code>` },
  ]);
}
