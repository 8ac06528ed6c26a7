/**
 * The whole-call assignment as a linear program solved by HiGHS (the `highs` package: HiGHS compiled to
 * WebAssembly), the alternative that bench:assign measures against the application's min-cost flow.
 *
 *   maximise   sum fit(i) x(i)                 over the candidate pairs i, 0 <= x(i) <= 1
 *   subject to sum_{i of p} x(i) = need(p)                     for every proposal p
 *              sum_{i of p, reviewer of agency a} x(i) >= 1    for every agency a that p still misses
 *              sum_{i of r} x(i) <= capacity(r)                for every reviewer r
 *
 * The matrix is totally unimodular (two laminar row families, see src/assignment-plans/solver/assignment-network.ts),
 * so every vertex is integral and a simplex optimum is a plan; the integrality is verified on the answer anyway
 * (`fractional` counts values farther than 1e-6 from 0 and 1).
 */
import highsLoader, { Highs } from 'highs';
import { AssignmentProblem, requirements } from '../../src/assignment-plans/solver/assignment-problem';

export interface LpOutcome {
  /** HiGHS's model status name: 'optimal', 'infeasible', ... */
  status: string;
  objective: number | null;
  chosen: Int32Array;
  fractional: number;
  buildMillis: number;
  solveMillis: number;
  /** The WebAssembly heap's size after the solve (it only grows). */
  wasmHeapBytes: number;
}

let runtime: Promise<Highs> | null = null;

export async function solveAssignmentLp(
  problem: AssignmentProblem,
  options: Record<string, string | number | boolean> = {},
): Promise<LpOutcome> {
  const highs = await (runtime ??= highsLoader());
  const started = performance.now();
  const { agencyCount, proposals, reviewers, candidates } = problem;
  const { need, missing } = requirements(problem);
  const P = proposals.length;
  const agencyRow = new Int32Array(P * agencyCount).fill(-1);
  let rows = P;
  for (let k = 0; k < agencyRow.length; k++) if (missing[k]) agencyRow[k] = rows++;
  const reviewerBase = rows;
  rows += reviewers.length;
  const rowLower = new Float64Array(rows);
  const rowUpper = new Float64Array(rows).fill(highs.infinity);
  for (let p = 0; p < P; p++) rowLower[p] = rowUpper[p] = need[p];
  for (let k = 0; k < agencyRow.length; k++) if (agencyRow[k] >= 0) rowLower[agencyRow[k]] = 1;
  reviewers.forEach((r, j) => {
    rowLower[reviewerBase + j] = 0;
    rowUpper[reviewerBase + j] = r.capacity;
  });

  const n = candidates.proposal.length;
  const starts = new Int32Array(n + 1);
  const indices = new Int32Array(3 * n);
  const values = new Float64Array(3 * n).fill(1);
  let nz = 0;
  for (let i = 0; i < n; i++) {
    const p = candidates.proposal[i];
    const r = candidates.reviewer[i];
    starts[i] = nz;
    indices[nz++] = p;
    const agency = agencyRow[p * agencyCount + reviewers[r].agency];
    if (agency >= 0) indices[nz++] = agency;
    indices[nz++] = reviewerBase + r;
  }
  starts[n] = nz;

  return highs.withModel(
    {
      numCols: n,
      numRows: rows,
      sense: highs.constants.objectiveSense.maximize,
      colCost: candidates.fit,
      colLower: new Float64Array(n),
      colUpper: new Float64Array(n).fill(1),
      rowLower,
      rowUpper,
      matrix: { format: 'csc', numRows: rows, numCols: n, starts, indices: indices.subarray(0, nz), values: values.subarray(0, nz) },
    },
    (model) => {
      model.options.set({ output_flag: false, ...options });
      const built = performance.now();
      const { modelStatus } = model.run();
      const solved = performance.now();
      const status = Object.entries(highs.constants.modelStatus).find(([, code]) => code === modelStatus)?.[0] ?? String(modelStatus);
      const optimal = modelStatus === highs.constants.modelStatus.optimal;
      const chosen: number[] = [];
      let fractional = 0;
      if (optimal) {
        const { colValue } = model.getSolution();
        colValue.forEach((x, i) => {
          if (Math.abs(x - Math.round(x)) > 1e-6) fractional++;
          if (x > 0.5) chosen.push(i);
        });
      }
      return {
        status,
        objective: optimal ? model.getObjectiveValue() : null,
        chosen: Int32Array.from(chosen),
        fractional,
        buildMillis: built - started,
        solveMillis: solved - built,
        wasmHeapBytes: highs.memoryBytes,
      };
    },
  );
}
