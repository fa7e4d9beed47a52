import type { CrossScoreProblem } from '../domain/crossScore.ts';
import type { ReportProblem } from '../domain/report.ts';
import type { Lang, Translate } from './i18n.ts';

// The domain's problems with what a participant sent (a report and its self-score, cross-score
// sheets) in the page's language: the domain gives each as data (a code and the values it names)
// beside its English line, which the CLI and the validators print.

/** Points as the page's language writes them: 9,5 in Vietnamese, 9.5 in English. */
function points(value: number, lang: Lang): string {
  return value.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 });
}

/** A problem of the domain's check in the page's language; one the page does not know keeps the domain's words. */
export function problemWords(problem: ReportProblem | CrossScoreProblem, t: Translate, lang: Lang): string {
  const n = (value: number) => points(value, lang);
  switch (problem.code) {
    case 'missingCriterion':
      return t('problem_missingCriterion', { item: problem.item, title: problem.title });
    case 'unknownCode':
      return t('problem_unknownCode', { item: problem.item, version: problem.version });
    case 'overMax':
      return t('problem_overMax', { item: problem.item, value: n(problem.value), max: n(problem.max) });
    case 'bonusOverCap':
      return t('problem_bonusOverCap', { sum: n(problem.sum), cap: n(problem.cap) });
    case 'penaltiesOverCap':
      return t('problem_penaltiesOverCap', { sum: n(problem.sum), cap: n(problem.cap) });
    case 'unknownEvidence':
      return t('problem_unknownEvidence', { item: problem.item, version: problem.version });
    case 'totalDiffers':
      return t('problem_totalDiffers', { given: n(problem.given), computed: n(problem.computed), difference: n(problem.difference) });
    case 'tooLarge':
      return t('problem_tooLarge', { bytes: n(problem.bytes), limit: n(problem.limit) });
    case 'unknownPeriod':
      return t('unknownTask');
    case 'selfScoreRequired':
      return t('problem_selfScoreRequired');
    case 'noRubric':
      return t('problem_noRubric');
    case 'selfScoreNotThisPeriod':
      return t('problem_selfScoreNotThisPeriod');
    case 'narrativeBlank':
      return t('problem_narrativeBlank');
    case 'narrativeTooLong':
      return t('problem_narrativeTooLong', { max: n(problem.max) });
    case 'unstorableText':
      return t('problem_unstorableText', { char: problem.char, position: problem.position });
    case 'pointsNegative':
      return t('problem_pointsNegative');
    case 'pointsDecimals':
      return t('problem_pointsDecimals');
    case 'selfScoring':
      return t('problem_selfScoring', { unit: problem.unit });
    case 'notMember':
      return t('problem_notMember', { unit: problem.unit });
    case 'missingSheets':
      return t('problem_missingSheets', { units: problem.units.join(', ') });
    case 'schema':
      return t('problem_other', { message: problem.message });
  }
}
