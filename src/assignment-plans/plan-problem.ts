import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Call } from '../calls/call.entity';
import { conflictsOf, DeclaredConflictTerms, Person } from '../reviews/conflicts.rules';
import { LIVE_ASSIGNMENT_STATES } from '../reviews/review-assignment-state';
import { AssignmentProblem } from './solver/assignment-problem';

/**
 * Candidates of some of a call's proposals, best first per proposal and agency ($1 call, $2 home agency, $3 partner
 * agency, $4 candidates per agency, $5 live assignment states, $6 the proposals). The fit is the reviewer suggestions' own
 * (src/reviews/suggestions.sql.ts): 100 x (1/2 ts_rank of the reviewer's expertise against the proposal's lexemes
 * + 1/2 keyword overlap), through the same GIN indexes; a reviewer matching neither is no candidate. Ties are broken
 * by a hash of the pair, not by reviewer id: proposals on one topic would otherwise all get the same top K and
 * exhaust those reviewers' caps while equally fit colleagues go unasked. Reviewers already assigned (live) to the
 * proposal are left out; conflicts are judged afterwards by the pure rule.
 */
const CANDIDATES_SQL = `
WITH target AS (
  SELECT proposal.id,
         to_tsvector('english', proposal.title || ' ' || proposal.abstract || ' ' || array_to_string(proposal.keywords, ' ')) AS document,
         ARRAY(SELECT DISTINCT lower(btrim(keyword)) FROM unnest(proposal.keywords) AS keyword) AS keywords
  FROM proposal WHERE proposal.id = ANY($6::uuid[]) AND proposal.call_id = $1 AND proposal.state IN ('ELIGIBLE', 'UNDER_REVIEW')
), wanted AS (
  SELECT target.id, target.keywords,
         (SELECT string_agg(format('%L', lexeme), ' | ') FROM unnest(tsvector_to_array(target.document)) AS lexeme)::tsquery AS query
  FROM target
)
SELECT wanted.id AS "proposalId", pick.user_id AS "reviewerId", pick.score
FROM wanted CROSS JOIN LATERAL (
  SELECT ranked.user_id, ranked.score FROM (
    SELECT scored.user_id, scored.score,
           row_number() OVER (PARTITION BY scored.recruiting_agency_id ORDER BY scored.score DESC, md5(wanted.id::text || scored.user_id::text)) AS place
    FROM (
      SELECT profile.user_id, profile.recruiting_agency_id,
             50 * coalesce(ts_rank(profile.expertise_vector, wanted.query, 32), 0)
             + 50.0 * (SELECT count(*) FROM unnest(profile.expertise_keywords) AS keyword WHERE keyword = ANY(wanted.keywords))
                    / greatest(cardinality(wanted.keywords), 1) AS score
      FROM reviewer_profile profile JOIN "user" account ON account.id = profile.user_id AND account.active
      WHERE profile.recruiting_agency_id IN ($2, $3)
        AND (profile.expertise_vector @@ wanted.query OR profile.expertise_keywords && wanted.keywords)
        AND NOT EXISTS (SELECT 1 FROM review_assignment assignment
                        WHERE assignment.proposal_id = wanted.id AND assignment.reviewer_id = profile.user_id
                          AND assignment.state = ANY($5::review_assignment_state[]))
    ) scored
  ) ranked
  WHERE ranked.place <= $4
) pick`;

const CHUNK = 500;
const CHUNK_CONCURRENCY = 2;

/** The call's problem and the ids behind its indices. */
export interface LoadedProblem {
  readonly problem: AssignmentProblem;
  readonly agencyIds: readonly string[];
  readonly proposalIds: readonly string[];
  readonly reviewers: readonly { id: string; agencyId: string; current: number }[];
  readonly conflictedPairs: number;
  /** The same problem with up to `candidatesPerProposal` candidates for these proposals (the others keep theirs). */
  readonly widen: (proposalIds: readonly string[], candidatesPerProposal: number) => Promise<LoadedProblem>;
}

/** Builds a call's assignment problem from the database: proposals, the two pools, kept assignments, candidates. */
@Injectable()
export class PlanProblemLoader {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private query<T>(sql: string, parameters: unknown[]): Promise<T[]> {
    return this.txHost.tx.query<T[]>(sql, parameters);
  }

  /**
   * The candidates, in chunks of proposals on CHUNK_CONCURRENCY connections at once (PostgreSQL runs each statement
   * on one core), each in a transaction that tells the planner to reach the profiles through their GIN indexes: on a
   * pool of a few thousand profiles it otherwise prefers to test every profile against every proposal.
   */
  private async candidates(call: Call, perAgency: number, onProgress: (fraction: number) => Promise<void>, only?: readonly string[]) {
    const ids = only
      ? [...only]
      : (await this.query<{ id: string }>(`SELECT id FROM proposal WHERE call_id = $1 ORDER BY id`, [call.id])).map((row) => row.id);
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += CHUNK) chunks.push(ids.slice(i, i + CHUNK));
    const found: { proposalId: string; reviewerId: string; score: number }[][] = [];
    let next = 0;
    let done = 0;
    const lane = async () => {
      while (next < chunks.length) {
        const k = next++;
        found[k] = await this.txHost.withTransaction(async () => {
          await this.txHost.tx.query('SET LOCAL enable_seqscan = off');
          return this.query<{ proposalId: string; reviewerId: string; score: number }>(CANDIDATES_SQL, [
            call.id,
            call.homeAgencyId,
            call.partnerAgencyId,
            perAgency,
            [...LIVE_ASSIGNMENT_STATES],
            chunks[k],
          ]);
        });
        await onProgress(++done / chunks.length);
      }
    };
    await Promise.all(Array.from({ length: CHUNK_CONCURRENCY }, lane));
    return found.flat();
  }

  async load(
    call: Call,
    candidatesPerProposal: number,
    onProgress: (fraction: number) => Promise<void> = async () => undefined,
  ): Promise<LoadedProblem> {
    const agencyIds = [call.homeAgencyId, call.partnerAgencyId];
    const live = [...LIVE_ASSIGNMENT_STATES];
    const [proposals, reviewers, kept, candidates, members, declared, aliases] = await Promise.all([
      this.query<{ id: string }>(`SELECT id FROM proposal WHERE call_id = $1 AND state IN ('ELIGIBLE', 'UNDER_REVIEW') ORDER BY id`, [
        call.id,
      ]),
      this.query<{ id: string; agencyId: string; email: string; emailDomain: string; institution: string; current: number }>(
        `SELECT profile.user_id AS id, profile.recruiting_agency_id AS "agencyId", account.email, profile.email_domain AS "emailDomain",
                profile.institution,
                (SELECT count(*) FROM review_assignment assignment WHERE assignment.reviewer_id = profile.user_id
                   AND assignment.call_id = $1 AND assignment.state = ANY($3::review_assignment_state[]))::int AS current
         FROM reviewer_profile profile JOIN "user" account ON account.id = profile.user_id AND account.active
         WHERE profile.recruiting_agency_id = ANY($2::uuid[]) ORDER BY profile.user_id`,
        [call.id, agencyIds, live],
      ),
      this.query<{ proposalId: string; reviewerId: string; agencyId: string }>(
        `SELECT proposal_id AS "proposalId", reviewer_id AS "reviewerId", reviewer_agency_id AS "agencyId" FROM review_assignment
         WHERE call_id = $1 AND state = ANY($2::review_assignment_state[])`,
        [call.id, live],
      ),
      this.candidates(call, Math.ceil(candidatesPerProposal / 2), onProgress),
      this.query<Person & { proposalId: string; submitted: boolean }>(
        `SELECT member.proposal_id AS "proposalId", member.user_id AS "userId", member.name, member.email, member.institution,
                proposal.state NOT IN ('DRAFT', 'WITHDRAWN') AS submitted
         FROM team_member member JOIN proposal ON proposal.id = member.proposal_id WHERE proposal.call_id = $1`,
        [call.id],
      ),
      this.query<DeclaredConflictTerms & { reviewerId: string }>(
        `SELECT declared.reviewer_id AS "reviewerId", declared.kind, declared.proposal_id AS "proposalId",
                declared.person_email AS "personEmail", declared.institution
         FROM declared_conflict declared JOIN reviewer_profile profile ON profile.user_id = declared.reviewer_id
         WHERE profile.recruiting_agency_id = ANY($1::uuid[])`,
        [agencyIds],
      ),
      this.query<{ aliasKey: string; institutionKey: string }>(
        `SELECT alias_key AS "aliasKey", institution_key AS "institutionKey" FROM institution_alias`,
        [],
      ),
    ]);

    const proposalIndex = new Map(proposals.map((p, i) => [p.id, i]));
    const reviewerIndex = new Map(reviewers.map((r, i) => [r.id, i]));
    const agencyIndex = new Map(agencyIds.map((id, i) => [id, i]));
    const aliasMap = new Map(aliases.map((a) => [a.aliasKey, a.institutionKey]));
    const teams = new Map<string, Person[]>();
    const membership = new Map<string, { proposalId: string; userId: string | null; email: string }[]>(); // by lower-case e-mail and by user id
    for (const member of members) {
      if (!teams.has(member.proposalId)) teams.set(member.proposalId, []);
      teams.get(member.proposalId)!.push(member);
      if (!member.submitted) continue;
      for (const key of [member.email.toLowerCase(), member.userId].filter((k): k is string => !!k)) {
        if (!membership.has(key)) membership.set(key, []);
        membership.get(key)!.push({ proposalId: member.proposalId, userId: member.userId, email: member.email });
      }
    }
    const declaredBy = new Map<string, DeclaredConflictTerms[]>();
    for (const d of declared) {
      if (!declaredBy.has(d.reviewerId)) declaredBy.set(d.reviewerId, []);
      declaredBy.get(d.reviewerId)!.push(d);
    }

    const keptBy = proposals.map(() => [] as { agency: number; reviewer?: number }[]);
    for (const k of kept) {
      const p = proposalIndex.get(k.proposalId);
      const agency = agencyIndex.get(k.agencyId);
      if (p === undefined || agency === undefined) continue;
      const r = reviewerIndex.get(k.reviewerId);
      keptBy[p].push(r === undefined ? { agency } : { agency, reviewer: r });
    }

    /** The unconflicted ones among rows of CANDIDATES_SQL, as candidate pairs (conflicts by the pure rule). */
    const accept = (rows: readonly { proposalId: string; reviewerId: string; score: number }[]) => {
      const cp: number[] = [];
      const cr: number[] = [];
      const cf: number[] = [];
      let conflicted = 0;
      for (const c of rows) {
        const p = proposalIndex.get(c.proposalId);
        const r = reviewerIndex.get(c.reviewerId);
        if (p === undefined || r === undefined) continue;
        const reviewer = reviewers[r];
        const competitors = [...(membership.get(reviewer.id) ?? []), ...(membership.get(reviewer.email.toLowerCase()) ?? [])]
          .filter((m) => m.proposalId !== c.proposalId)
          .map(({ userId, email }) => ({ userId, email }));
        const conflicts = conflictsOf({
          reviewer: { userId: reviewer.id, email: reviewer.email, emailDomain: reviewer.emailDomain, institution: reviewer.institution },
          proposal: { id: c.proposalId, team: teams.get(c.proposalId) ?? [] },
          competitors,
          declared: declaredBy.get(reviewer.id) ?? [],
          alreadyAssigned: false,
          aliases: aliasMap,
        });
        if (conflicts.length > 0) {
          conflicted++;
          continue;
        }
        cp.push(p);
        cr.push(r);
        cf.push(c.score);
      }
      return { cp, cr, cf, conflicted };
    };
    const first = accept(candidates);
    const problemOf = (pairs: { cp: number[]; cr: number[]; cf: number[] }, conflictedPairs: number): LoadedProblem => ({
      problem: {
        agencyCount: 2,
        minReviews: call.minReviewsPerProposal,
        proposals: keptBy.map((k) => ({ kept: k })),
        reviewers: reviewers.map((r) => ({
          agency: agencyIndex.get(r.agencyId)!,
          capacity: Math.max(0, call.maxAssignmentsPerReviewer - r.current),
        })),
        candidates: { proposal: Int32Array.from(pairs.cp), reviewer: Int32Array.from(pairs.cr), fit: Float64Array.from(pairs.cf) },
      },
      agencyIds,
      proposalIds: proposals.map((p) => p.id),
      reviewers: reviewers.map(({ id, agencyId, current }) => ({ id, agencyId, current })),
      conflictedPairs,
      widen: async (proposalIds, perProposal) => {
        const more = accept(await this.candidates(call, Math.ceil(perProposal / 2), async () => undefined, proposalIds));
        const seen = new Set(pairs.cp.map((p, i) => p * reviewers.length + pairs.cr[i]));
        const merged = { cp: [...pairs.cp], cr: [...pairs.cr], cf: [...pairs.cf] };
        more.cp.forEach((p, i) => {
          if (seen.has(p * reviewers.length + more.cr[i])) return;
          merged.cp.push(p);
          merged.cr.push(more.cr[i]);
          merged.cf.push(more.cf[i]);
        });
        return problemOf(merged, conflictedPairs + more.conflicted);
      },
    });
    return problemOf(first, first.conflicted);
  }
}
