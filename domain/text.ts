// Free text from participants and reference data is untrusted (DOMAIN.md "Data hazards"):
// normalise it before storing, escape it on output, and keep it out of mail headers' structure.

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;

/** NFC (Vietnamese arrives in NFD from some keyboards and PDFs) without zero-width characters. */
export function normaliseText(text: string): string {
  return text.replace(ZERO_WIDTH, '').normalize('NFC');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!);
}

/** A mail header value: CR/LF would let a value start a header of its own, so it is refused. */
export function headerValue(text: string): string {
  if (/[\r\n]/.test(text)) throw new Error('a mail header value may not contain CR or LF');
  return normaliseText(text);
}
