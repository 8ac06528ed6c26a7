/**
 * A review's total, in SQL: the weighted mean of its criteria, each scaled to 0-100 (score / scaleMax * 100), over
 * the call's criteria; computed in numeric and kept to four decimals (review.total is numeric(7,4)), so that equal
 * reviews have equal totals, and the ranking can add totals as exact integers of ten-thousandths.
 */
export const REVIEW_TOTAL_SQL = `(
  SELECT round(sum(criterion.weight * (review.scores ->> criterion.key)::numeric / criterion."scaleMax" * 100) / sum(criterion.weight), 4)
  FROM call, jsonb_to_recordset(call.review_criteria) AS criterion(key text, weight numeric, "scaleMax" numeric)
  WHERE call.id = review.call_id)`;
