import type { DocumentRecord } from '../../db/queries/documents.ts';
import { formatVietnamDate } from '../../domain/time.ts';
import { elementsOf, isElement, parseStoredHtml, textOf, type Element, type Node } from './storedHtml.ts';

// A stored document laid out as the administrative document it is (the form of Nghị định
// 30/2020/NĐ-CP): the issuing body on the left and the national motto on the right, the number
// under the issuing body and the place-and-date line under the motto, the title (the kind of
// document and what it is about), the body, and the signature block. Built once from the stored
// row (its HTML, its origin and number from db/queries/documents.ts), then rendered as the
// printable page (html.ts) and as PDF (pdf.ts), so that both say the same.

export const NATIONAL_NAME = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const MOTTO = 'Độc lập - Tự do - Hạnh phúc';

export interface Run {
  text: string;
  bold?: boolean;
  italics?: boolean;
}

export interface Cell {
  runs: Run[];
  colspan: number;
}

export type Block =
  | { kind: 'heading'; text: string }
  /** `preformatted`: the text's own line breaks are kept (a unit's achievement report). */
  | { kind: 'paragraph'; runs: Run[]; preformatted: boolean }
  | { kind: 'table'; rows: { header: boolean; cells: Cell[] }[] };

export interface Signer {
  /** The signer's capacity, one line each (`CHỦ TỊCH`). */
  lines: string[];
  /** Their name under the space for the signature, when the record holds it. */
  name?: string;
}

export interface DocumentLayout {
  id: string;
  kind: DocumentRecord['kind'];
  /** The issuing body, one line each, upper case. */
  issuer: string[];
  /** `Số: …`, for the documents that are numbered (decisions, revocations). */
  number?: string;
  /** `Điện Biên, ngày 05 tháng 12 năm 2018`. */
  dateLine: string;
  /** The kind of document in capitals (`QUYẾT ĐỊNH`), then what it is about. */
  title: string;
  subject?: string;
  body: Block[];
  signers: Signer[];
}

const upper = (text: string) => text.normalize('NFC').toLocaleUpperCase('vi');

function issuerOf(doc: DocumentRecord): string[] {
  const province = upper(doc.province);
  if (doc.kind === 'submission') return [`UBND TỈNH ${province}`, upper(doc.cluster_name ?? '')].filter(Boolean);
  if (doc.kind === 'minutes') return [`UBND TỈNH ${province}`, 'HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG'];
  return ['ỦY BAN NHÂN DÂN', `TỈNH ${province}`];
}

function dateLineOf(doc: DocumentRecord): string {
  const [day, month, year] = formatVietnamDate(doc.created_at.getTime()).split('/');
  return `${doc.province.normalize('NFC')}, ngày ${day} tháng ${month} năm ${year}`;
}

/** The inline text of a paragraph or cell: bold and italics kept, line breaks from br, whitespace runs collapsed unless kept. */
function runsOf(node: Node, keepWhitespace: boolean, style: Omit<Run, 'text'> = {}): Run[] {
  if (!isElement(node)) {
    const text = (keepWhitespace ? node : node.replace(/\s+/g, ' ')).normalize('NFC');
    return text ? [{ text, ...style }] : [];
  }
  if (node.tag === 'br') return [{ text: '\n', ...style }];
  const inner = {
    ...style,
    ...(node.tag === 'strong' || node.tag === 'b' ? { bold: true } : {}),
    ...(node.tag === 'em' || node.tag === 'i' ? { italics: true } : {}),
  };
  return node.children.flatMap((child) => runsOf(child, keepWhitespace, inner));
}

/** Runs with the whitespace at the paragraph's two ends (and around its line breaks) trimmed, neighbours of one style merged. */
function tidy(runs: Run[], keepWhitespace: boolean): Run[] {
  const merged: Run[] = [];
  for (const run of runs) {
    const last = merged.at(-1);
    if (last && !!last.bold === !!run.bold && !!last.italics === !!run.italics) last.text += run.text;
    else merged.push({ ...run });
  }
  if (!keepWhitespace) for (const run of merged) run.text = run.text.replace(/ *\n */g, '\n');
  if (merged[0]) merged[0].text = merged[0].text.trimStart();
  if (merged.at(-1)) merged.at(-1)!.text = merged.at(-1)!.text.trimEnd();
  return merged.filter((r) => r.text);
}

const isPreformatted = (e: Element) => /white-space:\s*pre-wrap/i.test(e.attrs.style ?? '');
const isRight = (e: Element) => /text-align:\s*right/i.test(e.attrs.style ?? '');
const plain = (e: Element) => textOf(e).replace(/\s+/g, ' ').trim().normalize('NFC');

function blockOf(e: Element): Block | undefined {
  if (/^h[1-6]$/.test(e.tag)) return { kind: 'heading', text: plain(e) };
  if (e.tag === 'table') {
    const rows = elementsOf(e)
      .flatMap((child) => (child.tag === 'tr' ? [child] : elementsOf(child).filter((r) => r.tag === 'tr')))
      .map((tr) => {
        const cells = elementsOf(tr).filter((c) => c.tag === 'td' || c.tag === 'th');
        return {
          header: cells.length > 0 && cells.every((c) => c.tag === 'th'),
          cells: cells.map((c) => ({ runs: tidy(runsOf(c, false), false), colspan: Math.max(1, Number(c.attrs.colspan) || 1) })),
        };
      })
      .filter((row) => row.cells.length > 0);
    return rows.length ? { kind: 'table', rows } : undefined;
  }
  const keep = isPreformatted(e);
  const runs = tidy(runsOf(e, keep), keep);
  return runs.length ? { kind: 'paragraph', runs, preformatted: keep } : undefined;
}

/**
 * The layout of a stored document. The stored page holds, in order: the motto (replaced here by
 * the standard header), for a decision its issuing body and number and its place and date (taken
 * from the record instead), the title (h1) and its subject line, the body, and for a decision the
 * chair's signature (right-aligned, capacity then name), which becomes the signature block.
 */
export function layoutOf(doc: DocumentRecord): DocumentLayout {
  const elements = elementsOf(parseStoredHtml(doc.html));
  const titleAt = elements.findIndex((e) => e.tag === 'h1');
  // Without a title (never written so), everything but the motto is the body.
  const afterTitle = titleAt >= 0 ? elements.slice(titleAt + 1) : elements.filter((e) => !plain(e).includes('XÃ HỘI CHỦ NGHĨA'));
  const subjectElement = afterTitle[0]?.tag === 'p' && afterTitle[0].attrs.class === 'center' ? afterTitle[0] : undefined;
  let body = afterTitle.slice(subjectElement ? 1 : 0);

  let signers: Signer[];
  const last = body.at(-1);
  if (last && last.tag === 'p' && isRight(last)) {
    const lines = textOf(last)
      .split('\n')
      .map((l) => l.trim().normalize('NFC'))
      .filter(Boolean);
    signers = [{ lines: lines.slice(0, 1), ...(lines.length > 1 ? { name: lines.at(-1)! } : {}) }];
    body = body.slice(0, -1);
  } else if (doc.kind === 'submission') {
    signers = [{ lines: ['TRƯỞNG CỤM'], ...(doc.chair_unit_name ? { name: doc.chair_unit_name.normalize('NFC') } : {}) }];
  } else if (doc.kind === 'minutes') {
    signers = [{ lines: ['THƯ KÝ'] }, { lines: ['CHỦ TRÌ'] }];
  } else {
    signers = [{ lines: ['CHỦ TỊCH'] }];
  }

  return {
    id: doc.id,
    kind: doc.kind,
    issuer: issuerOf(doc),
    ...(doc.number ? { number: doc.number } : {}),
    dateLine: dateLineOf(doc),
    title: titleAt >= 0 ? plain(elements[titleAt]!) : upper(doc.title),
    ...(subjectElement ? { subject: plain(subjectElement) } : {}),
    body: body.map(blockOf).filter((b): b is Block => b !== undefined),
    signers,
  };
}
