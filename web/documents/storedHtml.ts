// The stored documents' HTML (activities/documents.ts renders it with an escaping template) read
// back into a small tree: elements with their attributes and children, and text with its
// entities decoded. It reads the handful of tags those templates write (p, h1–h5, table, tr, th,
// td, strong, em, br) and tolerates anything else: an unknown tag keeps its children, an element
// left open closes with its parent, a stray closing tag is ignored, comments and the head are
// skipped. It is no general HTML parser, and needs none: the input is our own template's output.

export interface Element {
  tag: string;
  attrs: Record<string, string>;
  children: Node[];
}
export type Node = Element | string;

const VOID = new Set(['br', 'meta', 'link', 'img', 'hr', 'input']);
/** Elements whose content is not the document's text. */
const SKIPPED = new Set(['head', 'style', 'script', 'title']);

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}

function attributesOf(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of source.matchAll(/([a-z][\w-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/gi)) {
    attrs[m[1]!.toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

/** The stored page's body as a tree (the whole input when it has no body element). */
export function parseStoredHtml(source: string): Element {
  const root: Element = { tag: 'body', attrs: {}, children: [] };
  const open: Element[] = [root];
  let skipping: string | undefined;
  const token = /<!--[\s\S]*?-->|<!doctype[^>]*>|<(\/?)([a-z][a-z0-9]*)([^>]*)>|([^<]+|<)/gi;
  for (const [whole, closing, name, rest, text] of source.matchAll(token)) {
    const current = open.at(-1)!;
    if (text !== undefined) {
      if (!skipping) current.children.push(decodeEntities(text));
      continue;
    }
    if (!name || whole.startsWith('<!')) continue;
    const tag = name.toLowerCase();
    if (skipping) {
      if (closing && tag === skipping) skipping = undefined;
      continue;
    }
    if (tag === 'html' || tag === 'body') continue;
    if (closing) {
      const at = open.findLastIndex((e) => e.tag === tag);
      if (at > 0) open.length = at;
      continue;
    }
    if (SKIPPED.has(tag)) {
      if (!rest?.endsWith('/')) skipping = tag;
      continue;
    }
    const element: Element = { tag, attrs: attributesOf(rest ?? ''), children: [] };
    current.children.push(element);
    if (!VOID.has(tag) && !rest?.endsWith('/')) open.push(element);
  }
  return root;
}

export function isElement(node: Node): node is Element {
  return typeof node !== 'string';
}

/** The element's children that are elements (the whitespace between them dropped). */
export function elementsOf(element: Element): Element[] {
  return element.children.filter(isElement);
}

/** The element's text, a line break for every br, its whitespace runs kept as they are. */
export function textOf(node: Node): string {
  if (!isElement(node)) return node;
  if (node.tag === 'br') return '\n';
  return node.children.map(textOf).join('');
}
