import { describe, it, expect } from 'vitest';
import { escapeHtml, findTextProblem, headerValue, normaliseText, terminalText, textIssue, textProblem } from '../../domain/text.ts';

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

describe('textProblem', () => {
  // Every code unit below U+00A0 that is a control character, with what each kind of field makes of it.
  const controls = [...Array.from({ length: 0x20 }, (_, i) => i), ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i)];

  it('refuses NUL, C0 and C1 controls and DEL in one-line and multi-line text, except tab and line breaks in multi-line text', () => {
    const allowedInMulti = [0x09, 0x0a, 0x0d];
    let checked = 0;
    for (const code of controls) {
      const text = `Công văn${String.fromCharCode(code)}12`;
      const one = textProblem(text, 'one');
      const multi = textProblem(text, 'multi');
      expect(one, `U+${code.toString(16)} in one line`).toBeDefined();
      if (allowedInMulti.includes(code)) expect(multi).toBeUndefined();
      else expect(multi, `U+${code.toString(16)} in several lines`).toMatch(/at position 9/);
      checked++;
    }
    expect(checked).toBe(65);
  });

  it('says what is wrong and where', () => {
    expect(textProblem('ab\u0000', 'multi')).toBe('contains a NUL character (U+0000) at position 3, which cannot be stored');
    expect(textProblem('a\u001b[31m', 'multi')).toBe('contains a control character (U+001B) at position 2');
    expect(textProblem('a\nb', 'one')).toBe('must be one line: it contains a line break at position 2');
    expect(textProblem('a\tb', 'one')).toBe('must be one line: it contains a tab at position 2');
  });

  it('gives the same problem as data: its kind, the character and its position', () => {
    expect(textIssue('ab\u0000', 'multi')).toEqual({ kind: 'nul', char: 'U+0000', position: 3 });
    expect(textIssue('a\u001b[31m', 'multi')).toEqual({ kind: 'control', char: 'U+001B', position: 2 });
    expect(textIssue('a\nb', 'one')).toEqual({ kind: 'lineBreak', char: 'U+000A', position: 2 });
    expect(textIssue('a\tb', 'one')).toEqual({ kind: 'tab', char: 'U+0009', position: 2 });
    expect(textIssue('x\ud800y', 'one')).toEqual({ kind: 'surrogate', char: 'U+D800', position: 2 });
    expect(textIssue('a\nb', 'multi')).toBeUndefined();
  });

  it('refuses lone surrogates and accepts paired ones (emoji, rare Hán-Nôm characters)', () => {
    expect(textProblem('x\ud800y', 'one')).toContain('unpaired surrogate U+D800');
    expect(textProblem('x\udfffy', 'one')).toContain('unpaired surrogate U+DFFF');
    expect(textProblem('tail\ud83d', 'one')).toContain('at position 5');
    expect(textProblem('Tuần Giáo 👍 𠀀', 'one')).toBeUndefined();
  });

  it('refuses every bidirectional embedding, override and isolate, in one-line and multi-line text', () => {
    const bidi = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069];
    for (const code of bidi)
      for (const lines of ['one', 'multi'] as const)
        expect(textIssue(`Mưa lũ${String.fromCharCode(code)}kéo dài`, lines)).toEqual({
          kind: 'bidi',
          char: `U+${code.toString(16).toUpperCase()}`,
          position: 7,
        });
    expect(textProblem('a\u202eb', 'multi')).toBe(
      'contains a bidirectional control character (U+202E) at position 2, which would show the text in another order than it is stored',
    );
    // The marks that only hint a direction (LRM, RLM) reorder nothing and stay allowed.
    expect(textProblem('a\u200eb\u200fc', 'one')).toBeUndefined();
  });

  it('accepts Vietnamese in either Unicode form and ordinary punctuation', () => {
    expect(textProblem('Huyện Điện Biên – "Công văn 12/CT-TTHT" (đạt 55%)', 'one')).toBeUndefined();
    expect(textProblem('Tuần Giáo'.normalize('NFD'), 'one')).toBeUndefined();
  });
});

describe('findTextProblem', () => {
  it('finds the first unstorable string of a payload with its path, keys included', () => {
    expect(findTextProblem({ narrative: 'ok', figures: { a: 1, b: 'x\u0000' } })).toBe(
      'figures.b: contains a NUL character (U+0000) at position 2, which cannot be stored',
    );
    expect(findTextProblem({ list: ['ok', 'also\u0007'] })).toBe('list.1: contains a control character (U+0007) at position 5');
    expect(findTextProblem({ figures: { 'thu\nngân sách': 5 } })).toBe(
      'figures.thu\\nngân sách: the name must be one line: it contains a line break at position 4',
    );
    expect(findTextProblem('top\u0000')).toContain('text: contains a NUL');
  });

  it('passes clean payloads, numbers and empty values', () => {
    expect(
      findTextProblem({ narrative: 'Dòng 1\r\nDòng 2\tcột', figures: { 'thu ngân sách (%)': 55 }, n: null, flag: true }),
    ).toBeUndefined();
    expect(findTextProblem(undefined)).toBeUndefined();
  });

  it('refuses a payload too large to walk rather than looping over it', () => {
    const huge = Array.from({ length: 200_000 }, () => 'ok');
    expect(findTextProblem(huge)).toBe('the payload has more than 100,000 values');
    expect(findTextProblem(huge.slice(-10))).toBeUndefined();
  });
});

describe('terminalText', () => {
  it('writes line breaks, tabs and escape sequences visibly, so a value cannot forge a row or colour a terminal', () => {
    const forged = 'Bổ sung minh chứng\n13:31:00 ngày 02/12/2026  dbi.binh  score.adjusted';
    expect(terminalText(forged)).toBe('Bổ sung minh chứng\\n13:31:00 ngày 02/12/2026  dbi.binh  score.adjusted');
    expect(terminalText('\u001b[31mđỏ\u001b[0m\r\t\u009b\u2028')).toBe('\\u001b[31mđỏ\\u001b[0m\\r\\t\\u009b\\u2028');
    expect(terminalText('Tuần Giáo')).toBe('Tuần Giáo');
  });
});
