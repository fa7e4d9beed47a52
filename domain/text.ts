import type { z } from 'zod';

// Free text from participants and reference data is untrusted (DOMAIN.md "Data hazards"):
// refuse what cannot be stored, normalise it before storing, escape it on output, and keep it out
// of mail headers' structure.

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;

/** NFC (Vietnamese arrives in NFD from some keyboards and PDFs) without zero-width characters. */
export function normaliseText(text: string): string {
  return text.replace(ZERO_WIDTH, '').normalize('NFC');
}

/**
 * One-line fields (references, numbers, names, titles) take no line break or tab; multi-line
 * fields (reasons, notes, narratives) keep line breaks (LF, or CR LF from Windows files) and tabs.
 */
export type TextLines = 'one' | 'multi';

const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** What is wrong with a text that cannot be accepted: the kind, the character (`U+0000`) and its position (from 1). */
export interface TextIssue {
  kind: 'nul' | 'surrogate' | 'lineBreak' | 'tab' | 'control' | 'bidi';
  char: string;
  position: number;
}

/**
 * What is wrong with this text, or undefined when it can be accepted. PostgreSQL's text cannot hold
 * NUL (the insert fails with "invalid byte sequence"), a lone UTF-16 surrogate is not a character
 * at all, and other control characters (ANSI escapes among them) would reach a terminal or a mail
 * raw or forge a line of a printed table. The bidirectional embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069) show text in another order than it is stored ("Trojan Source"):
 * Vietnamese never needs them, and a reader of a mail or a page would be misled. Checked by every validator, so that such text is refused
 * before it enters a workflow's history rather than failing an activity for ever.
 */
export function textIssue(text: string, lines: TextLines): TextIssue | undefined {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const at = (kind: TextIssue['kind']): TextIssue => ({ kind, char: hex(code), position: i + 1 });
    if (code === 0) return at('nul');
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return at('surrogate');
    }
    if (code >= 0xdc00 && code <= 0xdfff) return at('surrogate');
    if (code === 0x0a || code === 0x0d) {
      if (lines === 'one') return at('lineBreak');
      continue;
    }
    if (code === 0x09) {
      if (lines === 'one') return at('tab');
      continue;
    }
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return at('control');
    if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) return at('bidi');
  }
  return undefined;
}

/** A text issue in words (English, as the CLI and the validators say it). */
export function describeTextIssue({ kind, char, position }: TextIssue): string {
  switch (kind) {
    case 'nul':
      return `contains a NUL character (U+0000) at position ${position}, which cannot be stored`;
    case 'surrogate':
      return `contains a broken character (an unpaired surrogate ${char}) at position ${position}`;
    case 'lineBreak':
      return `must be one line: it contains a line break at position ${position}`;
    case 'tab':
      return `must be one line: it contains a tab at position ${position}`;
    case 'control':
      return `contains a control character (${char}) at position ${position}`;
    case 'bidi':
      return `contains a bidirectional control character (${char}) at position ${position}, which would show the text in another order than it is stored`;
  }
}

/** Why this text cannot be accepted (`textIssue` in words), or undefined when it can. */
export function textProblem(text: string, lines: TextLines): string | undefined {
  const issue = textIssue(text, lines);
  return issue && describeTextIssue(issue);
}

/**
 * `textProblem` as a zod refinement: `z.string().superRefine(storableText('one'))`. The issue
 * carries the problem as data too (`params`: `{ problem: 'text', kind, char, position }`), for a
 * page that words it in its own language.
 */
export function storableText(lines: TextLines) {
  return (text: string, ctx: z.RefinementCtx): void => {
    const issue = textIssue(text, lines);
    if (issue) ctx.addIssue({ code: 'custom', message: describeTextIssue(issue), params: { problem: 'text', ...issue }, continue: false });
  };
}

/** How many values `findTextProblem` walks at most. */
const MAX_VALUES = 100_000;

/**
 * The first string in a JSON payload (object keys included, as one-line text) that cannot be
 * accepted, with where it is, e.g. `narrative: contains a NUL character…`; undefined when none.
 * A payload of more than 100,000 values is refused as such, so a hostile one cannot make a
 * validator loop for long.
 */
export function findTextProblem(value: unknown, where = '', budget = { left: MAX_VALUES }): string | undefined {
  if (budget.left-- <= 0) return 'the payload has more than 100,000 values';
  const at = (key: string | number) => (where ? `${where}.${key}` : String(key));
  if (typeof value === 'string') {
    const problem = textProblem(value, 'multi');
    return problem && `${where || 'text'}: ${problem}`;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const problem = findTextProblem(item, at(i), budget);
      if (problem) return problem;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const keyProblem = textProblem(key, 'one');
      if (keyProblem) return `${at(JSON.stringify(key).slice(1, -1))}: the name ${keyProblem}`;
      const problem = findTextProblem(inner, at(key), budget);
      if (problem) return problem;
    }
  }
  return undefined;
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

/**
 * Text for one cell or line of what a terminal shows: line breaks, tabs and every other control
 * character written as visible escapes (`\n`, `\u001b`), so a stored value can neither forge a row
 * of a table nor send escape sequences to the terminal.
 */
export function terminalText(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (ch) => {
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    if (ch === '\t') return '\\t';
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
