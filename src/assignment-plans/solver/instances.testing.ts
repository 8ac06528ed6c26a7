import { AssignmentProblem, PlanProposal, PlanReviewer, requirements } from './assignment-problem';
import { planViolations } from './plan-check';

/** A small, seedable pseudo-random generator (mulberry32): the same seed gives the same instance. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface InstanceSettings {
  readonly proposals: number;
  readonly reviewers: number;
  readonly agencies?: number;
  readonly minReviews?: number;
  readonly cap?: number;
  /** Candidates per proposal (split evenly between agencies, best fit first), as the SQL fit score gives them. */
  readonly candidatesPerProposal?: number;
  readonly topics?: number;
  /** Share of (proposal, reviewer) pairs dropped as conflicts. */
  readonly conflictShare?: number;
  /** Share of proposals that already have one review. */
  readonly keptShare?: number;
  readonly seed?: number;
}

/**
 * A call-like instance: proposals and reviewers have research topics of skewed popularity (the popular topics'
 * experts are the best candidates of many proposals, so their caps bind), fit is high for a shared topic and low otherwise,
 * with noise; each proposal's candidates are its best-fitting reviewers of each agency.
 */
export function generateInstance(settings: InstanceSettings): AssignmentProblem {
  const {
    proposals: P,
    reviewers: R,
    agencies: A = 2,
    minReviews = 3,
    cap = 20,
    candidatesPerProposal: K = 30,
    topics: T = 40,
    conflictShare = 0.02,
    keptShare = 0.05,
    seed = 1,
  } = settings;
  const rnd = random(seed);
  // Zipf-like topic popularity for proposals; reviewers' expertise is spread more evenly.
  const weights = Array.from({ length: T }, (_, t) => 1 / (t + 1));
  const total = weights.reduce((s, w) => s + w, 0);
  const pickTopic = () => {
    let x = rnd() * total;
    for (let t = 0; t < T; t++) if ((x -= weights[t]) <= 0) return t;
    return T - 1;
  };
  const proposalTopic = Array.from({ length: P }, pickTopic);
  // The pool is recruited for the call: reviewers' main topics follow the proposals', a second one is any topic.
  const reviewerTopics = Array.from({ length: R }, () => {
    const own = new Set<number>([pickTopic()]);
    if (rnd() < 0.5) own.add(Math.floor(rnd() * T));
    return own;
  });
  const reviewers: PlanReviewer[] = Array.from({ length: R }, (_, r) => ({ agency: r % A, capacity: cap }));
  const proposals: PlanProposal[] = [];
  const byAgency = Array.from({ length: A }, (_, a) => reviewers.map((_, r) => r).filter((r) => reviewers[r].agency === a));
  const perAgency = Math.ceil(K / A);
  const cp: number[] = [];
  const cr: number[] = [];
  const cf: number[] = [];
  for (let p = 0; p < P; p++) {
    const kept: { agency: number; reviewer: number }[] = [];
    if (rnd() < keptShare) {
      const r = Math.floor(rnd() * R);
      kept.push({ agency: reviewers[r].agency, reviewer: r });
    }
    proposals.push({ kept });
    for (let a = 0; a < A; a++) {
      // The best perAgency reviewers of this agency, kept sorted by fit (descending) by insertion.
      const topR: number[] = [];
      const topF: number[] = [];
      for (const r of byAgency[a]) {
        if (kept.some((k) => k.reviewer === r) || rnd() < conflictShare) continue;
        const fit = Math.round(((reviewerTopics[r].has(proposalTopic[p]) ? 0.6 : 0.05) + 0.4 * rnd()) * 1e4) / 1e4;
        if (topF.length === perAgency && fit <= topF[perAgency - 1]) continue;
        let j = Math.min(topF.length, perAgency - 1);
        topR[j] = r;
        topF[j] = fit;
        while (j > 0 && topF[j - 1] < fit) {
          topR[j] = topR[j - 1];
          topF[j] = topF[j - 1];
          topR[j - 1] = r;
          topF[j - 1] = fit;
          j--;
        }
      }
      topR.forEach((r, j) => {
        cp.push(p);
        cr.push(r);
        cf.push(topF[j]);
      });
    }
  }
  return {
    agencyCount: A,
    minReviews,
    proposals,
    reviewers,
    candidates: { proposal: Int32Array.from(cp), reviewer: Int32Array.from(cr), fit: Float64Array.from(cf) },
  };
}

/**
 * The best plan by exhaustive search (tiny instances only): every combination of `need` candidates per proposal,
 * pruned by capacity. Returns the best objective, or null when no plan exists.
 */
export function bruteForceOptimum(problem: AssignmentProblem): number | null {
  const { need } = requirements(problem);
  const byProposal: number[][] = problem.proposals.map(() => []);
  for (let i = 0; i < problem.candidates.proposal.length; i++) byProposal[problem.candidates.proposal[i]].push(i);
  const load = new Int32Array(problem.reviewers.length);
  const chosen: number[] = [];
  let best: number | null = null;
  const visit = (p: number, from: number, left: number, total: number) => {
    if (p === problem.proposals.length) {
      if (planViolations(problem, Int32Array.from(chosen)).length === 0 && (best === null || total > best + 1e-9)) best = total;
      return;
    }
    if (left === 0) return visit(p + 1, 0, need[p + 1] ?? 0, total);
    const options = byProposal[p];
    for (let j = from; j <= options.length - left; j++) {
      const i = options[j];
      const r = problem.candidates.reviewer[i];
      if (load[r] >= problem.reviewers[r].capacity) continue;
      load[r]++;
      chosen.push(i);
      visit(p, j + 1, left - 1, total + problem.candidates.fit[i]);
      chosen.pop();
      load[r]--;
    }
  };
  visit(0, 0, need[0] ?? 0, 0);
  return best;
}
