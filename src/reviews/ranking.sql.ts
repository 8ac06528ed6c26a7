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
 * The ranking's order: mean, then more reviews, smaller variance, earlier submission, id. Means and variances are
 * quotients of exact integers (see RANKING_SQL), so equal ones compare equal and the ties go on to the next key.
 */
const RANKING_ORDER = `scored.units / scored.reviews DESC NULLS LAST, scored.reviews DESC NULLS LAST,
                  (scored.reviews * scored.squares - scored.units * scored.units) / nullif(scored.reviews * (scored.reviews - 1), 0) ASC NULLS LAST,
                  proposal.submitted_at ASC NULLS LAST, proposal.id ASC`;

/**
 * The ranking of a call, in one statement, over submitted reviews only ($1 the call, $2 the home agency, $3 the
 * partner agency, $4 minReviews, $5 the ranked states). A review's total (0-100, four decimals) was computed at
 * submission (REVIEW_TOTAL_SQL); per proposal: the number of reviews, their mean, sample standard deviation, and the
 * mean by each agency's reviewers. Rank: mean descending, then more reviews, then smaller deviation, then earlier
 * submission of the proposal, then id, so every rank is distinct and stable; proposals without a review come last.
 *
 * The totals are added as integers of ten-thousandths in float8, exact far beyond any call's size (2^53), which is
 * several times cheaper than numeric aggregates: mean = Σx / n and variance = (nΣx² − (Σx)²) / (n(n − 1)) are then
 * correctly rounded quotients of exact integers, so equal means and deviations tie exactly. Rounded to two decimals
 * for output only. On a table of many calls the reviews of one are read from the partial index IDX_review_ranking
 * (call_id, proposal_id) INCLUDE (total, reviewer_agency_id).
 */
export const RANKING_SQL = `
WITH units AS (
  SELECT review.proposal_id, review.reviewer_agency_id, round(review.total::float8 * 10000) AS x
  FROM review
  WHERE review.call_id = $1 AND review.submitted_at IS NOT NULL
), scored AS (
  SELECT units.proposal_id,
         count(*)::float8 AS reviews,
         sum(units.x) AS units,
         sum(units.x * units.x) AS squares,
         count(*) FILTER (WHERE units.reviewer_agency_id = $2) AS home_reviews,
         sum(units.x) FILTER (WHERE units.reviewer_agency_id = $2) AS home_units,
         count(*) FILTER (WHERE units.reviewer_agency_id = $3) AS partner_reviews,
         sum(units.x) FILTER (WHERE units.reviewer_agency_id = $3) AS partner_units
  FROM units
  GROUP BY units.proposal_id
)
SELECT row_number() OVER (ORDER BY ${RANKING_ORDER})::int AS rank,
       proposal.id AS "proposalId",
       proposal.acronym,
       proposal.title,
       proposal.state,
       proposal.submitted_at AS "submittedAt",
       coalesce(scored.reviews, 0)::int AS "reviewCount",
       coalesce(scored.reviews, 0) < $4 AS "belowMinReviews",
       round((scored.units / scored.reviews / 10000)::numeric, 2)::float8 AS "meanTotal",
       round((sqrt((scored.reviews * scored.squares - scored.units * scored.units) / nullif(scored.reviews * (scored.reviews - 1), 0)) / 10000)::numeric, 2)::float8
         AS "standardDeviation",
       coalesce(scored.home_reviews, 0)::int AS "homeReviewCount",
       round((scored.home_units / nullif(scored.home_reviews, 0) / 10000)::numeric, 2)::float8 AS "homeMeanTotal",
       coalesce(scored.partner_reviews, 0)::int AS "partnerReviewCount",
       round((scored.partner_units / nullif(scored.partner_reviews, 0) / 10000)::numeric, 2)::float8 AS "partnerMeanTotal"
FROM proposal
LEFT JOIN scored ON scored.proposal_id = proposal.id
WHERE proposal.call_id = $1 AND proposal.state = ANY($5::proposal_state[])
ORDER BY ${RANKING_ORDER}`;

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
