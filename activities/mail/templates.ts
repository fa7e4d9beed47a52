import { ROUND_KINDS, type RoundWording } from '../../domain/round.ts';
import { formatVietnamTime } from '../../domain/time.ts';
import { html, type SafeHtml } from './html.ts';

// Every mail the cycle sends, in Vietnamese, as a plain-text and an HTML part with the same content.
// Values are escaped by `html`; plain text needs no escaping, and subjects go through headerValue()
// in the outbox.

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface Greeting {
  recipientName: string;
  clusterName: string;
  year: number;
}

export function render(subject: string, g: Greeting, paragraphs: { text: string; html: SafeHtml }[]): RenderedMail {
  const footer = 'Thư này được gửi tự động từ hệ thống thi đua – khen thưởng (tdkt). Vui lòng không trả lời thư này.';
  const text = [
    `Kính gửi ${g.recipientName},`,
    '',
    ...paragraphs.flatMap((p) => [p.text, '']),
    `${g.clusterName} – năm ${g.year}`,
    '--',
    footer,
  ].join('\n');
  const body = html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family: Arial, sans-serif; line-height: 1.5">
<p>Kính gửi ${g.recipientName},</p>
${paragraphs.map((p) => html`<p>${p.html}</p>\n`)}
<p><em>${g.clusterName} – năm ${g.year}</em></p>
<hr><p style="color:#666;font-size:smaller">${footer}</p>
</body></html>`;
  return { subject, text, html: body.value };
}

/**
 * A link the mail asks its reader to open: a plain URL on a line of its own in the text part (mail
 * readers make it clickable), the same URL as a link in the HTML part.
 */
export function linkParagraph(label: string, url: string): { text: string; html: SafeHtml } {
  return { text: `${label}:\n${url}`, html: html`${label}: <a href="${url}">${url}</a>` };
}

export function unitList(units: { code: string; name: string }[]): { text: string; html: SafeHtml } {
  return {
    text: units.map((u) => `  - ${u.name} (${u.code})`).join('\n'),
    html: html`<ul>${units.map((u) => html`<li>${u.name} (${u.code})</li>`)}</ul>`,
  };
}

export function campaignLaunched(g: Greeting & { campaigns: { code: string; title: string }[]; pledgeDeadline: number }): RenderedMail {
  const list = g.campaigns.map((c) => `  - ${c.title}`).join('\n');
  return render(`[${g.clusterName}] Phát động phong trào thi đua năm ${g.year}`, g, [
    {
      text: `Hội nghị ${g.clusterName} phát động các phong trào thi đua năm ${g.year}:`,
      html: html`Hội nghị ${g.clusterName} phát động các phong trào thi đua năm ${g.year}:`,
    },
    { text: list, html: html`<ul>${g.campaigns.map((c) => html`<li>${c.title}</li>`)}</ul>` },
    {
      text: `Đề nghị đơn vị ký kết giao ước thi đua trước ${formatVietnamTime(g.pledgeDeadline)}.`,
      html: html`Đề nghị đơn vị ký kết giao ước thi đua trước <strong>${formatVietnamTime(g.pledgeDeadline)}</strong>.`,
    },
  ]);
}

function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
}

/**
 * How a round's mails name what is submitted and the act of submitting it: the `mail` words of
 * ROUND_KINDS (domain/round.ts), the one place they are written, or a report period's (reportWording).
 */
export type Wording = RoundWording;

/** A report round's words, which name its period: "nộp báo cáo sơ kết 6 tháng". */
export function reportWording(periodTitle: string): Wording {
  // The mails say "… năm 2018" after the noun: "báo cáo tổng kết năm" would read "năm năm 2018".
  const noun = periodTitle.toLocaleLowerCase('vi').replace(/ năm$/, '');
  const { verb } = ROUND_KINDS.report.mail;
  return { noun, verb, round: `${verb} ${noun}` };
}

/** `link`: the representative's personal task link to the round (activities/mail/links.ts). */
export function roundInvitation(g: Greeting & { w: Wording; unitName: string; deadline: number; link: string }): RenderedMail {
  return render(`[${g.clusterName}] Mời ${g.w.round} năm ${g.year}`, g, [
    {
      text: `Vòng ${g.w.round} năm ${g.year} đã mở. Đề nghị ${g.unitName} ${g.w.verb} ${g.w.noun} trước ${formatVietnamTime(g.deadline)}.`,
      html: html`Vòng ${g.w.round} năm ${g.year} đã mở. Đề nghị ${g.unitName} ${g.w.verb} ${g.w.noun} trước <strong>${formatVietnamTime(g.deadline)}</strong>.`,
    },
    linkParagraph(`Để ${g.w.verb} ${g.w.noun}, mở đường dẫn riêng của đơn vị (không chuyển tiếp thư này)`, g.link),
  ]);
}

export function submissionReceipt(
  g: Greeting & { w: Wording; unitName: string; at: number; late: boolean; version: number; penalty: number; total?: number },
): RenderedMail {
  const lines = [
    `Hệ thống đã ghi nhận ${g.w.noun} năm ${g.year} của ${g.unitName}${g.version > 1 ? ` (lần ${g.version}, thay thế bản trước; các bản trước vẫn được lưu)` : ''}, ${g.w.verb} lúc ${formatVietnamTime(g.at)}.`,
  ];
  if (g.late)
    lines.push(
      `${capitalise(g.w.noun)} được ${g.w.verb} sau thời hạn và được ghi nhận là nộp muộn${g.penalty ? ` (trừ ${g.penalty} điểm)` : ''}.`,
    );
  if (g.total !== undefined) lines.push(`Tổng điểm tự chấm do hệ thống tính: ${g.total}.`);
  const subject = `[${g.clusterName}] Đã nhận ${g.w.noun} của ${g.unitName}${g.version > 1 ? ` (lần ${g.version})` : ''}`;
  return render(
    subject,
    g,
    lines.map((line) => ({ text: line, html: html`${line}` })),
  );
}

export function roundReminder(g: Greeting & { w: Wording; unitName: string; seq: number; deadline: number; link: string }): RenderedMail {
  return render(`[${g.clusterName}] Nhắc lần ${g.seq}: ${g.unitName} chưa ${g.w.verb} ${g.w.noun}`, g, [
    {
      text: `${g.unitName} chưa ${g.w.verb} ${g.w.noun} năm ${g.year}. Thời hạn: ${formatVietnamTime(g.deadline)}.`,
      html: html`${g.unitName} chưa ${g.w.verb} ${g.w.noun} năm ${g.year}. Thời hạn: <strong>${formatVietnamTime(g.deadline)}</strong>.`,
    },
    linkParagraph(`Để ${g.w.verb} ${g.w.noun}, mở đường dẫn riêng của đơn vị`, g.link),
  ]);
}

/** `closesAt` is null (Infinity sent as JSON) when the round waits for everyone; the deadline itself when late submissions are refused. */
export function roundEscalation(
  g: Greeting & { w: Wording; missing: { code: string; name: string }[]; deadline: number; closesAt: number | null },
): RenderedMail {
  const list = unitList(g.missing);
  const after =
    g.closesAt === null
      ? `Vòng ${g.w.round} chờ đến khi các đơn vị này ${g.w.verb}; đề nghị Văn phòng đôn đốc hoặc gia hạn.`
      : g.closesAt <= g.deadline
        ? `Vòng ${g.w.round} đã đóng; ${g.w.noun} ${g.w.verb} sau thời hạn không được nhận.`
        : `Vòng ${g.w.round} đóng hẳn lúc ${formatVietnamTime(g.closesAt)}; ${g.w.noun} ${g.w.verb} sau thời hạn được ghi nhận là nộp muộn.`;
  return render(`[${g.clusterName}] Quá hạn ${g.w.verb} ${g.w.noun}: ${g.missing.length} đơn vị chưa ${g.w.verb}`, g, [
    {
      text: `Đến thời hạn ${formatVietnamTime(g.deadline)}, các đơn vị sau chưa ${g.w.verb} ${g.w.noun} năm ${g.year}:`,
      html: html`Đến thời hạn ${formatVietnamTime(g.deadline)}, các đơn vị sau chưa ${g.w.verb} ${g.w.noun} năm ${g.year}:`,
    },
    list,
    { text: after, html: html`${after}` },
  ]);
}

export function roundClosed(
  g: Greeting & {
    w: Wording;
    submitted: number;
    total: number;
    late: { code: string; name: string }[];
    missing: { code: string; name: string }[];
  },
): RenderedMail {
  const paragraphs = [
    {
      text: `Vòng ${g.w.round} năm ${g.year} đã đóng: ${g.submitted}/${g.total} đơn vị đã ${g.w.verb}.`,
      html: html`Vòng ${g.w.round} năm ${g.year} đã đóng: <strong>${g.submitted}/${g.total}</strong> đơn vị đã ${g.w.verb}.`,
    },
  ];
  if (g.late.length)
    paragraphs.push({ text: `${capitalise(g.w.verb)} muộn:`, html: html`${capitalise(g.w.verb)} muộn:` }, unitList(g.late));
  if (g.missing.length) paragraphs.push({ text: `Không ${g.w.verb}:`, html: html`Không ${g.w.verb}:` }, unitList(g.missing));
  return render(`[${g.clusterName}] Kết quả ${g.w.round} năm ${g.year}`, g, paragraphs);
}

/** To the cluster chair: a report came in after its deadline. */
export function lateSubmissionNotice(
  g: Greeting & { w: Wording; unitName: string; unitCode: string; at: number; deadline: number; penalty: number },
): RenderedMail {
  const text = `${g.unitName} (${g.unitCode}) ${g.w.verb} ${g.w.noun} năm ${g.year} lúc ${formatVietnamTime(g.at)}, sau thời hạn ${formatVietnamTime(g.deadline)}${g.penalty ? `; trừ ${g.penalty} điểm theo quy định` : ''}.`;
  return render(`[${g.clusterName}] ${g.unitName} ${g.w.verb} ${g.w.noun} muộn`, g, [{ text, html: html`${text}` }]);
}

/** To the secretariat: a submission's text holds links or gambling terms and awaits review. */
export function quarantineNotice(
  g: Greeting & { w: Wording; unitName: string; unitCode: string; version: number; fragments: string[] },
): RenderedMail {
  return render(`[${g.clusterName}] Cần kiểm tra: ${g.w.noun} của ${g.unitName} có nội dung đáng ngờ`, g, [
    {
      text: `${capitalise(g.w.noun)} năm ${g.year} của ${g.unitName} (${g.unitCode}, lần ${g.version}) đã được nhận nhưng được giữ lại để Văn phòng kiểm tra vì có các đoạn sau:`,
      html: html`${capitalise(g.w.noun)} năm ${g.year} của ${g.unitName} (${g.unitCode}, lần ${g.version}) đã được nhận nhưng được giữ lại để Văn phòng kiểm tra vì có các đoạn sau:`,
    },
    { text: g.fragments.map((f) => `  - «${f}»`).join('\n'), html: html`<ul>${g.fragments.map((f) => html`<li>«${f}»</li>`)}</ul>` },
  ]);
}

/** To the units concerned: the secretariat moved their deadline; `link` is a fresh task link, valid until the new closing. */
export function extensionNotice(g: Greeting & { w: Wording; unitName: string; until: number; reason: string; link: string }): RenderedMail {
  const text = `Thời hạn ${g.w.verb} ${g.w.noun} năm ${g.year} của ${g.unitName} được gia hạn đến ${formatVietnamTime(g.until)}. Lý do: ${g.reason}`;
  return render(`[${g.clusterName}] Gia hạn ${g.w.verb} ${g.w.noun}: ${g.unitName}`, g, [
    { text, html: html`${text}` },
    linkParagraph(
      `Để ${g.w.verb} ${g.w.noun}, mở đường dẫn mới của đơn vị (đường dẫn trong các thư trước hết hạn theo thời hạn cũ)`,
      g.link,
    ),
  ]);
}
