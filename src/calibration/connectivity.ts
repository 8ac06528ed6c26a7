/**
 * How well the reviews tie the reviewers together, i.e. whether calibration can tell leniency from quality.
 *
 * A reviewer's bias is only measured against reviewers who scored the same proposals, and theirs against
 * others', so what matters is the reviewer-proposal graph (an edge per review):
 * - components: in different components no review links the two sides, and calibrated scores of proposals in
 *   different components are not comparable at all;
 * - spectral gap: 1 - the second eigenvalue of K = Dr^-1/2 B' Dp^-1 B Dr^-1/2, the walk reviewer -> one of
 *   their proposals -> one of its reviewers (B: review incidence; Dp, Dr: reviews per proposal, per reviewer).
 *   It is 0 when the graph is disconnected and small when the reviewers split into groups that share few
 *   proposals (Cheeger: some group has a share of its links leaving it between gap/2 and sqrt(2 gap)); then the
 *   difference between the groups' scores is barely separable into leniency and quality. It is also the
 *   conditioning of the least-squares calibration's bias system (S = Dr^1/2 (I - K) Dr^1/2 + ridge), which is
 *   why it is the measure. Computed by Lanczos with full reorthogonalisation (each step one pass over the
 *   reviews; stopped when the estimate settles, at most 60 steps) and bisection on the tridiagonal matrix.
 * A warning is given when there is more than one component, or when the gap is under the threshold.
 */
export interface ReviewGraphConnectivity {
  /** Connected components among proposals with reviews and their reviewers. */
  readonly components: number;
  /** Proposals with reviews in the largest component. */
  readonly largestComponentProposals: number;
  readonly reviewedProposals: number;
  readonly spectralGap: number;
  readonly minSpectralGap: number;
  /** Reviewers with a single review: their bias is the ridge's guess. */
  readonly reviewersWithOneReview: number;
  readonly warning: { readonly code: 'DISCONNECTED' | 'WEAKLY_CONNECTED'; readonly message: string } | null;
}

export function reviewGraphConnectivity(input: {
  readonly proposalCount: number;
  readonly reviewerCount: number;
  readonly proposal: Int32Array;
  readonly reviewer: Int32Array;
  readonly minSpectralGap: number;
}): ReviewGraphConnectivity {
  const { proposalCount: P, reviewerCount: R, proposal, reviewer, minSpectralGap } = input;
  const n = proposal.length;
  const perProposal = new Int32Array(P);
  const perReviewer = new Int32Array(R);
  for (let i = 0; i < n; i++) {
    perProposal[proposal[i]]++;
    perReviewer[reviewer[i]]++;
  }
  // Components by union-find over proposals (0..P-1) and reviewers (P..P+R-1).
  const parent = Int32Array.from({ length: P + R }, (_, v) => v);
  const find = (v: number): number => {
    while (parent[v] !== v) {
      parent[v] = parent[parent[v]];
      v = parent[v];
    }
    return v;
  };
  for (let i = 0; i < n; i++) parent[find(proposal[i])] = find(P + reviewer[i]);
  const sizes = new Map<number, number>();
  let reviewedProposals = 0;
  for (let p = 0; p < P; p++) {
    if (perProposal[p] === 0) continue;
    reviewedProposals++;
    const root = find(p);
    sizes.set(root, (sizes.get(root) ?? 0) + 1);
  }
  const components = sizes.size;
  const largestComponentProposals = Math.max(0, ...sizes.values());
  let reviewersWithOneReview = 0;
  for (let r = 0; r < R; r++) if (perReviewer[r] === 1) reviewersWithOneReview++;
  const spectralGap = components === 1 ? secondEigenvalueGap(P, R, proposal, reviewer, perProposal, perReviewer) : 0;

  let warning: ReviewGraphConnectivity['warning'] = null;
  if (components > 1) {
    warning = {
      code: 'DISCONNECTED',
      message:
        `The reviews fall into ${components} groups that share no reviewer (the largest has ${largestComponentProposals} of ` +
        `${reviewedProposals} proposals): calibrated scores are comparable only within a group.`,
    };
  } else if (reviewedProposals > 1 && spectralGap < minSpectralGap) {
    warning = {
      code: 'WEAKLY_CONNECTED',
      message:
        `The reviewers form groups that share few proposals (spectral gap ${spectralGap.toFixed(3)}, under ${minSpectralGap}): ` +
        'differences between the groups are poorly separated into leniency and quality.',
    };
  }
  return {
    components,
    largestComponentProposals,
    reviewedProposals,
    spectralGap,
    minSpectralGap,
    reviewersWithOneReview,
    warning,
  };
}

/** Lanczos steps at most, and the change of the estimate under which it has settled (the warning needs 3 digits). */
const LANCZOS_STEPS = 60;
const SETTLED = 1e-5;

/** 1 - the second eigenvalue of K (see above) for a connected graph, by Lanczos deflated of the first (sqrt of reviews). */
function secondEigenvalueGap(
  P: number,
  R: number,
  proposal: Int32Array,
  reviewer: Int32Array,
  perProposal: Int32Array,
  perReviewer: Int32Array,
): number {
  const active: number[] = [];
  for (let r = 0; r < R; r++) if (perReviewer[r] > 0) active.push(r);
  const size = active.length;
  if (size < 2) return 1;
  const n = proposal.length;
  const scale = new Float64Array(R);
  for (const r of active) scale[r] = 1 / Math.sqrt(perReviewer[r]);
  const sums = new Float64Array(P);
  const full = new Float64Array(R);
  const back = new Float64Array(R);
  const multiply = (x: Float64Array, out: Float64Array) => {
    sums.fill(0);
    back.fill(0);
    for (let k = 0; k < size; k++) full[active[k]] = x[k] * scale[active[k]];
    for (let i = 0; i < n; i++) sums[proposal[i]] += full[reviewer[i]];
    for (let p = 0; p < P; p++) if (perProposal[p] > 0) sums[p] /= perProposal[p];
    for (let i = 0; i < n; i++) back[reviewer[i]] += sums[proposal[i]];
    for (let k = 0; k < size; k++) out[k] = back[active[k]] * scale[active[k]];
  };
  const dot = (a: Float64Array, b: Float64Array) => {
    let sum = 0;
    for (let k = 0; k < a.length; k++) sum += a[k] * b[k];
    return sum;
  };
  const first = Float64Array.from(active, (r) => Math.sqrt(perReviewer[r]));
  const firstNorm = Math.sqrt(dot(first, first));
  first.forEach((v, k) => (first[k] = v / firstNorm));
  const orthogonalise = (v: Float64Array, basis: readonly Float64Array[]) => {
    for (const b of basis) {
      const along = dot(v, b);
      for (let k = 0; k < v.length; k++) v[k] -= along * b[k];
    }
  };

  // A fixed, well-spread start (no randomness: the same call gives the same figure).
  let v = Float64Array.from({ length: size }, (_, k) => Math.sin(12.9898 * (k + 1)) + 0.5 * Math.cos(78.233 * (k + 1)));
  orthogonalise(v, [first]);
  const basis: Float64Array[] = [first];
  const alpha: number[] = [];
  const beta: number[] = [];
  let norm = Math.sqrt(dot(v, v));
  const steps = Math.min(LANCZOS_STEPS, size - 1);
  let estimate = NaN;
  for (let j = 0; j < steps && norm > 1e-12; j++) {
    for (let k = 0; k < size; k++) v[k] /= norm;
    basis.push(v);
    const next = new Float64Array(size);
    multiply(v, next);
    alpha.push(dot(next, v));
    orthogonalise(next, basis);
    orthogonalise(next, basis); // twice is enough (Kahan-Parlett)
    norm = Math.sqrt(dot(next, next));
    v = next;
    // The largest Ritz value converges from below; stop when it no longer moves.
    if (j % 5 === 4 || j === steps - 1 || norm <= 1e-12) {
      const ritz = largestEigenvalue(alpha, beta);
      if (Math.abs(ritz - estimate) < SETTLED) return Math.max(0, 1 - ritz);
      estimate = ritz;
    }
    beta.push(norm);
  }
  return Math.max(0, 1 - estimate);
}

/** The largest eigenvalue of the symmetric tridiagonal matrix (diagonal a, off-diagonal b), by bisection on Sturm counts. */
function largestEigenvalue(a: readonly number[], b: readonly number[]): number {
  const k = a.length;
  if (k === 0) return 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < k; i++) {
    const radius = (i > 0 ? Math.abs(b[i - 1]) : 0) + (i < k - 1 ? Math.abs(b[i] ?? 0) : 0);
    lo = Math.min(lo, a[i] - radius);
    hi = Math.max(hi, a[i] + radius);
  }
  /** How many eigenvalues are below x. */
  const below = (x: number) => {
    let count = 0;
    let d = 1;
    for (let i = 0; i < k; i++) {
      d = a[i] - x - (i > 0 ? (b[i - 1] * b[i - 1]) / d : 0);
      if (d === 0) d = -1e-300;
      if (d < 0) count++;
    }
    return count;
  };
  for (let iteration = 0; iteration < 200 && hi - lo > 1e-12; iteration++) {
    const mid = (lo + hi) / 2;
    if (below(mid) < k) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
