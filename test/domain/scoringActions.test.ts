import { describe, expect, it } from 'vitest';
import { PHASES } from '../../domain/cycle.ts';
import { checkAdjustment, checkLeadersDecision, MAX_ADJUSTMENTS_PER_UNIT, type ScoringGate } from '../../domain/scoringActions.ts';

// The bound on adjustments per unit: it keeps a dispute from rewriting a score without end, and
// the cycle's history from growing without bound.

const gate: ScoringGate = {
  cycleId: 'cycle/DB-VT/2018',
  phase: PHASES.consolidation,
  scores: true,
  members: ['TGI', 'DBI', 'MAN', 'DBP', 'MLA'],
  chair: { unit: 'DBI', representative: 'dbi.binh' },
  deputy: { unit: 'MAN', representative: 'man.hoa' },
  secretariat: ['snv.ha'],
  vetoes: [],
  flagCandidates: [],
};
const adjustment = { actor: 'snv.ha', unit: 'MLA', points: 0.5, reason: 'Bổ sung minh chứng mô hình dân vận khéo' };

describe('adjustments per unit', () => {
  it('are taken up to the bound, for each unit separately', () => {
    expect(checkAdjustment(gate, adjustment)).toBeUndefined();
    expect(checkAdjustment({ ...gate, adjusted: { MLA: MAX_ADJUSTMENTS_PER_UNIT - 1 } }, adjustment)).toBeUndefined();
    expect(checkAdjustment({ ...gate, adjusted: { TGI: MAX_ADJUSTMENTS_PER_UNIT } }, adjustment)).toBeUndefined();
  });

  it('are refused past it, saying so', () => {
    const refusal = checkAdjustment({ ...gate, adjusted: { MLA: MAX_ADJUSTMENTS_PER_UNIT } }, adjustment);
    expect(refusal).toEqual({ code: 'Duplicate', message: expect.stringContaining(`adjusted ${MAX_ADJUSTMENTS_PER_UNIT} times already`) });
  });

  it('still check the person and the phase first', () => {
    expect(checkAdjustment({ ...gate, adjusted: { MLA: 99 } }, { ...adjustment, actor: 'mla.hung' })?.code).toBe('NotAuthorised');
    expect(checkAdjustment({ ...gate, phase: PHASES.ballot, adjusted: { MLA: 99 } }, adjustment)?.code).toBe('RoundClosed');
  });
});

describe("the chair and the deputy's flag decision", () => {
  const decision = { actor: 'dbi.binh', flag: 'TGI' };
  const leaders = { ...gate, phase: PHASES.leadersDecide, flagCandidates: ['TGI', 'DBI'] };

  it('is taken while the ballot rounds leave the flag undecided', () => {
    expect(checkLeadersDecision(leaders, decision)).toBeUndefined();
    expect(checkLeadersDecision({ ...gate, phase: PHASES.ballot }, decision)).toEqual({
      code: 'RoundNotOpen',
      message: expect.stringContaining('only when the ballot rounds left it undecided'),
    });
  });

  it('is refused as done already once the flag is settled, naming the nominee and how', () => {
    const cases: [ScoringGate['flagSettled'], string][] = [
      [{ nominee: 'TGI', by: 'ballot', round: 1 }, 'TGI (elected by ballot round 1)'],
      [{ nominee: 'DBI', by: 'chair-and-deputy' }, 'DBI (decided by the chair and the deputy)'],
      [{ nominee: 'none', by: 'nobody' }, 'none (no unit gets the flag this year)'],
    ];
    // Settled in the ballot phase (a second round still open for certificates), in leaders-decide, and long after.
    for (const phase of [PHASES.ballot, PHASES.leadersDecide, PHASES.awarded]) {
      for (const [flagSettled, named] of cases) {
        expect(checkLeadersDecision({ ...leaders, phase, flagSettled }, decision)).toEqual({
          code: 'Duplicate',
          message: `the flag nominee of cycle/DB-VT/2018 is already settled: ${named}`,
        });
      }
    }
    expect(checkLeadersDecision({ ...leaders, flagSettled: cases[0]![0] }, { ...decision, actor: 'tgi.tuan' })?.code).toBe('NotAuthorised');
  });
});
