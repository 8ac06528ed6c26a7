import { setImmediate } from 'node:timers/promises';
import { AssignmentProblem, requirements, validateProblem } from './assignment-problem';
import { buildAssignmentNetwork } from './assignment-network';
import { explainInfeasibility, Infeasibility } from './infeasibility';
import { MinCostFlow } from './min-cost-flow';
import { AssignmentPlan, planLoads, planObjective } from './plan-check';

export interface SolveStats {
  readonly proposals: number;
  readonly reviewers: number;
  readonly candidates: number;
  readonly units: number;
  readonly augmentations: number;
  readonly scannedArcs: number;
  readonly millis: number;
}

export type AssignmentOutcome =
  | { readonly feasible: true; readonly plan: AssignmentPlan; readonly stats: SolveStats }
  | { readonly feasible: false; readonly infeasibility: Infeasibility; readonly stats: SolveStats };

export interface SolveOptions {
  /** Called between slices of work with the share of needed reviews placed so far (0..1). */
  readonly onProgress?: (fraction: number) => void | Promise<void>;
  /** Milliseconds of solving between two progress calls (and yields to the event loop). */
  readonly sliceMs?: number;
  readonly now?: () => number;
}

/**
 * The optimal whole-call assignment: the plan of maximum total fit that meets every hard constraint, or, when
 * none exists, why not. Exact: a min-cost flow (see assignment-network.ts for the model and
 * min-cost-flow.ts for the algorithm and why its result is optimal).
 *
 * Chosen over a linear program solved by HiGHS (the `highs` package, HiGHS compiled to WebAssembly) by
 * measurement on the benchmark's instance, 10,000 proposals x 2,000 reviewers x 30 candidates each, 3 reviews
 * per proposal, cap 20 (`npm run bench:assign` runs both): see the README's figures. The LP is integral too (the
 * matrix is totally unimodular, see assignment-network.ts) and HiGHS is well kept, but the flow needs no
 * WebAssembly heap, reports progress as it goes, and its maximum flow and minimum cut are the infeasibility
 * explanation, which an LP's "infeasible" status is not.
 *
 * Work is done in slices with the event loop free in between (a worker must renew its job lock and report
 * progress while it solves).
 */
export async function solveAssignment(problem: AssignmentProblem, options: SolveOptions = {}): Promise<AssignmentOutcome> {
  const now = options.now ?? (() => performance.now());
  const sliceMs = options.sliceMs ?? 200;
  const started = now();
  validateProblem(problem);
  const req = requirements(problem);
  const network = buildAssignmentNetwork(problem, req);
  const flow = new MinCostFlow(network.nodeCount, network.arcs, network.supply);
  const stuck: number[] = [];
  let placed = 0;
  let sliceStart = now();
  for (const source of network.sources) {
    const supply = flow.excess[source];
    const left = flow.sendFrom(source);
    if (left > 0) stuck.push(source);
    placed += supply;
    if (now() - sliceStart >= sliceMs) {
      await options.onProgress?.(req.totalNeed === 0 ? 1 : placed / req.totalNeed);
      await setImmediate();
      sliceStart = now();
    }
  }
  const stats = (): SolveStats => ({
    proposals: problem.proposals.length,
    reviewers: problem.reviewers.length,
    candidates: problem.candidates.proposal.length,
    units: req.totalNeed,
    augmentations: flow.augmentations,
    scannedArcs: flow.scannedArcs,
    millis: now() - started,
  });
  if (stuck.length > 0) {
    return { feasible: false, infeasibility: explainInfeasibility(problem, req, network, flow, stuck), stats: stats() };
  }
  const chosen: number[] = [];
  network.pairArc.forEach((arc, i) => {
    if (arc >= 0 && flow.flow(arc) === 1) chosen.push(i);
  });
  const picked = Int32Array.from(chosen);
  await options.onProgress?.(1);
  return {
    feasible: true,
    plan: { chosen: picked, objective: planObjective(problem, picked), loads: planLoads(problem, picked) },
    stats: stats(),
  };
}
