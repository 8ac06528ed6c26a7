import { reviewGraphConnectivity, ReviewGraphConnectivity } from './connectivity';

/**
 * Calibrated scores: what a proposal's reviews say once each reviewer's leniency or severity is taken out.
 * Plain TypeScript over indices (proposals 0..P-1, reviewers 0..R-1); totals are on the ranking's 0-100 scale.
 *
 * Two estimates, each with its rank:
 * - z-score mean: each review's total standardised by its reviewer's mean and standard deviation within the call,
 *   averaged per proposal, and put back on the 0-100 scale (global mean + global sd x z). A reviewer with few
 *   reviews has mean and variance shrunk towards the call's (PRIOR_REVIEWS pseudo-reviews at the global mean and
 *   variance), so one review does not become z = 0 and a reviewer who gives everyone 80 does not divide by zero.
 * - least squares: total = quality(proposal) + bias(reviewer) + noise, minimising
 *     sum (total - quality - bias)^2 + ridge x sum bias^2
 *   The ridge fixes the level (biases average about 0, as leniency is relative) and shrinks the bias of a reviewer
 *   with few reviews towards 0. Eliminating qualities (quality = mean over the proposal of total - bias) leaves a
 *   reviewers x reviewers system S bias = c, S = diag(reviews + ridge) - B' D^-1 B (B: review incidence, D: reviews
 *   per proposal), symmetric positive definite, solved by conjugate gradient with a sparse product: no matrix is
 *   built, each iteration is one pass over the reviews.
 */
export interface CalibrationInput {
  readonly proposalCount: number;
  readonly reviewerCount: number;
  /** One entry per submitted review. */
  readonly reviews: { readonly proposal: Int32Array; readonly reviewer: Int32Array; readonly total: Float64Array };
  /** Ridge on the biases, in reviews (default 2). */
  readonly ridge?: number;
  /** Proposal order for ties (e.g. the official rank); default by index. */
  readonly tieOrder?: Int32Array;
  /** Spectral gap under which the graph is reported weakly connected (default 0.05). */
  readonly minSpectralGap?: number;
}

export interface CalibratedProposal {
  readonly reviews: number;
  readonly rawMean: number;
  readonly zMean: number;
  /** zMean on the 0-100 scale. */
  readonly zScore: number;
  readonly quality: number;
  readonly rawRank: number;
  readonly zRank: number;
  readonly qualityRank: number;
}

export interface Calibration {
  /** Per proposal; null for a proposal without reviews (it has no rank). */
  readonly proposals: readonly (CalibratedProposal | null)[];
  /** Per reviewer: the estimated leniency (positive: scores higher than the quality). */
  readonly bias: Float64Array;
  readonly connectivity: ReviewGraphConnectivity;
  readonly solver: { readonly iterations: number; readonly residual: number };
}

const PRIOR_REVIEWS = 2;

export function calibrate(input: CalibrationInput): Calibration {
  const { proposalCount: P, reviewerCount: R, reviews } = input;
  const ridge = input.ridge ?? 2;
  if (!(ridge > 0)) throw new RangeError(`ridge must be positive, got ${ridge}`);
  const n = reviews.total.length;
  const perProposal = new Int32Array(P);
  const perReviewer = new Int32Array(R);
  const proposalSum = new Float64Array(P);
  const reviewerSum = new Float64Array(R);
  let total = 0;
  for (let i = 0; i < n; i++) {
    perProposal[reviews.proposal[i]]++;
    perReviewer[reviews.reviewer[i]]++;
    proposalSum[reviews.proposal[i]] += reviews.total[i];
    reviewerSum[reviews.reviewer[i]] += reviews.total[i];
    total += reviews.total[i];
  }
  const globalMean = n > 0 ? total / n : 0;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (reviews.total[i] - globalMean) ** 2;
  const globalSd = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;

  // z-scores with each reviewer's mean and variance shrunk towards the call's.
  const reviewerMean = new Float64Array(R);
  for (let r = 0; r < R; r++) reviewerMean[r] = (reviewerSum[r] + PRIOR_REVIEWS * globalMean) / (perReviewer[r] + PRIOR_REVIEWS);
  const reviewerSquares = new Float64Array(R);
  for (let i = 0; i < n; i++) reviewerSquares[reviews.reviewer[i]] += (reviews.total[i] - reviewerMean[reviews.reviewer[i]]) ** 2;
  const reviewerSd = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    reviewerSd[r] = Math.sqrt((reviewerSquares[r] + PRIOR_REVIEWS * globalSd ** 2) / (perReviewer[r] - 1 + PRIOR_REVIEWS));
  }
  const zSum = new Float64Array(P);
  for (let i = 0; i < n; i++) {
    const r = reviews.reviewer[i];
    zSum[reviews.proposal[i]] += reviewerSd[r] > 0 ? (reviews.total[i] - reviewerMean[r]) / reviewerSd[r] : 0;
  }

  const { bias, iterations, residual } = solveBiases(input, ridge, perProposal, perReviewer, proposalSum);
  const biasSum = new Float64Array(P);
  for (let i = 0; i < n; i++) biasSum[reviews.proposal[i]] += bias[reviews.reviewer[i]];

  const reviewed: number[] = [];
  for (let p = 0; p < P; p++) if (perProposal[p] > 0) reviewed.push(p);
  const rawMean = (p: number) => proposalSum[p] / perProposal[p];
  const zMean = (p: number) => zSum[p] / perProposal[p];
  const quality = (p: number) => (proposalSum[p] - biasSum[p]) / perProposal[p];
  const tie = input.tieOrder ?? Int32Array.from({ length: P }, (_, p) => p);
  const rawRank = ranks(reviewed, rawMean, tie, P);
  const zRank = ranks(reviewed, zMean, tie, P);
  const qualityRank = ranks(reviewed, quality, tie, P);
  const proposals = Array.from({ length: P }, (_, p): CalibratedProposal | null =>
    perProposal[p] === 0
      ? null
      : {
          reviews: perProposal[p],
          rawMean: rawMean(p),
          zMean: zMean(p),
          zScore: globalMean + globalSd * zMean(p),
          quality: quality(p),
          rawRank: rawRank[p],
          zRank: zRank[p],
          qualityRank: qualityRank[p],
        },
  );
  const connectivity = reviewGraphConnectivity({
    proposalCount: P,
    reviewerCount: R,
    proposal: reviews.proposal,
    reviewer: reviews.reviewer,
    minSpectralGap: input.minSpectralGap ?? 0.05,
  });
  return { proposals, bias, connectivity, solver: { iterations, residual } };
}

/** 1-based ranks by descending value among `among`, ties by `tie` order; 0 for the others. */
function ranks(among: readonly number[], value: (p: number) => number, tie: Int32Array, size: number): Int32Array {
  const order = [...among].sort((a, b) => value(b) - value(a) || tie[a] - tie[b]);
  const rank = new Int32Array(size);
  order.forEach((p, i) => (rank[p] = i + 1));
  return rank;
}

/** Conjugate gradient on S bias = c (see the file's comment); stops at a relative residual of 1e-10. */
function solveBiases(
  input: CalibrationInput,
  ridge: number,
  perProposal: Int32Array,
  perReviewer: Int32Array,
  proposalSum: Float64Array,
): { bias: Float64Array; iterations: number; residual: number } {
  const { reviews, reviewerCount: R, proposalCount: P } = input;
  const n = reviews.total.length;
  const sumOver = new Float64Array(P);
  // S x = diag(reviews + ridge) x - B' D^-1 B x
  const multiply = (x: Float64Array, out: Float64Array) => {
    sumOver.fill(0);
    for (let i = 0; i < n; i++) sumOver[reviews.proposal[i]] += x[reviews.reviewer[i]];
    for (let r = 0; r < R; r++) out[r] = (perReviewer[r] + ridge) * x[r];
    for (let i = 0; i < n; i++) out[reviews.reviewer[i]] -= sumOver[reviews.proposal[i]] / perProposal[reviews.proposal[i]];
  };
  // c = sum over a reviewer's reviews of (total - the proposal's mean total)
  const c = new Float64Array(R);
  for (let i = 0; i < n; i++) {
    const p = reviews.proposal[i];
    c[reviews.reviewer[i]] += reviews.total[i] - proposalSum[p] / perProposal[p];
  }
  const x = new Float64Array(R);
  const r = Float64Array.from(c);
  const d = Float64Array.from(c);
  const q = new Float64Array(R);
  const dot = (a: Float64Array, b: Float64Array) => {
    let sum = 0;
    for (let k = 0; k < a.length; k++) sum += a[k] * b[k];
    return sum;
  };
  const norm0 = Math.sqrt(dot(c, c));
  let rr = dot(r, r);
  let iterations = 0;
  while (iterations < 10 * R + 10 && Math.sqrt(rr) > 1e-10 * Math.max(norm0, 1e-300)) {
    multiply(d, q);
    const alpha = rr / dot(d, q);
    for (let k = 0; k < R; k++) {
      x[k] += alpha * d[k];
      r[k] -= alpha * q[k];
    }
    const next = dot(r, r);
    for (let k = 0; k < R; k++) d[k] = r[k] + (next / rr) * d[k];
    rr = next;
    iterations++;
  }
  return { bias: x, iterations, residual: norm0 > 0 ? Math.sqrt(rr) / norm0 : 0 };
}
