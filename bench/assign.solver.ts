/**
 * A child process of bench:assign that solves one generated assignment instance, so that its memory is the
 * solver's alone. SOLVER=flow runs the application's solver (src/assignment-plans/solver), SOLVER=lp the HiGHS
 * linear program (bench/lib/assignment-lp.ts). Over IPC: it generates the instance and sends 'ready'; on 'go' it
 * solves, checks every hard constraint of the plan, and sends 'done' with the figures.
 */
import { generateInstance } from '../src/assignment-plans/solver/instances.testing';
import { planObjective, planViolations } from '../src/assignment-plans/solver/plan-check';
import { solveAssignment } from '../src/assignment-plans/solver/solve-assignment';
import { solveAssignmentLp } from './lib/assignment-lp';

const env = (name: string) => Number(process.env[name]);
const send = (message: object) => new Promise<void>((resolve) => process.send!(message, () => resolve()));

export interface SolverDone {
  type: 'done';
  feasible: boolean;
  objective: number | null;
  pairs: number;
  violations: number;
  fractional: number;
  millis: number;
  cpuMillis: number;
  detail: Record<string, unknown>;
}

async function main(): Promise<void> {
  const problem = generateInstance({
    proposals: env('PROPOSALS'),
    reviewers: env('REVIEWERS'),
    minReviews: env('MIN_REVIEWS'),
    cap: env('CAP'),
    candidatesPerProposal: env('CANDIDATES'),
    seed: env('SEED'),
  });
  await send({ type: 'ready', candidates: problem.candidates.proposal.length });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  const started = performance.now();
  const cpu = process.cpuUsage();
  const cpuMillis = () => {
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / 1000;
  };
  let done: SolverDone;
  if (process.env.SOLVER === 'lp') {
    const lp = await solveAssignmentLp(problem);
    const millis = performance.now() - started;
    done = {
      type: 'done',
      feasible: lp.status === 'optimal',
      objective: lp.objective === null ? null : planObjective(problem, lp.chosen),
      pairs: lp.chosen.length,
      violations: lp.objective === null ? 0 : planViolations(problem, lp.chosen).length,
      fractional: lp.fractional,
      millis,
      cpuMillis: cpuMillis(),
      detail: { status: lp.status, buildMillis: lp.buildMillis, solveMillis: lp.solveMillis, wasmHeapBytes: lp.wasmHeapBytes },
    };
  } else {
    const outcome = await solveAssignment(problem);
    const millis = performance.now() - started;
    done = {
      type: 'done',
      feasible: outcome.feasible,
      objective: outcome.feasible ? outcome.plan.objective : null,
      pairs: outcome.feasible ? outcome.plan.chosen.length : 0,
      violations: outcome.feasible ? planViolations(problem, outcome.plan.chosen).length : 0,
      fractional: 0,
      millis,
      cpuMillis: cpuMillis(),
      detail: { ...outcome.stats, ...(outcome.feasible ? {} : { shortfall: outcome.infeasibility.shortfall }) },
    };
  }
  await send(done);
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`assign solver failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
