import fc from 'fast-check';
import { AssignmentProblem, candidatePairs } from './assignment-problem';
import { generateInstance } from './instances.testing';
import { solveAssignment } from './solve-assignment';

const NSTC = 0;
const GACR = 1;

async function whyNot(problem: AssignmentProblem) {
  const outcome = await solveAssignment(problem);
  if (outcome.feasible) throw new Error('expected no plan');
  return outcome.infeasibility;
}

describe('explainInfeasibility', () => {
  it('names a proposal without any unconflicted reviewer of one agency', async () => {
    const why = await whyNot({
      agencyCount: 2,
      minReviews: 2,
      proposals: [{ kept: [] }, { kept: [] }],
      reviewers: [
        { agency: NSTC, capacity: 5 },
        { agency: NSTC, capacity: 5 },
        { agency: GACR, capacity: 5 },
      ],
      candidates: candidatePairs([
        { proposal: 0, reviewer: 0, fit: 1 },
        { proposal: 0, reviewer: 2, fit: 1 },
        { proposal: 1, reviewer: 0, fit: 1 },
        { proposal: 1, reviewer: 1, fit: 1 }, // proposal 1: GACR's only reviewer is conflicted
      ]),
    });
    expect(why).toEqual({
      shortfall: 1,
      shortages: [{ proposal: 1, agency: GACR, needed: 1, available: 0, missing: 1 }],
      contention: [],
      bindingReviewers: [],
    });
  });

  it('says how many reviewers a proposal lacks in all, counting only reviewers with capacity left', async () => {
    const why = await whyNot({
      agencyCount: 1,
      minReviews: 3,
      proposals: [{ kept: [{ agency: NSTC }] }],
      reviewers: [
        { agency: NSTC, capacity: 1 },
        { agency: NSTC, capacity: 0 },
      ],
      candidates: candidatePairs([
        { proposal: 0, reviewer: 0, fit: 1 },
        { proposal: 0, reviewer: 1, fit: 1 },
      ]),
    });
    expect(why.shortfall).toBe(1);
    expect(why.shortages).toEqual([{ proposal: 0, agency: null, needed: 2, available: 1, missing: 1 }]);
    expect(why.contention).toEqual([]);
  });

  it('names proposals competing for reviewers whose caps bind, and how many reviews they miss together', async () => {
    // Proposals 0-2 can only be reviewed by reviewer 0 (cap 1); proposal 3 has reviewer 1 to itself.
    const why = await whyNot({
      agencyCount: 1,
      minReviews: 1,
      proposals: [{ kept: [] }, { kept: [] }, { kept: [] }, { kept: [] }],
      reviewers: [
        { agency: NSTC, capacity: 1 },
        { agency: NSTC, capacity: 3 },
      ],
      candidates: candidatePairs([
        { proposal: 0, reviewer: 0, fit: 3 },
        { proposal: 1, reviewer: 0, fit: 2 },
        { proposal: 2, reviewer: 0, fit: 1 },
        { proposal: 3, reviewer: 1, fit: 1 },
      ]),
    });
    expect(why).toEqual({
      shortfall: 2,
      shortages: [],
      contention: [{ proposals: [0, 1, 2], reviewers: [0], needed: 3, missing: 2 }],
      bindingReviewers: [0],
    });
  });

  it('names the one reviewer of an agency that two proposals both need', async () => {
    const why = await whyNot({
      agencyCount: 2,
      minReviews: 2,
      proposals: [{ kept: [] }, { kept: [] }],
      reviewers: [
        { agency: NSTC, capacity: 2 },
        { agency: GACR, capacity: 1 },
        { agency: NSTC, capacity: 2 },
      ],
      candidates: candidatePairs([
        { proposal: 0, reviewer: 0, fit: 1 },
        { proposal: 0, reviewer: 1, fit: 1 },
        { proposal: 0, reviewer: 2, fit: 1 },
        { proposal: 1, reviewer: 0, fit: 1 },
        { proposal: 1, reviewer: 1, fit: 1 },
        { proposal: 1, reviewer: 2, fit: 1 },
      ]),
    });
    expect(why).toEqual({
      shortfall: 1,
      shortages: [],
      contention: [{ proposals: [0, 1], reviewers: [1], needed: 2, missing: 1 }],
      bindingReviewers: [1],
    });
  });

  it('explains every call it cannot plan, within the shortfall', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 1, max: 1_000_000 }),
          proposals: fc.integer({ min: 20, max: 200 }),
          reviewers: fc.integer({ min: 4, max: 40 }),
          cap: fc.integer({ min: 1, max: 12 }),
          candidatesPerProposal: fc.integer({ min: 1, max: 12 }),
        }),
        async (settings) => {
          const outcome = await solveAssignment(generateInstance(settings));
          if (outcome.feasible) return;
          const why = outcome.infeasibility;
          expect(why.shortfall).toBeGreaterThan(0);
          expect(why.shortages.length + why.contention.length).toBeGreaterThan(0);
          const explained = why.contention.reduce((sum, group) => sum + group.missing, 0);
          expect(explained).toBeLessThanOrEqual(why.shortfall);
          for (const group of why.contention) expect(group.missing).toBeLessThanOrEqual(group.needed);
        },
      ),
      { numRuns: 60 },
    );
  });
});
