import { setImmediate } from 'node:timers/promises';
import { AssignmentProblem, requirements, validateProblem } from './assignment-problem';
import { buildAssignmentNetwork } from './assignment-network';
import { explainInfeasibility, Infeasibility } from './infeasibility';
import { CostScaling } from './cost-scaling';
import { maxFlow } from './max-flow';
import { ResidualNetwork } from './residual-network';
import { AssignmentPlan, planLoads, planObjective } from './plan-check';

export interface SolveStats {
  readonly proposals: number;
  readonly reviewers: number;
  readonly candidates: number;
  /** New reviews the plan places. */
  readonly units: number;
  /** Time to the maximum flow, which decides whether a plan exists. */
  readonly maxFlowMillis: number;
  readonly pushes: number;
  readonly relabels: number;
  readonly millis: number;
}

export type AssignmentOutcome =
  | { readonly feasible: true; readonly plan: AssignmentPlan; readonly stats: SolveStats }
  | { readonly feasible: false; readonly infeasibility: Infeasibility; readonly stats: SolveStats };

export interface SolveOptions {
  /** Called between slices of work with the share of the work done so far (0..1). */
  readonly onProgress?: (fraction: number) => void | Promise<void>;
  /** Milliseconds of solving between two progress calls (and yields to the event loop). */
  readonly sliceMs?: number;
  readonly now?: () => number;
}

/**
 * The optimal whole-call assignment: the plan of maximum total fit that meets every hard constraint, or, when
 * none exists, why not. Exact, in two steps over one network (assignment-network.ts: the model and why its
 * optimum is integral): a maximum flow decides whether a plan exists (and its minimum cut explains why not),
 * then cost scaling turns that feasible flow into a cheapest one (cost-scaling.ts).
 *
 * Why this solver, measured by `npm run bench:assign` (10,000 proposals x 2,000 reviewers x 30 candidates,
 * 3 reviews each including one per agency, cap 20; README has the figures):
 * - a linear program through HiGHS (the `highs` package, HiGHS compiled to WebAssembly; well kept, and the LP is
 *   integral because the matrix is totally unimodular) reaches the same objective, but its dual simplex takes
 *   about 10x longer (20-35 s on the bench machine, at the 30 s target) and 4x the memory (a 380 MiB wasm heap);
 *   interior point with crossover is slower still, and PDLP ends on a fractional point;
 * - successive shortest paths (Dijkstra with potentials) is fastest while the caps leave slack (about 1 s), but
 *   when the reviewers' capacity is nearly used up every late unit displaces a chain of others and its searches
 *   span the network: 20 s at cap 16, 55 s at cap 15 (30,000 places for 29,500 reviews);
 * - cost scaling takes about 2 s of CPU at every cap measured, 20, 16 or 15, with a peak RSS near 130 MiB, and
 *   its work is sliced so the worker reports progress and keeps its job lock while it solves.
 * An infeasible call costs only the maximum flow (under 1 s), and the answer names proposals and reviewers
 * instead of an LP's bare "infeasible".
 */
export async function solveAssignment(problem: AssignmentProblem, options: SolveOptions = {}): Promise<AssignmentOutcome> {
  const now = options.now ?? (() => performance.now());
  const sliceMs = options.sliceMs ?? 200;
  const started = now();
  validateProblem(problem);
  const req = requirements(problem);
  const network = buildAssignmentNetwork(problem, req);
  const flow = new ResidualNetwork(network.nodeCount, network.arcs, network.supply);
  const placed = maxFlow(flow);
  const maxFlowMillis = now() - started;
  const stats = (solver?: CostScaling): SolveStats => ({
    proposals: problem.proposals.length,
    reviewers: problem.reviewers.length,
    candidates: problem.candidates.proposal.length,
    units: req.totalNeed,
    maxFlowMillis,
    pushes: solver?.pushes ?? 0,
    relabels: solver?.relabels ?? 0,
    millis: now() - started,
  });
  if (placed < req.totalNeed) return { feasible: false, infeasibility: explainInfeasibility(problem, req, network, flow), stats: stats() };

  const solver = new CostScaling(flow);
  for (;;) {
    const sliceEnd = now() + sliceMs;
    if (solver.run(() => now() >= sliceEnd)) break;
    await options.onProgress?.(solver.progress);
    await setImmediate();
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
    stats: stats(solver),
  };
}
