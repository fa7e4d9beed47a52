import { AWARDS, awardAmount, type AwardKind } from '../../domain/council.ts';
import { formatVietnamTime } from '../../domain/time.ts';
import { html } from './html.ts';
import { linkParagraph, render, type Greeting, type RenderedMail } from './templates.ts';

// The mails of the provincial council, in the same form as every other mail.

const line = (text: string) => ({ text, html: html`${text}` });
const VND = (amount: number) => `${amount.toLocaleString('vi-VN')} đồng`;

/** To the chair of a cluster whose submission has not arrived; `link`: the chair's personal link to the cycle. */
export function councilReminder(g: Greeting & { seq: number; submitBy: number; link: string }): RenderedMail {
  return render(`[Hội đồng TĐKT tỉnh] Nhắc lần ${g.seq}: ${g.clusterName} chưa gửi tờ trình đề nghị khen thưởng năm ${g.year}`, g, [
    line(
      `Hội đồng Thi đua – Khen thưởng tỉnh chưa nhận được tờ trình đề nghị khen thưởng năm ${g.year} của ${g.clusterName}. Thời hạn: ${formatVietnamTime(g.submitBy)}.`,
    ),
    line('Cụm gửi tờ trình khi hoàn thành bình xét.'),
    linkParagraph('Theo dõi tiến độ của Cụm', g.link),
  ]);
}

/** To the cluster's chair: the secretariat returned a nomination for revision; `link`: the chair's personal link to the cycle. */
export function nominationReturned(g: Greeting & { nomination: string; reason: string; link: string }): RenderedMail {
  return render(`[Hội đồng TĐKT tỉnh] Trả lại hồ sơ đề nghị ${g.nomination} để bổ sung`, g, [
    line(`Văn phòng Hội đồng trả lại đề nghị ${g.nomination} của ${g.clusterName} để bổ sung, hoàn thiện. Lý do: ${g.reason}`),
    linkParagraph('Để bổ sung và gửi lại, mở đường dẫn riêng của đồng chí (không chuyển tiếp thư này)', g.link),
  ]);
}

/** To the secretariat: a session failed for want of members; `link`: the council's page. */
export function sessionFailed(g: Greeting & { session: number; reason: string; link: string }): RenderedMail {
  return render(`[Hội đồng TĐKT tỉnh] Phiên họp ${g.session} không đủ điều kiện biểu quyết`, g, [
    line(`Phiên họp ${g.session} của Hội đồng Thi đua – Khen thưởng tỉnh năm ${g.year} không đủ điều kiện biểu quyết: ${g.reason}.`),
    line('Đề nghị Văn phòng Hội đồng tổ chức lại phiên họp.'),
    linkParagraph('Trang của Hội đồng', g.link),
  ]);
}

/** To the secretariat: the chair returned the council's proposal; a new session is needed. `link`: the council's page. */
export function proposalReturned(g: Greeting & { reason: string; link: string }): RenderedMail {
  return render(`[Hội đồng TĐKT tỉnh] Chủ tịch UBND tỉnh trả lại đề nghị khen thưởng năm ${g.year}`, g, [
    line(`Chủ tịch UBND tỉnh trả lại đề nghị khen thưởng năm ${g.year} của Hội đồng. Lý do: ${g.reason}`),
    line('Đề nghị Văn phòng Hội đồng tổ chức phiên họp mới.'),
    linkParagraph('Trang của Hội đồng', g.link),
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
  g: Greeting & { number: string; date: string; awarded: string[]; notAwarded: string[]; documentUrl: string },
): RenderedMail {
  return render(`[UBND tỉnh] Quyết định số ${g.number} khen thưởng phong trào thi đua năm ${g.year}`, g, [
    line(`Chủ tịch UBND tỉnh đã ký Quyết định số ${g.number} ngày ${g.date}.`),
    line(`Được khen thưởng: ${g.awarded.join('; ') || 'không có'}.`),
    line(`Không được khen thưởng: ${g.notAwarded.join('; ') || 'không có'}.`),
    linkParagraph('Văn bản', g.documentUrl),
  ]);
}

/** To the units concerned, their clusters' chairs and the secretariat: awards revoked, named by kind and unit, with the reason. */
export function revocationNotice(
  g: Greeting & {
    number: string;
    decisionNumber: string;
    revoked: { award: AwardKind; unitName: string }[];
    reason: string;
    documentUrl: string;
  },
): RenderedMail {
  const revoked = g.revoked.map((r) => `${AWARDS[r.award].title}: ${r.unitName}`);
  return render(`[UBND tỉnh] Quyết định số ${g.number} thu hồi khen thưởng đã tặng theo Quyết định số ${g.decisionNumber}`, g, [
    line(
      `Chủ tịch UBND tỉnh đã ký Quyết định số ${g.number} thu hồi khen thưởng đã tặng theo Quyết định số ${g.decisionNumber}: ${revoked.join('; ')}.`,
    ),
    line(`Lý do: ${g.reason}`),
    linkParagraph('Văn bản', g.documentUrl),
  ]);
}
