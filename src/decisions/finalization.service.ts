import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AwardsService } from '../awards/awards.service';
import { Report } from '../awards/report.entity';
import { CALL_ACCESS } from '../calls/call-access';
import { CALL_STATE, CallAction, effectiveCallState } from '../calls/call-state';
import { Call } from '../calls/call.entity';
import { CallsService } from '../calls/calls.service';
import { Principal } from '../common/access/principal';
import { assertVersionIfSent } from '../common/concurrency/versioning';
import { money, normaliseAmount } from '../common/money/money';
import { Clock } from '../common/time/clock';
import { PROPOSAL_STATE, ProposalState } from '../proposals/proposal-state';
import { Proposal } from '../proposals/proposal.entity';
import { WebhookEvents } from '../webhooks/webhook-events';
import { DecidedProposal, DecisionLetters } from './decision-letters';
import { Decision, DecisionKind } from './decision.entity';
import { jointOutcome, JointOutcome, missingDecisions, OUTCOME_ACTION } from './decision.rules';
import { DECISION_ERRORS } from './decisions.errors';

/**
 * Finalization: refused while a proposal under review misses a decision (the answer lists each and whose);
 * otherwise one transaction sets every outcome, creates the awards with their reports, writes the letters, the
 * summaries, the audit trail and the webhook event, and freezes the decisions (the call is FINALIZED, which the
 * DECIDE move refuses). The call's row is locked first, so decisions in flight (which share it) finish before, and
 * none can start until the outcome is known.
 */
@Injectable()
export class FinalizationService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly calls: CallsService,
    private readonly awards: AwardsService,
    private readonly letters: DecisionLetters,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly webhooks: WebhookEvents,
  ) {}

  @Transactional()
  async finalize(user: Principal, callId: string, version?: number): Promise<Call> {
    const call = await this.calls.getVisible(user, callId, true);
    CALL_ACCESS.assert(user, 'manage', call);
    const now = this.clock.now();
    const finalized = CALL_STATE.next(effectiveCallState(call, now), CallAction.Finalize);
    assertVersionIfSent('The call', call.version, version);

    // The proposals under review, locked: one withdrawn meanwhile drops out rather than being overwritten.
    const locked = await this.txHost.tx.query<{ id: string }[]>(
      `SELECT id FROM proposal WHERE call_id = $1 AND state = $2 ORDER BY submitted_at, id FOR UPDATE`,
      [callId, ProposalState.UnderReview],
    );
    const proposals = await this.txHost.tx.getRepository(Proposal).find({
      where: { id: In(locked.map((row) => row.id)) },
      relations: { team: true },
      order: { submittedAt: 'ASC', id: 'ASC' },
    });
    const decisions = await this.txHost.tx.getRepository(Decision).findBy({ callId });
    const decisionsOf = (proposalId: string) => decisions.filter((decision) => decision.proposalId === proposalId);
    const parties = [call.homeAgencyId, call.partnerAgencyId] as const;

    const missing = missingDecisions(
      proposals.map((proposal) => ({ id: proposal.id, title: proposal.title, decidedBy: decisionsOf(proposal.id).map((d) => d.agencyId) })),
      parties,
    );
    if (missing.length > 0) {
      const agencyCode = (agencyId: string) => (agencyId === call.homeAgencyId ? call.homeAgency.code : call.partnerAgency.code);
      throw DECISION_ERRORS.DECISIONS_MISSING(
        `The call cannot be finalized: ${missing.length} proposal(s) still miss a decision`,
        missing.flatMap(({ proposalId, title, agencyIds }) =>
          agencyIds.map((agencyId) => ({
            field: `proposals.${proposalId}`,
            message: `“${title}” has no decision of ${agencyCode(agencyId)} yet`,
          })),
        ),
      ).with({
        missing: missing.map(({ proposalId, title, agencyIds }) => ({
          proposalId,
          title,
          agencies: agencyIds.map((agencyId) => ({ agencyId, code: agencyCode(agencyId) })),
        })),
      });
    }

    const decided: DecidedProposal[] = [];
    const comments = await this.commentsToApplicants(proposals.map((proposal) => proposal.id));
    for (const proposal of proposals) {
      const own = decisionsOf(proposal.id);
      const kindOf = (agencyId: string) => own.find((decision) => decision.agencyId === agencyId)?.kind;
      const outcome = jointOutcome(kindOf(call.homeAgencyId), kindOf(call.partnerAgencyId)) as Exclude<
        JointOutcome,
        JointOutcome.Undecided
      >;
      const next = PROPOSAL_STATE.next(proposal.state, OUTCOME_ACTION[outcome]);
      await this.txHost.tx.getRepository(Proposal).update(proposal.id, { state: next, version: proposal.version + 1 });
      await this.audit.record({
        actorId: user.id,
        entityType: 'PROPOSAL',
        entityId: proposal.id,
        action: 'OUTCOME_DECIDED',
        fromState: proposal.state,
        toState: next,
        data: { callId, decisions: own.map(({ agencyId, kind, amount }) => ({ agencyId, decision: kind, amount })) },
      });
      let award: DecidedProposal['award'] = null;
      if (outcome === JointOutcome.Awarded) {
        const amountOf = (agencyId: string) =>
          normaliseAmount(own.find((decision) => decision.agencyId === agencyId && decision.kind === DecisionKind.Fund)!.amount!);
        const created = await this.awards.create(user.id, call, proposal, {
          home: amountOf(call.homeAgencyId),
          partner: amountOf(call.partnerAgencyId),
        });
        award = Object.assign(created, { reports: await this.txHost.tx.getRepository(Report).findBy({ awardId: created.id }) });
      }
      decided.push({ proposal, outcome, decisions: own, award, reviewComments: comments.get(proposal.id) ?? [] });
    }

    await this.txHost.tx.getRepository(Call).update(call.id, { state: finalized, version: call.version + 1 });
    const counts = Object.fromEntries(
      [JointOutcome.Awarded, JointOutcome.Rejected, JointOutcome.Waitlisted].map((outcome) => [
        outcome,
        decided.filter((entry) => entry.outcome === outcome).length,
      ]),
    );
    await this.audit.record({
      actorId: user.id,
      entityType: 'CALL',
      entityId: call.id,
      action: 'FINALIZED',
      fromState: call.state,
      toState: finalized,
      data: { outcomes: counts },
    });
    await this.letters.letters(call, decided);
    await this.letters.summaries(call, decided);
    await this.webhooks.record({
      type: 'call.finalized',
      call,
      data: {
        callId: call.id,
        finalizedAt: now.toISOString(),
        outcomes: counts,
        proposals: decided.map(({ proposal, outcome }) => ({ proposalId: proposal.id, outcome })),
        awards: decided
          .filter((entry) => entry.award)
          .map(({ proposal, award }) => ({
            awardId: award!.id,
            proposalId: proposal.id,
            home: money(award!.homeAmount, award!.homeCurrency),
            partner: money(award!.partnerAmount, award!.partnerCurrency),
            startsAt: award!.startsAt.toISOString(),
            endsAt: award!.endsAt.toISOString(),
          })),
      },
    });
    return (await this.calls.load(call.id))!;
  }

  /**
   * The reviewers' comments to the applicants of each proposal, from its submitted reviews in the order they were
   * submitted: the text only, never who wrote it, never the confidential comments to the agencies.
   */
  private async commentsToApplicants(proposalIds: string[]): Promise<Map<string, string[]>> {
    const rows = await this.txHost.tx.query<{ proposal_id: string; comments: string }[]>(
      `SELECT proposal_id, btrim(comments_to_applicants) AS comments FROM review
       WHERE proposal_id = ANY($1::uuid[]) AND submitted_at IS NOT NULL AND btrim(comments_to_applicants) <> ''
       ORDER BY proposal_id, submitted_at, id`,
      [proposalIds],
    );
    const comments = new Map<string, string[]>();
    for (const row of rows) comments.set(row.proposal_id, [...(comments.get(row.proposal_id) ?? []), row.comments]);
    return comments;
  }
}
