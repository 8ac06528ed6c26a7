import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { CALL_ERRORS } from '../calls/call.errors';
import { Call } from '../calls/call.entity';
import { CallsService } from '../calls/calls.service';
import { Principal } from '../common/access/principal';
import { Clock } from '../common/time/clock';
import { money } from '../common/money/money';
import { ProposalState } from '../proposals/proposal-state';
import { OPEN_ASSIGNMENT_STATES } from '../reviews/review-assignment-state';
import { Side } from '../proposals/team-member.entity';
import { AgencyFigures, CallStatisticsView } from './dto/statistics.view';
import { STATISTICS_ACCESS } from './statistics-access';

/** Proposals that count: submitted, and not withdrawn since. */
const SUBMITTED = `p.call_id = $1 AND p.state NOT IN ('${ProposalState.Draft}', '${ProposalState.Withdrawn}')`;
/** Proposals that can have decisions: under review, or decided at finalization. */
const DECIDABLE = [ProposalState.UnderReview, ProposalState.Awarded, ProposalState.Rejected, ProposalState.Waitlisted];

/**
 * A call's figures, each counted by PostgreSQL over the call's rows (a handful of grouped queries, none loading a
 * proposal into memory): proposals by state, field, institution and country; requested, funded and awarded amounts
 * per agency in its currency; the joint outcomes and the success rate; the reviews done and still due.
 */
@Injectable()
export class StatisticsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly calls: CallsService,
    private readonly clock: Clock,
  ) {}

  async ofCall(user: Principal, callId: string): Promise<{ figures: CallStatisticsView; call: Call }> {
    const call = await this.calls.load(callId);
    if (!call) throw CALL_ERRORS.CALL_NOT_FOUND();
    STATISTICS_ACCESS.assertVisible(user, call);
    const query = <T>(sql: string, parameters: unknown[] = [callId]) => this.txHost.tx.query<T[]>(sql, parameters);

    const byStateRows = await query<{ state: ProposalState; proposals: number }>(
      `SELECT state, count(*)::int AS proposals FROM proposal WHERE call_id = $1 GROUP BY state`,
    );
    const byState = Object.fromEntries(Object.values(ProposalState).map((state) => [state, 0])) as Record<ProposalState, number>;
    for (const row of byStateRows) byState[row.state] = row.proposals;

    const byField = await query<{ field: string | null; proposals: number }>(
      `SELECT p.scientific_field AS field, count(*)::int AS proposals FROM proposal p WHERE ${SUBMITTED}
       GROUP BY p.scientific_field ORDER BY proposals DESC, field NULLS LAST`,
    );
    const byInstitution = await query<{ side: Side; institution: string; country: string; proposals: number }>(
      `SELECT pi.side, btrim(pi.institution) AS institution, pi.country, count(DISTINCT p.id)::int AS proposals
       FROM proposal p JOIN team_member pi ON pi.proposal_id = p.id AND pi.role = 'PI'
       WHERE ${SUBMITTED} GROUP BY pi.side, btrim(pi.institution), pi.country ORDER BY proposals DESC, pi.side, institution`,
    );
    const byCountry = await query<{ country: string; proposals: number }>(
      `SELECT pi.country, count(DISTINCT p.id)::int AS proposals
       FROM proposal p JOIN team_member pi ON pi.proposal_id = p.id AND pi.role = 'PI'
       WHERE ${SUBMITTED} GROUP BY pi.country ORDER BY proposals DESC, pi.country`,
    );

    const [amounts] = await query<Record<'home_requested' | 'partner_requested' | 'home_awarded' | 'partner_awarded', string>>(
      `SELECT (SELECT coalesce(sum(p.home_budget), 0) FROM proposal p WHERE ${SUBMITTED}) AS home_requested,
              (SELECT coalesce(sum(p.partner_budget), 0) FROM proposal p WHERE ${SUBMITTED}) AS partner_requested,
              (SELECT coalesce(sum(home_amount), 0) FROM award WHERE call_id = $1) AS home_awarded,
              (SELECT coalesce(sum(partner_amount), 0) FROM award WHERE call_id = $1) AS partner_awarded`,
    );
    const funded = await query<{ agency_id: string; funded: string; remaining: string }>(
      `SELECT agency.id AS agency_id, coalesce(sum(d.amount), 0) AS funded, agency.total - coalesce(sum(d.amount), 0) AS remaining
       FROM (VALUES ($2::uuid, $4::numeric), ($3::uuid, $5::numeric)) AS agency (id, total)
       LEFT JOIN decision d ON d.call_id = $1 AND d.agency_id = agency.id AND d.kind = 'FUND'
       GROUP BY agency.id, agency.total`,
      [callId, call.homeAgencyId, call.partnerAgencyId, call.homeTotalBudget, call.partnerTotalBudget],
    );

    // The joint outcome of each decidable proposal, by the rule of decision.rules.ts (jointOutcome), in SQL.
    const [outcomes] = await query<{ undecided: number; awarded: number; rejected: number; waitlisted: number; submitted: number }>(
      `WITH decided AS (
         SELECT p.id,
                max(d.kind::text) FILTER (WHERE d.agency_id = $2) AS home,
                max(d.kind::text) FILTER (WHERE d.agency_id = $3) AS partner
         FROM proposal p LEFT JOIN decision d ON d.proposal_id = p.id
         WHERE p.call_id = $1 AND p.state = ANY($4::proposal_state[])
         GROUP BY p.id)
       SELECT count(*) FILTER (WHERE home IS NULL OR partner IS NULL)::int AS undecided,
              count(*) FILTER (WHERE home = 'FUND' AND partner = 'FUND')::int AS awarded,
              count(*) FILTER (WHERE home IS NOT NULL AND partner IS NOT NULL AND 'REJECT' IN (home, partner))::int AS rejected,
              count(*) FILTER (WHERE home IS NOT NULL AND partner IS NOT NULL AND 'REJECT' NOT IN (home, partner)
                                 AND NOT (home = 'FUND' AND partner = 'FUND'))::int AS waitlisted,
              (SELECT count(*)::int FROM proposal p WHERE ${SUBMITTED}) AS submitted
       FROM decided`,
      [callId, call.homeAgencyId, call.partnerAgencyId, DECIDABLE],
    );
    const [{ rate }] = await query<{ rate: string | null }>(`SELECT round($1::numeric / nullif($2::numeric, 0), 4)::text AS rate`, [
      outcomes.awarded,
      outcomes.submitted,
    ]);

    const [reviews] = await query<{ done: number; due: number; overdue: number }>(
      `SELECT count(*) FILTER (WHERE state = 'SUBMITTED')::int AS done,
              count(*) FILTER (WHERE state = ANY($2::review_assignment_state[]))::int AS due,
              count(*) FILTER (WHERE state = ANY($2::review_assignment_state[]) AND due_at < $3)::int AS overdue
       FROM review_assignment WHERE call_id = $1`,
      [callId, OPEN_ASSIGNMENT_STATES, this.clock.now()],
    );

    const agency = (side: Side): AgencyFigures => {
      const home = side === Side.Home;
      const agencyId = home ? call.homeAgencyId : call.partnerAgencyId;
      const currency = home ? call.homeAgency.currency : call.partnerAgency.currency;
      const own = funded.find((row) => row.agency_id === agencyId)!;
      return {
        agencyId,
        side,
        budget: money(home ? call.homeTotalBudget : call.partnerTotalBudget, currency),
        requested: money(home ? amounts.home_requested : amounts.partner_requested, currency),
        funded: money(own.funded, currency),
        awarded: money(home ? amounts.home_awarded : amounts.partner_awarded, currency),
        remaining: money(own.remaining, currency),
      };
    };

    const figures: CallStatisticsView = {
      callId,
      callState: call.state,
      proposals: {
        total: byStateRows.reduce((sum, row) => sum + row.proposals, 0),
        submitted: outcomes.submitted,
        byState,
        byField,
        byInstitution,
        byCountry,
      },
      agencies: [agency(Side.Home), agency(Side.Partner)],
      outcomes: { undecided: outcomes.undecided, awarded: outcomes.awarded, rejected: outcomes.rejected, waitlisted: outcomes.waitlisted },
      successRate: { awarded: outcomes.awarded, submitted: outcomes.submitted, rate },
      reviews,
    };
    return { figures, call };
  }
}
