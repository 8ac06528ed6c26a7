import { ReviewCriterion } from '../calls/call.entity';
import { FieldProblem } from '../common/errors/domain-error';

export interface ReviewContent {
  scores: Readonly<Record<string, unknown>>;
  recommendation: string | null;
}

/**
 * The problems of a review against the call's criteria, every one at once, each naming its field: an unknown
 * criterion, a score that is not an integer from 1 to the criterion's scale, and, for a submission (`complete`), a
 * criterion without a score and a missing recommendation. A draft may leave scores out, never get one wrong.
 */
export function reviewProblems(criteria: readonly ReviewCriterion[], review: ReviewContent, complete: boolean): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const known = new Map(criteria.map((criterion) => [criterion.key, criterion]));
  for (const [key, score] of Object.entries(review.scores)) {
    const criterion = known.get(key);
    if (!criterion) problems.push({ field: `scores.${key}`, message: `the call has no criterion ${JSON.stringify(key)}` });
    else if (!Number.isInteger(score) || (score as number) < 1 || (score as number) > criterion.scaleMax)
      problems.push({ field: `scores.${key}`, message: `the score must be an integer from 1 to ${criterion.scaleMax}` });
  }
  if (complete) {
    for (const criterion of criteria)
      if (!Object.hasOwn(review.scores, criterion.key))
        problems.push({ field: `scores.${criterion.key}`, message: `the score for “${criterion.label}” is missing` });
    if (review.recommendation === null) problems.push({ field: 'recommendation', message: 'the recommendation is missing' });
  }
  return problems;
}
