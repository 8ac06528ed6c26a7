import { AssignmentProblem, requirements } from './assignment-problem';

/** A plan: the candidate pairs it uses (indices into the problem's candidates). */
export interface AssignmentPlan {
  readonly chosen: Int32Array;
  /** Sum of the chosen pairs' fits. */
  readonly objective: number;
  /** New assignments per reviewer. */
  readonly loads: Int32Array;
}

export type PlanViolation =
  | { readonly kind: 'WRONG_COUNT'; readonly proposal: number; readonly planned: number; readonly needed: number }
  | { readonly kind: 'AGENCY_MISSING'; readonly proposal: number; readonly agency: number }
  | { readonly kind: 'OVER_CAPACITY'; readonly reviewer: number; readonly load: number; readonly capacity: number }
  | { readonly kind: 'PAIR_TWICE'; readonly proposal: number; readonly reviewer: number };

/** Every hard constraint the plan breaks (empty for a valid plan). Independent of how the plan was found. */
export function planViolations(problem: AssignmentProblem, chosen: Int32Array): PlanViolation[] {
  const { need, missing } = requirements(problem);
  const { agencyCount, reviewers, candidates } = problem;
  const violations: PlanViolation[] = [];
  const planned = new Int32Array(problem.proposals.length);
  const covered = new Uint8Array(problem.proposals.length * agencyCount);
  const loads = new Int32Array(reviewers.length);
  const pairs = new Set<number>();
  for (const i of chosen) {
    const p = candidates.proposal[i];
    const r = candidates.reviewer[i];
    const pair = p * reviewers.length + r;
    if (pairs.has(pair)) violations.push({ kind: 'PAIR_TWICE', proposal: p, reviewer: r });
    pairs.add(pair);
    planned[p]++;
    covered[p * agencyCount + reviewers[r].agency] = 1;
    loads[r]++;
  }
  for (let p = 0; p < planned.length; p++) {
    if (planned[p] !== need[p]) violations.push({ kind: 'WRONG_COUNT', proposal: p, planned: planned[p], needed: need[p] });
    for (let a = 0; a < agencyCount; a++) {
      if (missing[p * agencyCount + a] && !covered[p * agencyCount + a])
        violations.push({ kind: 'AGENCY_MISSING', proposal: p, agency: a });
    }
  }
  reviewers.forEach((reviewer, r) => {
    if (loads[r] > reviewer.capacity) violations.push({ kind: 'OVER_CAPACITY', reviewer: r, load: loads[r], capacity: reviewer.capacity });
  });
  return violations;
}

export function planObjective(problem: AssignmentProblem, chosen: Int32Array): number {
  let total = 0;
  for (const i of chosen) total += problem.candidates.fit[i];
  return total;
}

export function planLoads(problem: AssignmentProblem, chosen: Int32Array): Int32Array {
  const loads = new Int32Array(problem.reviewers.length);
  for (const i of chosen) loads[problem.candidates.reviewer[i]]++;
  return loads;
}
