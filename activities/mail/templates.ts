import { formatVietnamTime } from '../../domain/time.js';
import { html, type SafeHtml } from './html.js';

// Every mail the cycle sends, in Vietnamese, as a plain-text and an HTML part with the same content.
// Values are escaped by `html`; plain text needs no escaping, and subjects go through headerValue()
// in the outbox.

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

interface Greeting {
  recipientName: string;
  clusterName: string;
  year: number;
}

function render(subject: string, g: Greeting, paragraphs: { text: string; html: SafeHtml }[]): RenderedMail {
  const footer = 'Thư này được gửi tự động từ hệ thống thi đua – khen thưởng (tdkt). Vui lòng không trả lời thư này.';
  const text = [`Kính gửi ${g.recipientName},`, '', ...paragraphs.flatMap((p) => [p.text, '']), `${g.clusterName} – năm ${g.year}`, '--', footer].join('\n');
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

function unitList(units: { code: string; name: string }[]): { text: string; html: SafeHtml } {
  return {
    text: units.map((u) => `  - ${u.name} (${u.code})`).join('\n'),
    html: html`<ul>${units.map((u) => html`<li>${u.name} (${u.code})</li>`)}</ul>`,
  };
}

export function campaignLaunched(g: Greeting & { campaigns: { code: string; title: string }[]; pledgeDeadline: number }): RenderedMail {
  const list = g.campaigns.map((c) => `  - ${c.title}`).join('\n');
  return render(`[${g.clusterName}] Phát động phong trào thi đua năm ${g.year}`, g, [
    { text: `Hội nghị ${g.clusterName} phát động các phong trào thi đua năm ${g.year}:`, html: html`Hội nghị ${g.clusterName} phát động các phong trào thi đua năm ${g.year}:` },
    { text: list, html: html`<ul>${g.campaigns.map((c) => html`<li>${c.title}</li>`)}</ul>` },
    {
      text: `Đề nghị đơn vị ký kết giao ước thi đua trước ${formatVietnamTime(g.pledgeDeadline)}.`,
      html: html`Đề nghị đơn vị ký kết giao ước thi đua trước <strong>${formatVietnamTime(g.pledgeDeadline)}</strong>.`,
    },
  ]);
}

export function pledgeInvitation(g: Greeting & { unitName: string; unitCode: string; cycleId: string; deadline: number; personId: string }): RenderedMail {
  const command = `tdkt pledge sign --cycle ${g.cycleId} --unit ${g.unitCode} --signer ${g.personId}`;
  return render(`[${g.clusterName}] Mời ký kết giao ước thi đua năm ${g.year}`, g, [
    {
      text: `Vòng ký kết giao ước thi đua năm ${g.year} đã mở. Đề nghị ${g.unitName} ký giao ước trước ${formatVietnamTime(g.deadline)}.`,
      html: html`Vòng ký kết giao ước thi đua năm ${g.year} đã mở. Đề nghị ${g.unitName} ký giao ước trước <strong>${formatVietnamTime(g.deadline)}</strong>.`,
    },
    { text: `Cách ký: ${command}`, html: html`Cách ký: <code>${command}</code>` },
  ]);
}

export function pledgeReceipt(g: Greeting & { unitName: string; signedAt: number; late: boolean }): RenderedMail {
  const lateNote = g.late ? ' Giao ước được ký sau thời hạn và được ghi nhận là nộp muộn.' : '';
  return render(`[${g.clusterName}] Đã nhận giao ước thi đua của ${g.unitName}`, g, [
    {
      text: `Hệ thống đã ghi nhận giao ước thi đua năm ${g.year} của ${g.unitName}, ký lúc ${formatVietnamTime(g.signedAt)}.${lateNote}`,
      html: html`Hệ thống đã ghi nhận giao ước thi đua năm ${g.year} của ${g.unitName}, ký lúc ${formatVietnamTime(g.signedAt)}.${lateNote}`,
    },
  ]);
}

export function pledgeReminder(g: Greeting & { unitName: string; seq: number; deadline: number }): RenderedMail {
  return render(`[${g.clusterName}] Nhắc lần ${g.seq}: ${g.unitName} chưa ký giao ước thi đua`, g, [
    {
      text: `${g.unitName} chưa ký giao ước thi đua năm ${g.year}. Thời hạn: ${formatVietnamTime(g.deadline)}.`,
      html: html`${g.unitName} chưa ký giao ước thi đua năm ${g.year}. Thời hạn: <strong>${formatVietnamTime(g.deadline)}</strong>.`,
    },
  ]);
}

export function pledgeEscalation(g: Greeting & { missing: { code: string; name: string }[]; deadline: number; closesAt: number }): RenderedMail {
  const list = unitList(g.missing);
  return render(`[${g.clusterName}] Quá hạn ký giao ước thi đua: ${g.missing.length} đơn vị chưa ký`, g, [
    {
      text: `Đến thời hạn ${formatVietnamTime(g.deadline)}, các đơn vị sau chưa ký giao ước thi đua năm ${g.year}:`,
      html: html`Đến thời hạn ${formatVietnamTime(g.deadline)}, các đơn vị sau chưa ký giao ước thi đua năm ${g.year}:`,
    },
    list,
    {
      text: `Vòng ký kết đóng hẳn lúc ${formatVietnamTime(g.closesAt)}; giao ước ký sau thời hạn được ghi nhận là nộp muộn.`,
      html: html`Vòng ký kết đóng hẳn lúc ${formatVietnamTime(g.closesAt)}; giao ước ký sau thời hạn được ghi nhận là nộp muộn.`,
    },
  ]);
}

export function pledgeRoundClosed(g: Greeting & { signed: number; total: number; late: { code: string; name: string }[]; missing: { code: string; name: string }[] }): RenderedMail {
  const paragraphs = [
    { text: `Vòng ký kết giao ước thi đua năm ${g.year} đã đóng: ${g.signed}/${g.total} đơn vị đã ký.`, html: html`Vòng ký kết giao ước thi đua năm ${g.year} đã đóng: <strong>${g.signed}/${g.total}</strong> đơn vị đã ký.` },
  ];
  if (g.late.length) paragraphs.push({ text: 'Ký muộn:', html: html`Ký muộn:` }, unitList(g.late));
  if (g.missing.length) paragraphs.push({ text: 'Không ký:', html: html`Không ký:` }, unitList(g.missing));
  return render(`[${g.clusterName}] Kết quả ký kết giao ước thi đua năm ${g.year}`, g, paragraphs);
}
