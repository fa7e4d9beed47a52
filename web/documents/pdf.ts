import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import pdfmake from 'pdfmake';
import { MOTTO, NATIONAL_NAME, type Block, type DocumentLayout, type Run, type Signer } from './layout.ts';

// A document's layout (layout.ts) as an A4 PDF, made in the server's process by pdfmake 0.3 (no
// browser): the two-column header (issuing body and number | motto and place-and-date), the
// title, the body and the signature block, in DejaVu Serif, whose glyphs cover Vietnamese with
// its stacked marks (Ộ, ệ). The fonts come from npm's dejavu-fonts-ttf, read once into pdfmake's
// in-memory file system, and pdfmake may read nothing else: no local file, no URL.

const FONT = 'DejaVuSerif';
const FONT_FILES = {
  normal: 'DejaVuSerif.ttf',
  bold: 'DejaVuSerif-Bold.ttf',
  italics: 'DejaVuSerif-Italic.ttf',
  bolditalics: 'DejaVuSerif-BoldItalic.ttf',
};
const fontDir = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
for (const file of Object.values(FONT_FILES)) pdfmake.virtualfs.writeFileSync(file, readFileSync(path.join(fontDir, file)));
pdfmake.setFonts({ [FONT]: FONT_FILES });
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy(() => false);

/** A4 with the margins of Nghị định 30/2020 (left 3 cm, the others 2 cm), in points. */
const MARGINS = [85, 57, 57, 57];
const WIDTH = 595.28 - MARGINS[0]! - MARGINS[2]!;
const HEADER_LEFT = 0.42;

/** A short centred rule under the issuing body and under the motto. */
function rule(width: number) {
  return { canvas: [{ type: 'line', x1: 0, y1: 2, x2: width, y2: 2, lineWidth: 0.6 }], margin: [0, 0, 0, 4] };
}

const inline = (runs: Run[]) => runs.map((r) => ({ text: r.text, bold: !!r.bold, italics: !!r.italics }));

/** Short columns (a number, an amount) as wide as their text, the others sharing what is left. */
function columnWidths(table: Extract<Block, { kind: 'table' }>, columns: number): string[] {
  const longest = Array<number>(columns).fill(0);
  for (const row of table.rows) {
    let column = 0;
    for (const cell of row.cells) {
      const length = cell.runs.reduce((n, r) => n + r.text.length, 0);
      if (cell.colspan === 1 && column < columns) longest[column] = Math.max(longest[column]!, length);
      column += cell.colspan;
    }
  }
  return longest.map((length) => (length <= 16 ? 'auto' : '*'));
}

function blockOf(block: Block) {
  if (block.kind === 'heading') return { text: block.text, bold: true, margin: [0, 8, 0, 4] };
  if (block.kind === 'paragraph')
    return {
      text: inline(block.runs),
      alignment: block.preformatted ? 'left' : 'justify',
      preserveLeadingSpaces: block.preformatted,
      margin: [0, 0, 0, 6],
    };
  const columns = Math.max(...block.rows.map((row) => row.cells.reduce((n, c) => n + c.colspan, 0)));
  const body = block.rows.map((row) => {
    const cells: Record<string, unknown>[] = [];
    for (const cell of row.cells) {
      cells.push({ text: inline(cell.runs), colSpan: cell.colspan, bold: row.header });
      for (let i = 1; i < cell.colspan; i++) cells.push({});
    }
    while (cells.length < columns) cells.push({});
    return cells;
  });
  return {
    table: { headerRows: block.rows[0]?.header ? 1 : 0, widths: columnWidths(block, columns), body },
    fontSize: columns > 6 ? 8 : 10,
    margin: [0, 2, 0, 8],
  };
}

function signerOf(signer: Signer) {
  return {
    width: '*',
    alignment: 'center',
    stack: [...signer.lines.map((line) => ({ text: line, bold: true })), { text: signer.name ?? ' ', bold: true, margin: [0, 56, 0, 0] }],
  };
}

/** The PDF definition of a layout (pdfmake's document definition). */
export function pdfDefinition(layout: DocumentLayout): Record<string, unknown> {
  const left = WIDTH * HEADER_LEFT;
  const right = WIDTH - left;
  const signers = layout.signers.map(signerOf);
  return {
    pageSize: 'A4',
    pageMargins: MARGINS,
    info: { title: layout.title + (layout.subject ? ` – ${layout.subject}` : ''), author: layout.issuer.join(' '), creator: 'tdkt' },
    defaultStyle: { font: FONT, fontSize: 12, lineHeight: 1.15 },
    footer: (page: number, pages: number) => (pages > 1 ? { text: `${page}/${pages}`, alignment: 'center', fontSize: 9 } : null),
    content: [
      {
        columns: [
          {
            width: left,
            alignment: 'center',
            fontSize: 10,
            stack: [
              ...layout.issuer.map((line, i) => ({ text: line, bold: i === layout.issuer.length - 1 })),
              rule(left * 0.4),
              ...(layout.number ? [{ text: `Số: ${layout.number}`, fontSize: 11 }] : []),
            ],
          },
          {
            width: right,
            alignment: 'center',
            fontSize: 10.5,
            stack: [
              { text: NATIONAL_NAME, bold: true },
              { text: MOTTO, bold: true, fontSize: 11.5 },
              rule(right * 0.55),
              { text: layout.dateLine, italics: true, fontSize: 11 },
            ],
          },
        ],
        columnGap: 0,
      },
      { text: layout.title, bold: true, fontSize: 14, alignment: 'center', margin: [0, 24, 0, 2] },
      ...(layout.subject ? [{ text: layout.subject, bold: true, alignment: 'center', margin: [0, 0, 0, 14] }] : []),
      ...layout.body.map(blockOf),
      {
        columns: signers.length > 1 ? signers : [{ width: '*', text: '' }, signers[0]],
        margin: [0, 16, 0, 0],
        unbreakable: true,
      },
    ],
  };
}

/** The document as PDF bytes. */
export async function documentPdf(layout: DocumentLayout): Promise<Buffer> {
  return pdfmake.createPdf(pdfDefinition(layout)).getBuffer();
}

/** The file name a document's PDF is saved under: its number (`7/QĐ-UBND` → `7-QĐ-UBND.pdf`), or its id's for the unnumbered. */
function fileNameOf(layout: DocumentLayout): string {
  return `${(layout.number ?? layout.id).replace(/[^\p{L}\p{N}._-]+/gu, '-')}.pdf`;
}

/** The PDF as an HTTP answer: a download named for the document, with an ASCII name for old clients. */
export async function pdfResponse(layout: DocumentLayout): Promise<Response> {
  const name = fileNameOf(layout);
  const ascii = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, (d) => (d === 'đ' ? 'd' : 'D'))
    .replace(/[^\x20-\x7e]/g, '_');
  return new Response(new Uint8Array(await documentPdf(layout)), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'Cache-Control': 'private, no-store',
    },
  });
}
