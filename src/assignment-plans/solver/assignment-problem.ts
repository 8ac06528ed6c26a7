/**
 * The whole-call assignment problem as the solver sees it: plain indices and typed arrays, no ids, no Nest.
 *
 * Agencies are 0..agencyCount-1 and every proposal must end up with at least one review by each of them. A
 * proposal keeps the reviews it already has (`kept`); the plan adds `need` new ones:
 *   need = max(minReviews - kept, number of agencies not among the kept reviewers)
 * so that a proposal that already has minReviews reviews from one agency still gets one from the other.
 * Reviewers come with the capacity they have left (the call's cap minus their open assignments in it).
 * Candidates are the pairs the plan may use, with their expertise fit (higher is better); conflicted pairs, pairs
 * outside the pool and kept pairs are simply absent.
 */
export interface PlanProposal {
  /** The reviews the proposal keeps: the agency of each, and the reviewer when that reviewer is in the problem. */
  readonly kept: readonly { readonly agency: number; readonly reviewer?: number }[];
}

export interface PlanReviewer {
  readonly agency: number;
  /** New assignments this reviewer may still take. */
  readonly capacity: number;
}

/** Candidate pairs, column-wise: pair i is (proposal[i], reviewer[i]) with fit[i]. */
export interface CandidatePairs {
  readonly proposal: Int32Array;
  readonly reviewer: Int32Array;
  readonly fit: Float64Array;
}

export interface AssignmentProblem {
  readonly agencyCount: number;
  readonly minReviews: number;
  readonly proposals: readonly PlanProposal[];
  readonly reviewers: readonly PlanReviewer[];
  readonly candidates: CandidatePairs;
}

/** What each proposal still needs. */
export interface Requirements {
  /** New reviews per proposal. */
  readonly need: Int32Array;
  /** missing[p * agencyCount + a] = 1 when proposal p has no kept review of agency a (so the plan must add one). */
  readonly missing: Uint8Array;
  readonly totalNeed: number;
}

export function requirements(problem: AssignmentProblem): Requirements {
  const { agencyCount, minReviews, proposals } = problem;
  const need = new Int32Array(proposals.length);
  const missing = new Uint8Array(proposals.length * agencyCount).fill(1);
  let totalNeed = 0;
  proposals.forEach((proposal, p) => {
    for (const kept of proposal.kept) missing[p * agencyCount + kept.agency] = 0;
    let missingAgencies = 0;
    for (let a = 0; a < agencyCount; a++) missingAgencies += missing[p * agencyCount + a];
    need[p] = Math.max(minReviews - proposal.kept.length, missingAgencies);
    totalNeed += need[p];
  });
  return { need, missing, totalNeed };
}

/** A problem the caller built wrongly (not an infeasible one): a programming error, thrown. */
export class InvalidAssignmentProblem extends Error {}

/** Checks indices, capacities and fits; refuses a pair given twice or a pair the proposal keeps. */
export function validateProblem(problem: AssignmentProblem): void {
  const { agencyCount, proposals, reviewers, candidates } = problem;
  const fail = (message: string): never => {
    throw new InvalidAssignmentProblem(message);
  };
  if (!Number.isInteger(agencyCount) || agencyCount < 1) fail(`agencyCount ${agencyCount}`);
  if (!Number.isInteger(problem.minReviews) || problem.minReviews < 0) fail(`minReviews ${problem.minReviews}`);
  reviewers.forEach((r, i) => {
    if (!Number.isInteger(r.agency) || r.agency < 0 || r.agency >= agencyCount) fail(`reviewer ${i}: agency ${r.agency}`);
    if (!Number.isInteger(r.capacity) || r.capacity < 0) fail(`reviewer ${i}: capacity ${r.capacity}`);
  });
  const seen = new Set<number>();
  const key = (p: number, r: number) => p * reviewers.length + r;
  proposals.forEach((proposal, p) => {
    for (const kept of proposal.kept) {
      if (!Number.isInteger(kept.agency) || kept.agency < 0 || kept.agency >= agencyCount)
        fail(`proposal ${p}: kept agency ${kept.agency}`);
      if (kept.reviewer !== undefined) seen.add(key(p, kept.reviewer));
    }
  });
  const { proposal, reviewer, fit } = candidates;
  if (reviewer.length !== proposal.length || fit.length !== proposal.length) fail('candidate arrays differ in length');
  for (let i = 0; i < proposal.length; i++) {
    const p = proposal[i];
    const r = reviewer[i];
    if (p < 0 || p >= proposals.length) fail(`candidate ${i}: proposal ${p}`);
    if (r < 0 || r >= reviewers.length) fail(`candidate ${i}: reviewer ${r}`);
    if (!Number.isFinite(fit[i])) fail(`candidate ${i}: fit ${fit[i]}`);
    const k = key(p, r);
    if (seen.has(k)) fail(`candidate ${i}: pair (${p}, ${r}) given twice or already kept`);
    seen.add(k);
  }
}

/** Builds candidate arrays from objects (tests, small callers). */
export function candidatePairs(pairs: readonly { proposal: number; reviewer: number; fit: number }[]): CandidatePairs {
  return {
    proposal: Int32Array.from(pairs, (c) => c.proposal),
    reviewer: Int32Array.from(pairs, (c) => c.reviewer),
    fit: Float64Array.from(pairs, (c) => c.fit),
  };
}
