import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { calibrate } from '../calibration/calibration';
import { CalibratedScoresView, CalibrationSummaryView, RankingView } from './dto/ranking.dto';

/** Ridge on the reviewers' biases, in reviews: a reviewer's leniency counts fully after a few reviews. */
const RIDGE = 2;
/** Under this spectral gap the reviewers split into groups that share too few proposals (see calibration/connectivity.ts). */
const MIN_SPECTRAL_GAP = 0.05;

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * The ranking's calibrated columns (src/calibration): beside the raw mean, the z-score mean and the least-squares
 * quality (total = quality + reviewer bias, ridge on the biases), each with its rank among the reviewed proposals
 * (ties by the official rank), and how well the reviews connect the reviewers, with a warning when too weakly.
 * Over the same submitted reviews as the ranking, read in one query.
 */
@Injectable()
export class RankingCalibration {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async annotate(callId: string, ranking: RankingView): Promise<RankingView> {
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
      ...ranking,
      calibration,
      items: ranking.items.map((item, i) => {
        const p = result.proposals[i];
        const calibrated: CalibratedScoresView | null = p && {
          zScore: round(p.zScore, 2),
          zRank: p.zRank,
          quality: round(p.quality, 2),
          qualityRank: p.qualityRank,
        };
        return { ...item, calibrated };
      }),
    };
  }
}
