import { AssignmentProblem, Requirements } from './assignment-problem';
import { FlowArcs } from './residual-network';

/**
 * The assignment as a min-cost flow network, without lower bounds.
 *
 * "At least one reviewer of agency a" is a lower bound of 1 on the flow from a proposal to its agency-a
 * reviewers. Instead of the textbook reduction for lower bounds, each such review is its own unit of supply on
 * the proposal's agency-a node (it can only go to that agency); the proposal's other reviews are supplied on its
 * "free" node, which may send them to either agency. A plan meeting every constraint decomposes this way (mark
 * one agency-a reviewer of each missing agency as the reserved one) and every flow is such a plan, so the two
 * are the same set of plans, and min-cost flow needs no lower bounds.
 *
 *   free(p) --(free units, 0)--> agency(p, a) --(1, cost of the pair)--> reviewer(r) --(capacity, 0)--> sink
 *   supply: free(p) = need - missing agencies, agency(p, a) = 1 when a is missing, sink = -total need
 *
 * Each pair's cost is (best fit - its fit) scaled to an integer: every unit crosses exactly one pair arc, so
 * adding the same constant to each changes every plan's cost by the same amount. Integer costs keep the
 * solver's arithmetic exact.
 *
 * Totally unimodular, hence integral: the constraint matrix of pair variables has, for each proposal, rows for
 * all its pairs and for its pairs per agency (a laminar family: the agency sets nest inside the proposal's),
 * and for each reviewer a row of its pairs (disjoint sets). A matrix whose rows are two laminar families over
 * its columns is a network matrix (this network is the proof), so both the flow and the LP optimum are integral.
 */
export interface AssignmentNetwork {
  readonly nodeCount: number;
  readonly arcs: FlowArcs;
  readonly supply: Int32Array;
  readonly sink: number;
  /** pairArc[i] is the arc of candidate i, or -1 when the candidate cannot be used (reviewer without capacity). */
  readonly pairArc: Int32Array;
  /** What each node stands for, to read a cut back. */
  readonly nodeProposal: Int32Array;
  readonly nodeAgency: Int32Array;
  readonly nodeReviewer: Int32Array;
  /** Nodes with supply, the reserved agency units first (the most constrained). */
  readonly sources: Int32Array;
}

/**
 * Pair costs run from 0 (the best fit) to COST_RANGE (the worst): fits are compared at a millionth of their
 * range, so a plan's total fit is within (pairs x range / 2e6) of the true optimum; the cost-scaling solver
 * multiplies costs by the node count, and its prices stay exact integers in a double (< 2^53) at this scale.
 */
const COST_RANGE = 1e6;

export function buildAssignmentNetwork(problem: AssignmentProblem, req: Requirements): AssignmentNetwork {
  const { agencyCount, proposals, reviewers, candidates } = problem;
  const P = proposals.length;
  const stride = agencyCount + 1;
  const reviewerBase = P * stride;
  const sink = reviewerBase + reviewers.length;
  const nodeCount = sink + 1;
  const freeNode = (p: number) => p * stride;
  const agencyNode = (p: number, a: number) => p * stride + 1 + a;

  const supply = new Int32Array(nodeCount);
  const nodeProposal = new Int32Array(nodeCount).fill(-1);
  const nodeAgency = new Int32Array(nodeCount).fill(-1);
  const nodeReviewer = new Int32Array(nodeCount).fill(-1);
  for (let p = 0; p < P; p++) {
    let missing = 0;
    for (let a = 0; a < agencyCount; a++) {
      const v = agencyNode(p, a);
      nodeProposal[v] = p;
      nodeAgency[v] = a;
      supply[v] = req.missing[p * agencyCount + a];
      missing += supply[v];
    }
    nodeProposal[freeNode(p)] = p;
    supply[freeNode(p)] = req.need[p] - missing;
  }
  reviewers.forEach((_, r) => (nodeReviewer[reviewerBase + r] = r));
  supply[sink] = -req.totalNeed;

  // Arcs: free -> agency for proposals with free units, every usable pair, reviewer -> sink.
  const n = candidates.proposal.length;
  let best = -Infinity;
  let worst = Infinity;
  for (let i = 0; i < n; i++) {
    best = Math.max(best, candidates.fit[i]);
    worst = Math.min(worst, candidates.fit[i]);
  }
  const range = best - worst;
  const scale = range > 0 ? COST_RANGE / range : 0;
  const maxArcs = P * agencyCount + n + reviewers.length;
  const from = new Int32Array(maxArcs);
  const to = new Int32Array(maxArcs);
  const caps = new Int32Array(maxArcs);
  const costs = new Float64Array(maxArcs);
  let m = 0;
  const add = (u: number, v: number, cap: number, cost: number) => {
    from[m] = u;
    to[m] = v;
    caps[m] = cap;
    costs[m] = cost;
    return m++;
  };
  for (let p = 0; p < P; p++) {
    const free = supply[freeNode(p)];
    if (free > 0) for (let a = 0; a < agencyCount; a++) add(freeNode(p), agencyNode(p, a), free, 0);
  }
  const pairArc = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const r = candidates.reviewer[i];
    if (reviewers[r].capacity === 0) continue;
    const cost = Math.round((best - candidates.fit[i]) * scale);
    pairArc[i] = add(agencyNode(candidates.proposal[i], reviewers[r].agency), reviewerBase + r, 1, cost);
  }
  reviewers.forEach((reviewer, r) => {
    if (reviewer.capacity > 0) add(reviewerBase + r, sink, reviewer.capacity, 0);
  });

  const sources: number[] = [];
  for (let p = 0; p < P; p++) for (let a = 0; a < agencyCount; a++) if (supply[agencyNode(p, a)] > 0) sources.push(agencyNode(p, a));
  for (let p = 0; p < P; p++) if (supply[freeNode(p)] > 0) sources.push(freeNode(p));

  return {
    nodeCount,
    arcs: { from: from.subarray(0, m), to: to.subarray(0, m), capacity: caps.subarray(0, m), cost: costs.subarray(0, m) },
    supply,
    sink,
    pairArc,
    nodeProposal,
    nodeAgency,
    nodeReviewer,
    sources: Int32Array.from(sources),
  };
}
