import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { certificatesSchema, mergeSchema } from '../../domain/conference.ts';
import { amendmentSchema, appraisalSchema, decisionActionSchema } from '../../domain/council.ts';
import { campaignSchema } from '../../domain/cycle.ts';
import { reportContentSchema } from '../../domain/report.ts';
import { extensionSchema } from '../../domain/round.ts';
import { excuseSchema, overrideSchema } from '../../domain/rotation.ts';
import { adjustmentSchema, vetoSchema } from '../../domain/scoringActions.ts';

// Every free-text field of every human action, with whether it is one line (references, names,
// titles: a line break there could forge a row of a printed table or a header) or several
// (reasons, notes, narratives). Each refuses NUL and escape sequences; only one-line fields refuse
// line breaks. A new text field belongs in this table.

const REASON = 'Mưa lũ làm gián đoạn giao thông kéo dài';
const certificate = {
  recipient: 'Trường Tiểu học Quài Cang',
  kind: 'collective',
  unit: 'TGI',
  achievement: 'Hoàn thành xuất sắc nhiệm vụ năm học',
};

type Field = [name: string, lines: 'one' | 'multi', schema: z.ZodType, build: (text: string) => unknown];
const FIELDS: Field[] = [
  [
    'extension reason',
    'multi',
    extensionSchema,
    (reason) => ({ actor: 'snv.ha', units: ['TGI'], until: '2018-07-20T17:00:00+07:00', reason }),
  ],
  ['adjustment reason', 'multi', adjustmentSchema, (reason) => ({ actor: 'snv.ha', unit: 'TGI', points: 1, reason })],
  [
    'veto reference',
    'one',
    vetoSchema,
    (reference) => ({ actor: 'snv.ha', unit: 'TGI', source: 'tax', reference, description: 'Chậm nộp thuế kéo dài' }),
  ],
  [
    'veto description',
    'multi',
    vetoSchema,
    (description) => ({ actor: 'snv.ha', unit: 'TGI', source: 'tax', reference: 'Công văn 12/CT-TTHT', description }),
  ],
  [
    'appraisal reason',
    'multi',
    appraisalSchema,
    (reason) => ({ actor: 'snv.ha', nomination: 'DB-VT:flag:TGI', verdict: 'return', reason }),
  ],
  ['decision reason', 'multi', decisionActionSchema, (reason) => ({ actor: 'ubnd.chutich', action: 'revoke', reason })],
  ['amendment note', 'multi', amendmentSchema, (note) => ({ actor: 'dbi.binh', note })],
  [
    'merge reason',
    'multi',
    mergeSchema,
    (reason) => ({ actor: 'snv.ha', unit: 'MLA', into: 'DBP', on: '2025-07-01', openTasks: 'close', reason }),
  ],
  ['override reason', 'multi', overrideSchema, (reason) => ({ actor: 'snv.ha', chair: 'MAN', deputy: 'MLA', reason })],
  ['excuse reason', 'multi', excuseSchema, (reason) => ({ actor: 'snv.ha', unit: 'DBP', reason })],
  [
    'certificate recipient',
    'one',
    certificatesSchema,
    (recipient) => ({ actor: 'dbi.binh', certificates: [{ ...certificate, recipient }] }),
  ],
  [
    'certificate achievement',
    'multi',
    certificatesSchema,
    (achievement) => ({ actor: 'dbi.binh', certificates: [{ ...certificate, achievement }] }),
  ],
  ['campaign title', 'one', campaignSchema, (title) => ({ code: 'PT-2018', title })],
  ['report narrative', 'multi', reportContentSchema, (narrative) => ({ narrative })],
  ['report figure as text', 'one', reportContentSchema, (text) => ({ narrative: 'Sơ kết.', figures: { 'tiến độ': text } })],
];

const messages = (schema: z.ZodType, input: unknown) => schema.safeParse(input).error?.issues.map((i) => i.message) ?? [];

describe('free-text fields', () => {
  it.each(FIELDS)('%s (%s line) takes clean text', (_name, _lines, schema, build) => {
    expect(messages(schema, build(REASON))).toEqual([]);
  });

  it.each(FIELDS)('%s (%s line) refuses NUL and escape sequences', (_name, _lines, schema, build) => {
    expect(messages(schema, build(`${REASON}\u0000`)).join()).toContain('NUL character');
    expect(messages(schema, build(`\u001b[31m${REASON}`)).join()).toContain('control character (U+001B)');
  });

  it.each(FIELDS)('%s (%s line) refuses or keeps a line break as its kind says', (_name, lines, schema, build) => {
    const forged = `Bổ sung\n13:31:00 ngày 02/12/2026  dbi.binh  score.adjusted`;
    const problems = messages(schema, build(forged)).join();
    if (lines === 'one') expect(problems).toContain('must be one line');
    else expect(problems).toBe('');
  });

  it('covers every kind', () => {
    expect(FIELDS.filter(([, lines]) => lines === 'one').length).toBe(4);
    expect(FIELDS.length).toBe(15);
  });
});
