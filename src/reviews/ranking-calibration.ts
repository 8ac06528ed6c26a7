import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { calibrate } from '../calibration/calibration';
import { CalibratedScoresView, CalibrationSummaryView, RankingView } from './dto/ranking.dto';

/** Ridge on the reviewers' biases, in reviews: a reviewer's leniency counts fully after a few reviews. */
const RIDGE = 2;
/** Under this spectral gap the reviewers split into groups that share too few proposals (see calibration/connectivity.ts). */
const MIN_SPECTRAL_GAP = 0.05;
const CACHED_CALLS = 20;

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * The ranking's calibrated columns (src/calibration): beside the raw mean, the z-score mean and the least-squares
 * quality (total = quality + reviewer bias, ridge on the biases), each with its rank among the reviewed proposals
 * (ties by the official rank), and how well the reviews connect the reviewers, with a warning when too weakly.
 * Over the same submitted reviews as the ranking, read in one query.
 *
 * Calibrating 40,000 reviews costs a few hundred milliseconds, over the ranking's budget, so each process keeps the
 * last result of its CACHED_CALLS most recent calls, keyed by what it depends on: the number of submitted reviews,
 * the latest submission and the ranked proposals in their order (a cheap indexed count and a hash). A review
 * submitted or a proposal re-ranked changes the key; nothing else can change the result. It is a cache of a pure
 * function of the database, so replicas need not share it.
 */
@Injectable()
export class RankingCalibration {
  private readonly cache = new Map<
    string,
    { key: string; summary: CalibrationSummaryView; calibrated: Map<string, CalibratedScoresView | null> }
  >();

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async annotate(callId: string, ranking: RankingView): Promise<RankingView> {
    const [{ count, latest }] = await this.txHost.tx.query<{ count: number; latest: string | null }[]>(
      `SELECT count(*)::int AS count, max(submitted_at)::text AS latest FROM review WHERE call_id = $1 AND submitted_at IS NOT NULL`,
      [callId],
    );
    const order = createHash('sha1');
    for (const item of ranking.items) order.update(item.proposalId);
    const key = `${count}|${latest}|${order.digest('base64')}`;
    let cached = this.cache.get(callId);
    if (cached?.key !== key) {
      cached = { key, ...(await this.compute(callId, ranking)) };
      this.cache.delete(callId);
      this.cache.set(callId, cached);
      if (this.cache.size > CACHED_CALLS) this.cache.delete(this.cache.keys().next().value!);
    }
    const { summary, calibrated } = cached;
    return {
      ...ranking,
      calibration: summary,
      items: ranking.items.map((item) => ({ ...item, calibrated: calibrated.get(item.proposalId) ?? null })),
    };
  }

  private async compute(
    callId: string,
    ranking: RankingView,
  ): Promise<{ summary: CalibrationSummaryView; calibrated: Map<string, CalibratedScoresView | null> }> {
    const reviews = await this.txHost.tx.query<{ proposalId: string; reviewerId: string; total: number }[]>(
      `SELECT review.proposal_id AS "proposalId", assignment.reviewer_id AS "reviewerId", review.total::float8 AS total
       FROM review JOIN review_assignment assignment ON assignment.id = review.assignment_id
       WHERE review.call_id = $1 AND review.submitted_at IS NOT NULL AND review.total IS NOT NULL`,
      [callId],
    );
    const proposalIndex = new Map(ranking.items.map((item, i) => [item.proposalId, i]));
    const reviewerIndex = new Map<string, number>();
    const kept = reviews.filter((review) => proposalIndex.has(review.proposalId));
    for (const review of kept) if (!reviewerIndex.has(review.reviewerId)) reviewerIndex.set(review.reviewerId, reviewerIndex.size);
    const result = calibrate({
      proposalCount: ranking.items.length,
      reviewerCount: reviewerIndex.size,
      reviews: {
        proposal: Int32Array.from(kept, (review) => proposalIndex.get(review.proposalId)!),
        reviewer: Int32Array.from(kept, (review) => reviewerIndex.get(review.reviewerId)!),
        total: Float64Array.from(kept, (review) => review.total),
      },
      ridge: RIDGE,
      tieOrder: Int32Array.from(ranking.items, (item) => item.rank),
      minSpectralGap: MIN_SPECTRAL_GAP,
    });
    const { connectivity } = result;
    const calibration: CalibrationSummaryView = {
      ridge: RIDGE,
      reviews: kept.length,
      reviewers: reviewerIndex.size,
      components: connectivity.components,
      largestComponentProposals: connectivity.largestComponentProposals,
      spectralGap: round(connectivity.spectralGap, 4),
      minSpectralGap: MIN_SPECTRAL_GAP,
      reviewersWithOneReview: connectivity.reviewersWithOneReview,
      warning: connectivity.warning,
    };
    return {
      summary: calibration,
      calibrated: new Map(
        ranking.items.map((item, i) => {
          const p = result.proposals[i];
          return [
            item.proposalId,
            p && { zScore: round(p.zScore, 2), zRank: p.zRank, quality: round(p.quality, 2), qualityRank: p.qualityRank },
          ];
        }),
      ),
    };
  }
}
