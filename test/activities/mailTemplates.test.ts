import { describe, expect, it } from 'vitest';
import { campaignLaunched, PLEDGE_WORDING, roundEscalation, submissionReceipt } from '../../activities/mail/templates.js';
import { headerValue } from '../../domain/text.js';

// Mail text is Vietnamese in both parts, and every interpolated value is escaped in the HTML part:
// names and titles come from reference data and participants and must never become markup.

const greeting = { recipientName: 'Quàng Văn Bình', clusterName: 'Cụm thi đua vùng thấp', year: 2018 };

describe('mail templates', () => {
  it('write the same Vietnamese content in the plain-text and the HTML part', () => {
    const mail = submissionReceipt({ ...greeting, w: PLEDGE_WORDING, unitName: 'UBND huyện Điện Biên', at: Date.parse('2018-03-01T02:00:00Z'), late: false, version: 1, penalty: 0 });
    expect(mail.subject).toBe('[Cụm thi đua vùng thấp] Đã nhận giao ước thi đua của UBND huyện Điện Biên');
    expect(mail.text).toContain('Hệ thống đã ghi nhận giao ước thi đua năm 2018 của UBND huyện Điện Biên, ký lúc 09:00:00 ngày 01/03/2018.');
    expect(mail.html).toContain('Hệ thống đã ghi nhận giao ước thi đua năm 2018 của UBND huyện Điện Biên, ký lúc 09:00:00 ngày 01/03/2018.');
    expect(mail.html).toContain('<html lang="vi">');
    expect(mail.html).toContain('<meta charset="utf-8">');
  });

  it('escape hostile values in the HTML part and leave the plain text as written', () => {
    const hostile = '<script>alert("hình bầu cua")</script> & co';
    const mail = campaignLaunched({ ...greeting, recipientName: hostile, campaigns: [{ code: 'X', title: '<img src=x onerror=alert(1)>' }], pledgeDeadline: Date.parse('2018-03-31T10:00:00Z') });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;hình bầu cua&quot;)&lt;/script&gt; &amp; co');
    expect(mail.html).toContain('<li>&lt;img src=x onerror=alert(1)&gt;</li>');
    expect(mail.text).toContain(`Kính gửi ${hostile},`);
    expect(mail.html).toContain('<strong>17:00:00 ngày 31/03/2018</strong>');
  });

  it('list the missing units in an escalation', () => {
    const mail = roundEscalation({ ...greeting, w: PLEDGE_WORDING, missing: [{ code: 'MLA', name: 'UBND thị xã Mường Lay' }], deadline: Date.parse('2018-03-31T10:00:00Z'), closesAt: Date.parse('2018-04-15T10:00:00Z') });
    expect(mail.subject).toBe('[Cụm thi đua vùng thấp] Quá hạn ký giao ước thi đua: 1 đơn vị chưa ký');
    expect(mail.text).toContain('  - UBND thị xã Mường Lay (MLA)');
    expect(mail.html).toContain('<li>UBND thị xã Mường Lay (MLA)</li>');
  });

  it('cannot smuggle a header through a subject', () => {
    const mail = submissionReceipt({ ...greeting, w: PLEDGE_WORDING, unitName: 'X\r\nBcc: victim@example.org', at: 0, late: false, version: 1, penalty: 0 });
    expect(() => headerValue(mail.subject)).toThrow('may not contain CR or LF');
  });
});
