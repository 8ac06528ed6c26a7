import fc from 'fast-check';
import { AssignmentProblem, candidatePairs, InvalidAssignmentProblem } from './assignment-problem';
import { bruteForceOptimum, generateInstance } from './instances.testing';
import { planViolations } from './plan-check';
import { solveAssignment } from './solve-assignment';

/** Small instances of every shape: one or two agencies, kept reviews, caps down to zero, sparse candidates. */
const smallProblem = (max: { proposals: number; reviewers: number }) =>
  fc
    .record({
      agencyCount: fc.integer({ min: 1, max: 2 }),
      minReviews: fc.integer({ min: 0, max: 3 }),
      proposals: fc.integer({ min: 1, max: max.proposals }),
      reviewers: fc.integer({ min: 1, max: max.reviewers }),
    })
    .chain(({ agencyCount, minReviews, proposals, reviewers }) =>
      fc.record({
        agencyCount: fc.constant(agencyCount),
        minReviews: fc.constant(minReviews),
        proposals: fc.array(
          fc.record({ kept: fc.array(fc.record({ agency: fc.integer({ min: 0, max: agencyCount - 1 }) }), { maxLength: 2 }) }),
          { minLength: proposals, maxLength: proposals },
        ),
        reviewers: fc.array(fc.record({ agency: fc.integer({ min: 0, max: agencyCount - 1 }), capacity: fc.integer({ min: 0, max: 3 }) }), {
          minLength: reviewers,
          maxLength: reviewers,
        }),
        pairs: fc.uniqueArray(
          fc.record({
            proposal: fc.integer({ min: 0, max: proposals - 1 }),
            reviewer: fc.integer({ min: 0, max: reviewers - 1 }),
            fit: fc.integer({ min: 0, max: 100 }).map((f) => f / 10),
          }),
          { selector: (c) => `${c.proposal}:${c.reviewer}`, maxLength: proposals * reviewers },
        ),
      }),
    )
    .map((x): AssignmentProblem => ({
      agencyCount: x.agencyCount,
      minReviews: x.minReviews,
      proposals: x.proposals,
      reviewers: x.reviewers,
      candidates: candidatePairs(x.pairs),
    }));

describe(solveAssignment.name, () => {
  it('finds the brute-force optimum, and no plan exactly when brute force finds none', async () => {
    await fc.assert(
      fc.asyncProperty(smallProblem({ proposals: 4, reviewers: 5 }), async (problem) => {
        const outcome = await solveAssignment(problem);
        const optimum = bruteForceOptimum(problem);
        if (optimum === null) {
          expect(outcome.feasible).toBe(false);
        } else {
          expect(outcome.feasible).toBe(true);
          if (outcome.feasible) expect(outcome.plan.objective).toBeCloseTo(optimum, 9);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('meets every hard constraint on every plan it returns', async () => {
    await fc.assert(
      fc.asyncProperty(smallProblem({ proposals: 12, reviewers: 8 }), async (problem) => {
        const outcome = await solveAssignment(problem);
        if (outcome.feasible) expect(planViolations(problem, outcome.plan.chosen)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('meets every hard constraint on generated calls of a few hundred proposals', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 1, max: 1_000_000 }),
          proposals: fc.integer({ min: 50, max: 300 }),
          reviewers: fc.integer({ min: 20, max: 80 }),
          cap: fc.integer({ min: 5, max: 25 }),
          candidatesPerProposal: fc.integer({ min: 6, max: 30 }),
        }),
        async (settings) => {
          const problem = generateInstance(settings);
          const outcome = await solveAssignment(problem);
          if (outcome.feasible) expect(planViolations(problem, outcome.plan.chosen)).toEqual([]);
          else expect(outcome.infeasibility.shortfall).toBeGreaterThan(0);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('refuses a candidate pair given twice, or a pair the proposal keeps', async () => {
    const base = { agencyCount: 1, minReviews: 1, reviewers: [{ agency: 0, capacity: 1 }] };
    await expect(
      solveAssignment({
        ...base,
        proposals: [{ kept: [] }],
        candidates: candidatePairs([
          { proposal: 0, reviewer: 0, fit: 1 },
          { proposal: 0, reviewer: 0, fit: 2 },
        ]),
      }),
    ).rejects.toThrow(InvalidAssignmentProblem);
    await expect(
      solveAssignment({
        ...base,
        proposals: [{ kept: [{ agency: 0, reviewer: 0 }] }],
        candidates: candidatePairs([{ proposal: 0, reviewer: 0, fit: 1 }]),
      }),
    ).rejects.toThrow(InvalidAssignmentProblem);
  });
});
