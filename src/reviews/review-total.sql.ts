/**
 * A review's total, in SQL: the weighted mean of its criteria, each scaled to 0-100 (score / scaleMax * 100), over
 * the call's criteria. numeric throughout, so that equal reviews have equal totals and tie exactly in the ranking.
 */
export const REVIEW_TOTAL_SQL = `(
  SELECT sum(criterion.weight * (review.scores ->> criterion.key)::numeric / criterion."scaleMax" * 100) / sum(criterion.weight)
  FROM call, jsonb_to_recordset(call.review_criteria) AS criterion(key text, weight numeric, "scaleMax" numeric)
  WHERE call.id = review.call_id)`;
