import { describe, it, expect } from 'vitest';
import { escapeHtml, headerValue, normaliseText } from '../../domain/text.js';

const NFC_NAME = 'Tuần Giáo';
const NFD_NAME = NFC_NAME.normalize('NFD');

describe('normaliseText', () => {
  it('turns an NFD-encoded Vietnamese name into its NFC form', () => {
    expect(NFD_NAME).not.toBe(NFC_NAME); // the fixture really is decomposed
    expect(NFD_NAME.length).toBeGreaterThan(NFC_NAME.length);
    const out = normaliseText(NFD_NAME);
    expect(out).toBe(NFC_NAME);
    expect(out.length).toBe(NFC_NAME.length);
  });

  it('leaves text that is already NFC unchanged', () => {
    expect(normaliseText(NFC_NAME)).toBe(NFC_NAME);
    expect(normaliseText('Điện Biên Phủ')).toBe('Điện Biên Phủ');
  });

  it('normalises stacked Vietnamese diacritics (circumflex + tone) to single code points', () => {
    const decomposed = 'ầ'.normalize('NFD');
    expect(decomposed.length).toBe(3);
    expect(normaliseText(decomposed)).toBe('\u1EA7');
  });

  it.each([
    ['U+200B zero width space', '\u200B'],
    ['U+200C zero width non-joiner', '\u200C'],
    ['U+200D zero width joiner', '\u200D'],
    ['U+2060 word joiner', '\u2060'],
    ['U+FEFF byte order mark', '\uFEFF'],
  ])('strips %s wherever it appears', (_name, zw) => {
    expect(normaliseText(`${zw}Tuần${zw} Giáo${zw}`)).toBe(NFC_NAME);
  });

  it('strips a mix of zero-width characters and normalises in one go', () => {
    const dirty = `\uFEFF${NFD_NAME.slice(0, 3)}\u200B${NFD_NAME.slice(3)}\u2060\u200C\u200D`;
    expect(normaliseText(dirty)).toBe(NFC_NAME);
  });

  it('removes zero-width characters that sit between a base letter and its combining mark', () => {
    // "a" + ZWSP + combining grave: once the ZWSP is gone, NFC must compose the pair.
    expect(normaliseText('a\u200B\u0300')).toBe('à');
  });

  it('keeps ordinary spaces, non-breaking spaces and other visible characters', () => {
    expect(normaliseText('a b\u00A0c')).toBe('a b\u00A0c');
    expect(normaliseText('  lề  ')).toBe('  lề  ');
  });

  it('gives the empty string for text made only of zero-width characters', () => {
    expect(normaliseText('\u200B\u200C\u200D\u2060\uFEFF')).toBe('');
  });
});

describe('escapeHtml', () => {
  it('neutralises a <script> tag', () => {
    const out = escapeHtml('<script>alert(1)</script>');
    expect(out).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).not.toContain('<');
    expect(out).not.toContain('>');
  });

  it('escapes double and single quotes', () => {
    expect(escapeHtml(`"x" 'y'`)).toBe('&quot;x&quot; &#39;y&#39;');
  });

  it('escapes ampersands, including ones that already look like entities', () => {
    expect(escapeHtml('Tom & Jerry')).toBe('Tom &amp; Jerry');
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });

  it('escapes an attribute-breaking payload completely', () => {
    expect(escapeHtml(`" onmouseover="alert('x')`)).toBe('&quot; onmouseover=&quot;alert(&#39;x&#39;)');
  });

  it('leaves Vietnamese text without special characters untouched', () => {
    expect(escapeHtml('Ký kết giao ước thi đua')).toBe('Ký kết giao ước thi đua');
  });

  it('is not idempotent by design: escaping twice escapes the ampersands again', () => {
    expect(escapeHtml(escapeHtml('<'))).toBe('&amp;lt;');
  });
});

describe('headerValue', () => {
  it('refuses a carriage return', () => {
    expect(() => headerValue('Subject\rBcc: x@example.com')).toThrow(/CR or LF/);
  });

  it('refuses a line feed', () => {
    expect(() => headerValue('Subject\nBcc: x@example.com')).toThrow(/CR or LF/);
  });

  it('refuses CRLF header injection', () => {
    expect(() => headerValue('Nhắc nhở\r\nBcc: spam@example.com')).toThrow('a mail header value may not contain CR or LF');
  });

  it('refuses a value that is only a line break', () => {
    expect(() => headerValue('\n')).toThrow();
    expect(() => headerValue('\r')).toThrow();
  });

  it('returns the normalised value when there is no line break', () => {
    expect(headerValue(`\u200B${NFD_NAME}`)).toBe(NFC_NAME);
  });

  it('passes an ordinary subject through unchanged', () => {
    expect(headerValue('Ký kết giao ước thi đua 2018')).toBe('Ký kết giao ước thi đua 2018');
  });
});
