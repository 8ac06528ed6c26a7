import { AssignmentProblem, Requirements } from './assignment-problem';
import { AssignmentNetwork } from './assignment-network';
import { ResidualNetwork } from './residual-network';

/** A proposal that cannot get enough reviewers even with every candidate to itself. */
export interface ProposalShortage {
  readonly proposal: number;
  /** The agency whose reviewer is lacking; null when the count is short whatever the agency. */
  readonly agency: number | null;
  readonly needed: number;
  /** Unconflicted candidates (of that agency, when given) with capacity left. */
  readonly available: number;
  readonly missing: number;
}

/** Proposals that compete for the same reviewers, all of whose caps bind: a violated Hall condition. */
export interface Contention {
  readonly proposals: readonly number[];
  /** Reviewers whose cap binds for these proposals (each at its capacity in every maximal assignment). */
  readonly reviewers: readonly number[];
  /** New reviews these proposals need together. */
  readonly needed: number;
  /** Of those, how many no plan can place. */
  readonly missing: number;
}

export interface Infeasibility {
  /** Needed reviews that no plan can place (total need minus the largest assignment). */
  readonly shortfall: number;
  readonly shortages: readonly ProposalShortage[];
  readonly contention: readonly Contention[];
  /** Every reviewer named in a contention group. */
  readonly bindingReviewers: readonly number[];
}

/**
 * Why no plan exists, read from a maximum flow (units left at their nodes could not be placed).
 *
 * Shortages are counted per proposal directly (Hall's condition for one proposal: its unconflicted candidates
 * with capacity, in all and per missing agency). Contention comes from the minimum cut: the nodes reachable in
 * the residual network from the stuck units have no residual arc out, so their proposals' demand exceeds what
 * can leave the set, and every reviewer in it is at its capacity. The set is split into connected groups, and
 * only groups with reviewers are contention (a group without reviewers is a proposal that took every candidate
 * it had: a shortage).
 */
export function explainInfeasibility(
  problem: AssignmentProblem,
  req: Requirements,
  network: AssignmentNetwork,
  flow: ResidualNetwork,
): Infeasibility {
  const stuck: number[] = [];
  for (let v = 0; v < flow.nodeCount; v++) if (flow.excess[v] > 0) stuck.push(v);
  const shortages = proposalShortages(problem, req);
  const inCut = flow.reachable(stuck);

  // Connected groups of the cut's nodes, joined by the network's arcs inside it.
  const parent = new Int32Array(network.nodeCount).map((_, i) => i);
  const find = (v: number): number => {
    while (parent[v] !== v) {
      parent[v] = parent[parent[v]];
      v = parent[v];
    }
    return v;
  };
  const { from, to } = network.arcs;
  for (let k = 0; k < from.length; k++) {
    if (inCut[from[k]] && inCut[to[k]]) parent[find(from[k])] = find(to[k]);
  }
  const groups = new Map<number, { proposals: Set<number>; reviewers: number[]; needed: number; missing: number }>();
  const groupOf = (v: number) => {
    const root = find(v);
    let group = groups.get(root);
    if (!group) groups.set(root, (group = { proposals: new Set(), reviewers: [], needed: 0, missing: 0 }));
    return group;
  };
  for (let v = 0; v < network.nodeCount; v++) {
    if (!inCut[v]) continue;
    const group = groupOf(v);
    if (network.nodeProposal[v] >= 0) {
      group.proposals.add(network.nodeProposal[v]);
      group.needed += Math.max(network.supply[v], 0);
    }
    if (network.nodeReviewer[v] >= 0) group.reviewers.push(network.nodeReviewer[v]);
  }
  let shortfall = 0;
  for (const v of stuck) {
    groupOf(v).missing += flow.excess[v];
    shortfall += flow.excess[v];
  }
  const contention: Contention[] = [...groups.values()]
    .filter((g) => g.reviewers.length > 0 && g.missing > 0)
    .map((g) => ({ proposals: [...g.proposals].sort((a, b) => a - b), reviewers: g.reviewers, needed: g.needed, missing: g.missing }))
    .sort((a, b) => b.missing - a.missing);
  const bindingReviewers = [...new Set(contention.flatMap((g) => g.reviewers))].sort((a, b) => a - b);
  return { shortfall, shortages, contention, bindingReviewers };
}

/** Hall's condition for each proposal alone: enough usable candidates in all, and one per missing agency. */
export function proposalShortages(problem: AssignmentProblem, req: Requirements): ProposalShortage[] {
  const { agencyCount, reviewers, candidates } = problem;
  const P = problem.proposals.length;
  const available = new Int32Array(P);
  const availableByAgency = new Int32Array(P * agencyCount);
  for (let i = 0; i < candidates.proposal.length; i++) {
    const r = candidates.reviewer[i];
    if (reviewers[r].capacity === 0) continue;
    const p = candidates.proposal[i];
    available[p]++;
    availableByAgency[p * agencyCount + reviewers[r].agency]++;
  }
  const shortages: ProposalShortage[] = [];
  for (let p = 0; p < P; p++) {
    if (available[p] < req.need[p]) {
      shortages.push({ proposal: p, agency: null, needed: req.need[p], available: available[p], missing: req.need[p] - available[p] });
    }
    for (let a = 0; a < agencyCount; a++) {
      if (req.missing[p * agencyCount + a] && availableByAgency[p * agencyCount + a] === 0) {
        shortages.push({ proposal: p, agency: a, needed: 1, available: 0, missing: 1 });
      }
    }
  }
  return shortages;
}
