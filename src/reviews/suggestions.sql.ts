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
), candidate AS (
  SELECT profile.user_id, profile.recruiting_agency_id, profile.institution, profile.email_domain, profile.country,
         profile.expertise_keywords, profile.expertise_vector
  FROM reviewer_profile profile, wanted
  WHERE profile.recruiting_agency_id IN ($3, $4)
    AND (profile.expertise_vector @@ wanted.query OR profile.expertise_keywords && wanted.keywords)
), scored AS (
  SELECT candidate.*,
         coalesce(ts_rank(candidate.expertise_vector, wanted.query, 32), 0) AS text_fit,
         ARRAY(SELECT unnest(candidate.expertise_keywords) INTERSECT SELECT unnest(wanted.keywords) ORDER BY 1) AS matching_keywords,
         ARRAY(SELECT unnest(tsvector_to_array(candidate.expertise_vector)) INTERSECT SELECT unnest(tsvector_to_array(wanted.document)) ORDER BY 1)
           AS matching_terms,
         cardinality(wanted.keywords) AS wanted_keywords,
         (SELECT count(*) FROM review_assignment assignment
          WHERE assignment.reviewer_id = candidate.user_id AND assignment.call_id = $2
            AND assignment.state = ANY($6::review_assignment_state[]))::int AS load
  FROM candidate, wanted
)
SELECT scored.user_id AS "reviewerId", account.name, account.email, scored.recruiting_agency_id AS "agencyId", scored.institution,
       scored.email_domain AS "emailDomain", scored.country, scored.load,
       round((100 * scored.text_fit)::numeric, 2)::float8 AS "textScore",
       round(100.0 * cardinality(scored.matching_keywords) / greatest(scored.wanted_keywords, 1), 2)::float8 AS "keywordScore",
       round((50 * scored.text_fit + 50.0 * cardinality(scored.matching_keywords) / greatest(scored.wanted_keywords, 1))::numeric, 2)::float8
         AS score,
       scored.matching_keywords AS "matchingKeywords", scored.matching_terms AS "matchingTerms"
FROM scored JOIN "user" account ON account.id = scored.user_id
WHERE account.active AND scored.load < $5
  AND NOT EXISTS (SELECT 1 FROM review_assignment assignment
                  WHERE assignment.proposal_id = $1 AND assignment.reviewer_id = scored.user_id
                    AND assignment.state = ANY($6::review_assignment_state[]))
ORDER BY score DESC, scored.user_id
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
