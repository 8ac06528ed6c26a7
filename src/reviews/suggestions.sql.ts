import { LIVE_ASSIGNMENT_STATES } from './review-assignment-state';

/**
 * The reviewers of a call's two pools who fit a proposal, best first ($1 the proposal, $2 its call, $3 the home
 * agency, $4 the partner agency, $5 the call's load cap, $6 the live assignment states, $7 limit, $8 offset).
 *
 * The proposal's title, abstract and keywords become an English tsvector; its lexemes, OR-ed, the tsquery that the
 * reviewers' expertise vectors are matched and ranked against (GIN index on expertise_vector). Keyword overlap is
 * the share of the proposal's keywords among the reviewer's (GIN index on expertise_keywords). A reviewer matching
 * neither is no suggestion. Fit = 100 × (½ × ts_rank normalised to 0-1 (rank/(rank+1)) + ½ × keyword overlap).
 * Reviewers at the call's load cap, inactive ones and those already assigned are left out here; conflicts of
 * interest are then judged by the one pure rule (conflicts.rules.ts) on the rows this returns.
 */
export const SUGGESTIONS_SQL = `
WITH target AS (
  SELECT to_tsvector('english', proposal.title || ' ' || proposal.abstract || ' ' || array_to_string(proposal.keywords, ' ')) AS document,
         ARRAY(SELECT DISTINCT lower(btrim(keyword)) FROM unnest(proposal.keywords) AS keyword) AS keywords
  FROM proposal WHERE proposal.id = $1
), wanted AS (
  SELECT target.document, target.keywords,
         (SELECT string_agg(format('%L', lexeme), ' | ') FROM unnest(tsvector_to_array(target.document)) AS lexeme)::tsquery AS query
  FROM target
), fit AS (
  SELECT profile.user_id, profile.expertise_keywords, profile.expertise_vector, profile.recruiting_agency_id, profile.institution,
         profile.email_domain, profile.country, account.name, account.email,
         coalesce(ts_rank(profile.expertise_vector, wanted.query, 32), 0) AS text_fit,
         (SELECT count(*) FROM unnest(profile.expertise_keywords) AS keyword WHERE keyword = ANY(wanted.keywords))::numeric
           / greatest(cardinality(wanted.keywords), 1) AS keyword_fit,
         (SELECT count(*) FROM review_assignment assignment
          WHERE assignment.reviewer_id = profile.user_id AND assignment.call_id = $2
            AND assignment.state = ANY($6::review_assignment_state[]))::int AS load
  FROM reviewer_profile profile JOIN "user" account ON account.id = profile.user_id, wanted
  WHERE account.active AND profile.recruiting_agency_id IN ($3, $4)
    AND (profile.expertise_vector @@ wanted.query OR profile.expertise_keywords && wanted.keywords)
    AND NOT EXISTS (SELECT 1 FROM review_assignment assignment
                    WHERE assignment.proposal_id = $1 AND assignment.reviewer_id = profile.user_id
                      AND assignment.state = ANY($6::review_assignment_state[]))
)
SELECT fit.user_id AS "reviewerId", fit.name, fit.email, fit.recruiting_agency_id AS "agencyId", fit.institution,
       fit.email_domain AS "emailDomain", fit.country, fit.load,
       round((100 * fit.text_fit)::numeric, 2)::float8 AS "textScore",
       round(100 * fit.keyword_fit, 2)::float8 AS "keywordScore",
       round((50 * fit.text_fit)::numeric + 50 * fit.keyword_fit, 2)::float8 AS score,
       ARRAY(SELECT unnest(fit.expertise_keywords) INTERSECT SELECT unnest(wanted.keywords) ORDER BY 1) AS "matchingKeywords",
       ARRAY(SELECT unnest(tsvector_to_array(fit.expertise_vector)) INTERSECT SELECT unnest(tsvector_to_array(wanted.document)) ORDER BY 1)
         AS "matchingTerms"
FROM fit CROSS JOIN wanted
WHERE fit.load < $5
ORDER BY (50 * fit.text_fit)::numeric + 50 * fit.keyword_fit DESC, fit.user_id
LIMIT $7 OFFSET $8`;

export interface SuggestionRow {
  reviewerId: string;
  name: string;
  email: string;
  agencyId: string;
  institution: string;
  emailDomain: string;
  country: string;
  load: number;
  textScore: number;
  keywordScore: number;
  score: number;
  matchingKeywords: string[];
  matchingTerms: string[];
}

export const suggestionParameters = (
  proposalId: string,
  call: { id: string; homeAgencyId: string; partnerAgencyId: string; maxAssignmentsPerReviewer: number },
  limit: number,
  offset: number,
) => [proposalId, call.id, call.homeAgencyId, call.partnerAgencyId, call.maxAssignmentsPerReviewer, LIVE_ASSIGNMENT_STATES, limit, offset];
