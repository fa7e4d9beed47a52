// TGI's illustrative year-end self-score on the seed rubric (DOMAIN.md): 93.5 on the criteria + 2
// bonus = 95.5, with values below the maxima, for tests of the report and round rules.
export const TGI_SELF_SCORE = {
  criteria: {
    A1: 9.5,
    A2: 7,
    A3: 6,
    A4: 4.5,
    A5: 5,
    B1: 5.5,
    B2: 4.5,
    B3: 5,
    B4: 4,
    C1: 4,
    C2: 5.5,
    D1: 5,
    D2: 3.5,
    D3: 3,
    D4: 3,
    E1: 5,
    E2: 5,
    E3: 3.5,
    E4: 2.5,
    E5: 2.5,
  },
  bonus: { T1: 2 },
  evidence: { T1: 'Quyết định số 123/QĐ-UBND công nhận sáng kiến' },
  total: 95.5,
};
