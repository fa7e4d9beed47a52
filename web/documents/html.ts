import { html } from 'hono/html';
import type { Markup } from '../layout.ts';
import { MOTTO, NATIONAL_NAME, type Block, type DocumentLayout, type Run, type Signer } from './layout.ts';

// A document's layout (layout.ts) as the printable page's article: the same header, number, date
// line, title, body and signature block as its PDF (pdf.ts), every text escaped by hono/html.
// The look (two header columns, the signature on the right) is web/static/app.css's.

const lines = (text: string) =>
  text.split('\n').map((line, i) =>
    i === 0
      ? line
      : html`<br>
${line}`,
  );

function inline(runs: Run[]) {
  return runs.map((r) => {
    const text = lines(r.text);
    const bold = r.bold ? html`<strong>${text}</strong>` : html`${text}`;
    return r.italics ? html`<em>${bold}</em>` : bold;
  });
}

function blockOf(block: Block): Markup {
  if (block.kind === 'heading') return html`<h3>${block.text}</h3>`;
  if (block.kind === 'paragraph') return html`<p${block.preformatted ? html` class="pre-wrap"` : ''}>${inline(block.runs)}</p>`;
  return html`<table>
${block.rows.map(
  (row) =>
    html`<tr>${row.cells.map((cell) => {
      const span = cell.colspan > 1 ? html` colspan="${cell.colspan}"` : '';
      return row.header ? html`<th scope="col"${span}>${inline(cell.runs)}</th>` : html`<td${span}>${inline(cell.runs)}</td>`;
    })}</tr>
`,
)}</table>`;
}

function signerOf(signer: Signer) {
  return html`<strong>${lines(signer.lines.join('\n'))}</strong><span class="signature-space"></span>${signer.name ? html`<strong>${signer.name}</strong>` : ''}`;
}

/** The document's content for the printable page (inside its `article.document`). */
export function documentHtml(layout: DocumentLayout): Markup {
  return html`<div class="doc-header">
<p class="issuer">${layout.issuer.map((line, i) => (i === 0 ? line : html`<br><strong>${line}</strong>`))}${
    layout.number ? html`<br><span class="number">Số: ${layout.number}</span>` : ''
  }</p>
<p class="motto"><strong>${NATIONAL_NAME}</strong><br><strong class="underlined">${MOTTO}</strong><br><em>${layout.dateLine}</em></p>
</div>
<h2 class="center">${layout.title}</h2>
${layout.subject ? html`<p class="center"><strong>${layout.subject}</strong></p>` : ''}
${layout.body.map(
  (block) => html`${blockOf(block)}
`,
)}<div class="signers">
${layout.signers.map(
  (s) => html`<p${layout.signers.length === 1 ? html` class="right"` : ''}>${signerOf(s)}</p>
`,
)}</div>`;
}
