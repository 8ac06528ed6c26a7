import { random } from '../assignment-plans/solver/instances.testing';
import { calibrate, CalibrationInput } from './calibration';
import { kendallTau } from './kendall-tau';

/** A call with known truth: proposals of known quality, reviewers of known leniency, noisy scores on 0-100. */
function syntheticCall(settings: {
  proposals: number;
  reviewers: number;
  perProposal: number;
  biasSd: number;
  noiseSd: number;
  seed: number;
  panels?: number;
  bridges?: number;
}) {
  const rnd = random(settings.seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const quality = Array.from({ length: settings.proposals }, () => 30 + 50 * rnd());
  const bias = Array.from({ length: settings.reviewers }, () => settings.biasSd * gaussian());
  const panels = settings.panels ?? 1;
  const panelOf = (r: number) => r % panels;
  const proposal: number[] = [];
  const reviewer: number[] = [];
  const total: number[] = [];
  quality.forEach((q, p) => {
    // Proposal p is reviewed within panel p % panels, except for the first `bridges` proposals, which take one
    // reviewer from the next panel.
    const panel = p % panels;
    const pool = bias.map((_, r) => r).filter((r) => panelOf(r) === panel);
    const chosen = new Set<number>();
    if (p < (settings.bridges ?? 0)) chosen.add(bias.map((_, r) => r).find((r) => panelOf(r) === (panel + 1) % panels)!);
    while (chosen.size < settings.perProposal) chosen.add(pool[Math.floor(rnd() * pool.length)]);
    for (const r of chosen) {
      proposal.push(p);
      reviewer.push(r);
      total.push(Math.min(100, Math.max(0, q + bias[r] + settings.noiseSd * gaussian())));
    }
  });
  const input: CalibrationInput = {
    proposalCount: settings.proposals,
    reviewerCount: settings.reviewers,
    reviews: { proposal: Int32Array.from(proposal), reviewer: Int32Array.from(reviewer), total: Float64Array.from(total) },
  };
  return { input, quality, bias };
}

const pearson = (x: ArrayLike<number>, y: ArrayLike<number>) => {
  const n = x.length;
  const mx = Array.from(x).reduce((s, v) => s + v, 0) / n;
  const my = Array.from(y).reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
};

describe(calibrate.name, () => {
  it('ranks closer to the true quality than the raw mean when reviewers differ in leniency', () => {
    const taus = { raw: [] as number[], z: [] as number[], leastSquares: [] as number[] };
    for (const seed of [1, 2, 3, 4, 5]) {
      const { input, quality } = syntheticCall({ proposals: 300, reviewers: 40, perProposal: 3, biasSd: 10, noiseSd: 6, seed });
      const { proposals } = calibrate(input);
      // Ranks: 1 is best, so compare -rank with quality.
      const by = (key: 'rawRank' | 'zRank' | 'qualityRank') => proposals.map((p) => -p![key]);
      taus.raw.push(kendallTau(quality, by('rawRank')));
      taus.z.push(kendallTau(quality, by('zRank')));
      taus.leastSquares.push(kendallTau(quality, by('qualityRank')));
    }
    const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
    console.log(
      "Kendall's tau with the true quality (300 proposals, 40 reviewers of leniency sd 10, noise sd 6, 3 reviews each; 5 calls):\n" +
        `  raw mean       ${taus.raw.map((t) => t.toFixed(3)).join(' ')}  mean ${mean(taus.raw).toFixed(3)}\n` +
        `  z-score mean   ${taus.z.map((t) => t.toFixed(3)).join(' ')}  mean ${mean(taus.z).toFixed(3)}\n` +
        `  least squares  ${taus.leastSquares.map((t) => t.toFixed(3)).join(' ')}  mean ${mean(taus.leastSquares).toFixed(3)}`,
    );
    taus.raw.forEach((raw, i) => {
      expect(taus.z[i]).toBeGreaterThan(raw);
      expect(taus.leastSquares[i]).toBeGreaterThan(raw);
    });
  });

  it("recovers the reviewers' leniency", () => {
    const { input, bias } = syntheticCall({ proposals: 300, reviewers: 40, perProposal: 3, biasSd: 10, noiseSd: 6, seed: 9 });
    const calibration = calibrate(input);
    expect(pearson(calibration.bias, bias)).toBeGreaterThan(0.95);
    expect(calibration.solver.residual).toBeLessThan(1e-9);
    expect(calibration.connectivity.warning).toBeNull();
  });

  it('gives the least-squares quality exactly when scores are quality plus bias without noise', () => {
    const { input, quality, bias } = syntheticCall({ proposals: 60, reviewers: 12, perProposal: 3, biasSd: 5, noiseSd: 0, seed: 4 });
    const calibration = calibrate({ ...input, ridge: 1e-9 });
    const level = bias.reduce((s, b) => s + b, 0) / bias.length; // leniency is relative: the mean bias is not identifiable
    calibration.proposals.forEach((p, i) => expect(p!.quality).toBeCloseTo(quality[i] + level, 4));
  });

  it('warns when the reviews fall into groups that share no reviewer', () => {
    const { input } = syntheticCall({ proposals: 100, reviewers: 20, perProposal: 3, biasSd: 5, noiseSd: 5, seed: 3, panels: 2 });
    const { connectivity } = calibrate(input);
    expect(connectivity).toMatchObject({ components: 2, largestComponentProposals: 50, spectralGap: 0, warning: { code: 'DISCONNECTED' } });
  });

  it('warns when two panels are bridged by a single proposal, and not when they share many', () => {
    const weak = calibrate(
      syntheticCall({ proposals: 200, reviewers: 20, perProposal: 3, biasSd: 5, noiseSd: 5, seed: 3, panels: 2, bridges: 1 }).input,
    );
    const strong = calibrate(
      syntheticCall({ proposals: 200, reviewers: 20, perProposal: 3, biasSd: 5, noiseSd: 5, seed: 3, panels: 2, bridges: 60 }).input,
    );
    console.log(
      `spectral gap: two panels bridged by 1 proposal ${weak.connectivity.spectralGap.toFixed(4)}, by 60: ${strong.connectivity.spectralGap.toFixed(4)}`,
    );
    expect(weak.connectivity).toMatchObject({ components: 1, warning: { code: 'WEAKLY_CONNECTED' } });
    expect(strong.connectivity).toMatchObject({ components: 1, warning: null });
  });

  it('leaves a proposal without reviews unranked', () => {
    const calibration = calibrate({
      proposalCount: 2,
      reviewerCount: 1,
      reviews: { proposal: Int32Array.of(0), reviewer: Int32Array.of(0), total: Float64Array.of(70) },
    });
    expect(calibration.proposals[1]).toBeNull();
    expect(calibration.proposals[0]).toMatchObject({ reviews: 1, rawMean: 70, rawRank: 1, zRank: 1, qualityRank: 1 });
  });
});
