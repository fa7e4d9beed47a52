import { normaliseText } from './text.ts';

// Screening of untrusted free text (DOMAIN.md "Data hazards"): the seed article itself arrived with
// "hình bầu cua tôm cá" injected in place of a district's name. Text with links or gambling terms is
// quarantined for the secretariat, never silently dropped, so screening only reports what it found;
// a false alarm costs the secretariat a look, a miss publishes spam in a provincial document.

// One character with the combining marks that follow it (or stray marks at the start): folded as a
// unit, so every folded character knows which stretch of the source it came from.
const CLUSTER = /\P{M}\p{M}*|\p{M}+/gu;

function foldCluster(cluster: string): string {
  return (
    cluster
      .toLowerCase()
      .normalize('NFD')
      // Marks are the diacritics; format characters (soft hyphen, zero-width and direction marks)
      // are invisible, so spam can hide inside a word with them.
      .replace(/[\p{M}\p{Cf}]/gu, '')
      // đ has no decomposition, so NFD leaves it alone. ð (U+00F0, the lower case of Ð U+00D0) is
      // another letter, but its capital is drawn exactly like Đ and is typed in its place.
      .replace(/[đð]/g, 'd')
  );
}

/** Lower case, no diacritics, đ/Đ → d, invisible format characters removed: for accent-insensitive matching. */
export function foldVietnamese(text: string): string {
  return (text.match(CLUSTER) ?? []).map(foldCluster).join('');
}

interface FoldedText {
  text: string;
  /** For each code unit of `text`: the span of the source it was folded from. */
  from: { start: number; end: number }[];
}

// Folding can change lengths (NFD leftovers, marks and format characters vanish), so positions are
// mapped explicitly rather than assumed to line up.
function foldWithPositions(source: string): FoldedText {
  let text = '';
  const from: FoldedText['from'] = [];
  for (const match of source.matchAll(CLUSTER)) {
    const folded = foldCluster(match[0]);
    const span = { start: match.index, end: match.index + match[0].length };
    for (let i = 0; i < folded.length; i++) from.push(span);
    text += folded;
  }
  return { text, from };
}

interface GamblingTerm {
  term: string;
  /** Folded words after which the match is an ordinary compound, not the term. */
  notBefore?: string[];
}

// "số đề" and "lô đề" are lottery betting, but "số đề án", "số đề nghị khen thưởng" (the number of
// projects, of nominations) are everyday report phrases.
const DE_COMPOUNDS = ['an', 'nghi', 'xuat', 'tai', 'cuong', 'cap', 'ra', 'muc', 'bat', 'phong', 'cao', 'thi'];

const GAMBLING_TERMS: GamblingTerm[] = [
  { term: 'bầu cua' },
  { term: 'tôm cá' },
  { term: 'cá cược' },
  { term: 'cá độ' },
  { term: 'nhà cái' },
  { term: 'xóc đĩa' },
  { term: 'lô đề', notBefore: DE_COMPOUNDS },
  { term: 'số đề', notBefore: DE_COMPOUNDS },
  { term: 'tài xỉu' },
  { term: 'nổ hũ' },
  { term: 'game bài' },
  { term: 'đánh bài' },
  { term: 'casino' },
  { term: 'cược' },
  { term: 'slot game' },
  { term: 'bắn cá' },
];

const NOT_WORD_BEFORE = String.raw`(?<![\p{L}\p{N}])`;
const NOT_WORD_AFTER = String.raw`(?![\p{L}\p{N}])`;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// On folded text, words may be run together or spread over any whitespace ("baucua", "bầu  cua").
const TERM_PATTERNS = GAMBLING_TERMS.map(({ term, notBefore }) => ({
  term: term.normalize('NFC'),
  regex: new RegExp(
    NOT_WORD_BEFORE +
      foldVietnamese(term)
        .split(' ')
        .map(escapeRegExp)
        .join(String.raw`\s*`) +
      NOT_WORD_AFTER,
    'gu',
  ),
  compound: notBefore ? new RegExp(String.raw`^\s+(?:${notBefore.join('|')})` + NOT_WORD_AFTER, 'u') : undefined,
}));

// Case, spacing and invisible format characters do not change how a term is written.
const compact = (text: string) =>
  text
    .toLowerCase()
    .replace(/ð/g, 'đ')
    .replace(/[\s\p{Cf}]+/gu, '');

/** Each letter of a compacted text as its base letter and the diacritics on it (NFD). */
function letters(text: string): { base: string; marks: string[] }[] {
  return (compact(text).normalize('NFD').match(CLUSTER) ?? []).map((cluster) => ({ base: cluster[0]!, marks: [...cluster.slice(1)] }));
}

// The five tone marks (grave, acute, tilde, hook above, dot below); the other diacritics make
// letters of their own (ă, â, ê, ô, ơ, ư).
const TONES = ['\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];

/**
 * Folding alone would flag everyday Vietnamese: "phiếu bầu của" folds to "bau cua", "cuộc họp" to
 * "cuoc", "bán cá" to "ban ca", "đánh bại" to "danh bai". Spam writes the term properly, with every
 * diacritic stripped, or half stripped: tones dropped, or some letters bare ("bâu cua tôm ca",
 * "nhà cai"). So a match counts only when each of its letters is the term's letter as written,
 * without its tone, or bare: "của" has a hook "cua" has not, "bại" a dot "bài" has not, and "bán"
 * keeps the tone of "bắn" but not its breve, which no one stripping marks would write.
 */
function writtenAsTerm(source: string, term: string): boolean {
  const written = letters(source);
  const wanted = letters(term);
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((mark) => b.includes(mark));
  return (
    written.length === wanted.length &&
    written.every(({ base, marks }, i) => {
      const target = wanted[i]!;
      const sameLetter = base === target.base || (target.base === 'đ' && base === 'd');
      const toneless = target.marks.filter((mark) => !TONES.includes(mark));
      return sameLetter && (marks.length === 0 || same(marks, target.marks) || same(marks, toneless));
    })
  );
}

const TLDS = ['com', 'net', 'org', 'info', 'xyz', 'top', 'vip', 'club', 'bet', 'vn', 'io', 'ly', 'me', 'cc', 'biz'];

// Explicit links, then bare domains: a dotted ASCII word whose last label is a common TLD
// ("nhacai.vn", "bit.ly/x"). Requiring a known TLD keeps "TP.HCM", "Q.1", "v.v." and "3.5" out.
const URL_PATTERN = new RegExp(
  String.raw`(?:https?://|www\.)[^\s<>"']+` +
    '|' +
    String.raw`(?<![\p{L}\p{N}_.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:${TLDS.join('|')})(?![\p{L}\p{N}_-])(?:/[^\s<>"']*)?`,
  'giu',
);

// A sentence's full stop or closing bracket is not part of the link it ends with.
const TRAILING_PUNCTUATION = /[.,;:!?'")\]}»…]+$/u;

const MAX_FRAGMENT = 80;

export interface Screening {
  suspicious: boolean;
  /** The matched pieces of the text as normalised (NFC, no zero-width characters), de-duplicated, in order, each at most 80 characters. */
  fragments: string[];
}

interface Span {
  start: number;
  end: number;
}

function findLinks(text: string): Span[] {
  return [...text.matchAll(URL_PATTERN)].map((match) => ({
    start: match.index,
    end: match.index + match[0].replace(TRAILING_PUNCTUATION, '').length,
  }));
}

function findGamblingTerms(text: string): Span[] {
  const folded = foldWithPositions(text);
  const spans: Span[] = [];
  for (const { term, regex, compound } of TERM_PATTERNS) {
    for (const match of folded.text.matchAll(regex)) {
      const after = match.index + match[0].length;
      if (compound?.test(folded.text.slice(after))) continue;
      const span = { start: folded.from[match.index]!.start, end: folded.from[after - 1]!.end };
      if (writtenAsTerm(text.slice(span.start, span.end), term)) spans.push(span);
    }
  }
  return spans;
}

function shorten(fragment: string): string {
  if (fragment.length <= MAX_FRAGMENT) return fragment;
  let cut = fragment.slice(0, MAX_FRAGMENT - 1);
  // Never leave half of a surrogate pair (an emoji, a rare CJK character) at the cut.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Finds links and gambling terms in untrusted free text; `suspicious` when there is any. */
export function screenText(text: string): Screening {
  const normalised = normaliseText(text);
  const spans = [...findLinks(normalised), ...findGamblingTerms(normalised)].sort((a, b) => a.start - b.start || b.end - a.end);
  const fragments: string[] = [];
  let coveredUntil = -1;
  for (const span of spans) {
    // A term inside a link already reported ("https://baucua.vn") adds nothing.
    if (span.end <= coveredUntil) continue;
    coveredUntil = Math.max(coveredUntil, span.end);
    const fragment = shorten(normalised.slice(span.start, span.end));
    if (!fragments.includes(fragment)) fragments.push(fragment);
  }
  return { suspicious: fragments.length > 0, fragments };
}
