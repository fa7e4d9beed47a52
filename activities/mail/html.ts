import { escapeHtml } from '../../domain/text.ts';

// A tagged template that escapes every interpolated value, so a template cannot forget to: names
// and titles come from reference data and participants, and must never become markup.

const SAFE = Symbol('safe html');
export interface SafeHtml {
  [SAFE]: true;
  value: string;
}

function isSafe(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && SAFE in value;
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    const parts = Array.isArray(value) ? value : [value];
    out += parts.map((part) => (isSafe(part) ? part.value : escapeHtml(String(part)))).join('');
    out += strings[i + 1] ?? '';
  });
  return { [SAFE]: true, value: out };
}
