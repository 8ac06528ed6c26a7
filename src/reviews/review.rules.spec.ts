import { reviewProblems } from './review.rules';

const CRITERIA = [
  { key: 'excellence', label: 'Scientific excellence', weight: 0.6, scaleMax: 5 },
  { key: 'collaboration', label: 'Added value of the collaboration', weight: 0.4, scaleMax: 10 },
];

describe(reviewProblems.name, () => {
  it.each([
    ['a complete review', { excellence: 5, collaboration: 10 }, 'FUND', true, []],
    ['the lowest scores', { excellence: 1, collaboration: 1 }, 'DO_NOT_FUND', true, []],
    ['a draft with some scores and no recommendation', { excellence: 3 }, null, false, []],
    ['an empty draft', {}, null, false, []],
    [
      'a submission without scores or recommendation',
      {},
      null,
      true,
      [
        { field: 'scores.excellence', message: 'the score for “Scientific excellence” is missing' },
        { field: 'scores.collaboration', message: 'the score for “Added value of the collaboration” is missing' },
        { field: 'recommendation', message: 'the recommendation is missing' },
      ],
    ],
    [
      'scores out of range, not integers or not numbers, and an unknown criterion, in a draft',
      { excellence: 6, collaboration: 2.5, impact: 3 },
      null,
      false,
      [
        { field: 'scores.excellence', message: 'the score must be an integer from 1 to 5' },
        { field: 'scores.collaboration', message: 'the score must be an integer from 1 to 10' },
        { field: 'scores.impact', message: 'the call has no criterion "impact"' },
      ],
    ],
    [
      'zero, a string, null and a huge number',
      { excellence: 0, collaboration: '7' },
      'FUND',
      true,
      [
        { field: 'scores.excellence', message: 'the score must be an integer from 1 to 5' },
        { field: 'scores.collaboration', message: 'the score must be an integer from 1 to 10' },
      ],
    ],
    [
      'null and 1e19',
      { excellence: null, collaboration: 1e19 },
      'FUND',
      false,
      [
        { field: 'scores.excellence', message: 'the score must be an integer from 1 to 5' },
        { field: 'scores.collaboration', message: 'the score must be an integer from 1 to 10' },
      ],
    ],
  ] as const)('%s', (_name, scores, recommendation, complete, problems) => {
    expect(reviewProblems(CRITERIA, { scores, recommendation }, complete)).toEqual(problems);
  });
});
