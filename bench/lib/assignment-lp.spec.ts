import { generateInstance } from '../../src/assignment-plans/solver/instances.testing';
import { planViolations } from '../../src/assignment-plans/solver/plan-check';
import { solveAssignment } from '../../src/assignment-plans/solver/solve-assignment';
import { solveAssignmentLp } from './assignment-lp';

describe(solveAssignmentLp.name, () => {
  it.each([
    { seed: 1, proposals: 300, reviewers: 60, cap: 20 },
    { seed: 2, proposals: 300, reviewers: 60, cap: 16 },
    { seed: 3, proposals: 500, reviewers: 100, cap: 15, candidatesPerProposal: 12 },
    { seed: 4, proposals: 200, reviewers: 30, cap: 25, keptShare: 0.5 },
  ])('agrees with the min-cost flow on a generated call ($proposals x $reviewers, cap $cap)', async (settings) => {
    const problem = generateInstance(settings);
    const [flow, lp] = await Promise.all([solveAssignment(problem), solveAssignmentLp(problem)]);
    expect(lp.status).toBe(flow.feasible ? 'optimal' : 'infeasible');
    if (!flow.feasible) return;
    expect(lp.fractional).toBe(0);
    expect(planViolations(problem, lp.chosen)).toEqual([]);
    expect(flow.plan.objective).toBeCloseTo(lp.objective!, 6);
  });
});
