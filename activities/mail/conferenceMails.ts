import { formatVietnamDate } from '../../domain/time.ts';
import { html } from './html.ts';
import { render, type Greeting, type RenderedMail } from './templates.ts';

// The mails of the year's end: the conference, the hand-over of the chair, and a member merged away.

const line = (text: string) => ({ text, html: html`${text}` });
const bullets = (items: string[]) => ({
  text: items.map((i) => `  - ${i}`).join('\n'),
  html: html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`,
});

/** To every representative: the conference was held; the awards handed over and the unit's giấy khen. */
export function conferenceHeld(
  g: Greeting & { heldAt: number; chairName: string; awards: string[]; certificates: string[] },
): RenderedMail {
  return render(`[${g.clusterName}] Hội nghị tổng kết công tác thi đua năm ${g.year}`, g, [
    line(
      `Ngày ${formatVietnamDate(g.heldAt)}, ${g.clusterName} tổ chức Hội nghị tổng kết công tác thi đua – khen thưởng năm ${g.year}, do ${g.chairName} (Trưởng cụm) chủ trì.`,
    ),
    line(
      g.awards.length
        ? 'Các danh hiệu, hình thức khen thưởng của UBND tỉnh đã trao tại Hội nghị:'
        : 'Không có khen thưởng của UBND tỉnh được trao tại Hội nghị.',
    ),
    ...(g.awards.length ? [bullets(g.awards)] : []),
    line(g.certificates.length ? `Giấy khen của Cụm (do Thủ trưởng ${g.chairName} ký) trao cho:` : 'Cụm không trao Giấy khen năm nay.'),
    ...(g.certificates.length ? [bullets(g.certificates)] : []),
  ]);
}

/** To next year's members, the outgoing chair and the secretariat: the chair and deputy for next year, and every unit passed over. */
export function handoverNotice(
  g: Greeting & { nextYear: number; fromChair: string; toChair: string; toDeputy: string; skipped: string[]; override?: string },
): RenderedMail {
  return render(`[${g.clusterName}] Bàn giao Trưởng cụm năm ${g.nextYear}: ${g.toChair}`, g, [
    line(`${g.fromChair} bàn giao nhiệm vụ Trưởng cụm thi đua năm ${g.nextYear} cho ${g.toChair}; Phó cụm: ${g.toDeputy}.`),
    ...(g.override ? [line(`Theo quyết định của Văn phòng Hội đồng (khác thứ tự luân phiên), lý do: ${g.override}`)] : []),
    ...(g.skipped.length ? [line('Các đơn vị không luân phiên năm nay:'), bullets(g.skipped)] : []),
    line(
      `Chu kỳ thi đua năm ${g.nextYear} của ${g.clusterName} được khởi động; các đơn vị sẽ nhận thư phát động phong trào và ký kết giao ước.`,
    ),
  ]);
}

/** To the merged unit, its successor, the chair and the secretariat. */
export function mergeNotice(
  g: Greeting & { unitName: string; intoName: string; on: string; handling: 'close' | 'transfer'; reason: string; rounds: string[] },
): RenderedMail {
  const handled =
    g.handling === 'transfer'
      ? `Các nhiệm vụ còn mở của ${g.unitName} được chuyển cho ${g.intoName}.`
      : `Các nhiệm vụ còn mở của ${g.unitName} được đóng với lý do sáp nhập; những gì đơn vị đã nộp vẫn được lưu giữ.`;
  return render(`[${g.clusterName}] ${g.unitName} sáp nhập vào ${g.intoName} từ ${g.on}`, g, [
    line(`Văn phòng Hội đồng ghi nhận: ${g.unitName} sáp nhập vào ${g.intoName} từ ngày ${g.on}. Lý do: ${g.reason}`),
    line(handled),
    ...(g.rounds.length ? [line('Các đợt đang mở liên quan:'), bullets(g.rounds)] : []),
    line(`${g.unitName} không tham gia luân phiên Trưởng cụm; từ năm sau, thành viên của Cụm là ${g.intoName}.`),
  ]);
}
