import { ProposalState } from '../proposals/proposal-state';

/** Proposals that are ranked: eligible ones (perhaps without a review yet), those under review and those decided. */
export const RANKED_PROPOSAL_STATES: readonly ProposalState[] = [
  ProposalState.Eligible,
  ProposalState.UnderReview,
  ProposalState.Awarded,
  ProposalState.Rejected,
  ProposalState.Waitlisted,
];

/**
 * The ranking of a call, in one statement, over submitted reviews only ($1 the call, $2 the home agency, $3 the
 * partner agency, $4 minReviews, $5 the ranked states). A review's total (0-100) was computed at submission
 * (REVIEW_TOTAL_SQL); per proposal: the number of reviews, their mean, sample standard deviation, and the mean by
 * each agency's reviewers. Rank: mean descending, then more reviews, then smaller deviation, then earlier
 * submission of the proposal, then id, so every rank is distinct and stable; proposals without a review come last.
 * The aggregates are exact (numeric) and rounded to two decimals only for output. The reviews are read through the
 * partial index IDX_review_ranking (call_id, proposal_id) WHERE submitted_at IS NOT NULL.
 */
export const RANKING_SQL = `
WITH scored AS (
  SELECT review.proposal_id,
         count(*) AS reviews,
         avg(review.total) AS mean,
         stddev_samp(review.total) AS deviation,
         count(*) FILTER (WHERE review.reviewer_agency_id = $2) AS home_reviews,
         avg(review.total) FILTER (WHERE review.reviewer_agency_id = $2) AS home_mean,
         count(*) FILTER (WHERE review.reviewer_agency_id = $3) AS partner_reviews,
         avg(review.total) FILTER (WHERE review.reviewer_agency_id = $3) AS partner_mean
  FROM review
  WHERE review.call_id = $1 AND review.submitted_at IS NOT NULL
  GROUP BY review.proposal_id
)
SELECT row_number() OVER (
         ORDER BY scored.mean DESC NULLS LAST, scored.reviews DESC NULLS LAST, scored.deviation ASC NULLS LAST,
                  proposal.submitted_at ASC NULLS LAST, proposal.id ASC
       )::int AS rank,
       proposal.id AS "proposalId",
       proposal.acronym,
       proposal.title,
       proposal.state,
       proposal.submitted_at AS "submittedAt",
       coalesce(scored.reviews, 0)::int AS "reviewCount",
       coalesce(scored.reviews, 0) < $4 AS "belowMinReviews",
       round(scored.mean, 2)::float8 AS "meanTotal",
       round(scored.deviation, 2)::float8 AS "standardDeviation",
       coalesce(scored.home_reviews, 0)::int AS "homeReviewCount",
       round(scored.home_mean, 2)::float8 AS "homeMeanTotal",
       coalesce(scored.partner_reviews, 0)::int AS "partnerReviewCount",
       round(scored.partner_mean, 2)::float8 AS "partnerMeanTotal"
FROM proposal
LEFT JOIN scored ON scored.proposal_id = proposal.id
WHERE proposal.call_id = $1 AND proposal.state = ANY($5::proposal_state[])
ORDER BY rank`;

/** One row of RANKING_SQL. */
export interface RankingRow {
  rank: number;
  proposalId: string;
  acronym: string | null;
  title: string;
  state: ProposalState;
  submittedAt: Date | null;
  reviewCount: number;
  belowMinReviews: boolean;
  meanTotal: number | null;
  standardDeviation: number | null;
  homeReviewCount: number;
  homeMeanTotal: number | null;
  partnerReviewCount: number;
  partnerMeanTotal: number | null;
}

/** The parameters of RANKING_SQL for a call. */
export const rankingParameters = (call: { id: string; homeAgencyId: string; partnerAgencyId: string; minReviewsPerProposal: number }) => [
  call.id,
  call.homeAgencyId,
  call.partnerAgencyId,
  call.minReviewsPerProposal,
  RANKED_PROPOSAL_STATES,
];
