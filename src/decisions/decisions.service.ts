import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditService } from '../audit/audit.service';
import { CALL_STATE, CallAction, CallState } from '../calls/call-state';
import { CallDecisionStarted } from '../calls/call.events';
import { Call } from '../calls/call.entity';
import { Principal } from '../common/access/principal';
import { assertVersionIfSent } from '../common/concurrency/versioning';
import { COMMON_ERRORS } from '../common/errors/common.errors';
import { money, normaliseAmount, toCents } from '../common/money/money';
import { Clock } from '../common/time/clock';
import { ProposalWithdrawn } from '../proposals/proposal.events';
import { ProposalState } from '../proposals/proposal-state';
import { PROPOSAL_ERRORS } from '../proposals/proposal.errors';
import { Proposal } from '../proposals/proposal.entity';
import { ProposalsService } from '../proposals/proposals.service';
import { Side } from '../proposals/team-member.entity';
import { WebhookEvents } from '../webhooks/webhook-events';
import { BudgetLedger } from './budget-ledger';
import { DECISION_ACCESS } from './decision-access';
import { Decision, DecisionKind } from './decision.entity';
import { checkDecision, jointOutcome } from './decision.rules';
import { DECISION_ERRORS } from './decisions.errors';
import { RecordDecision } from './dto/decision.dto';
import { agencyDecisionView, ProposalDecisionsView } from './dto/decision.view';

/** The side an agency is on in a call, and its currency. */
export const sideOf = (call: Call, agencyId: string) =>
  agencyId === call.homeAgencyId
    ? { side: Side.Home, currency: call.homeAgency.currency }
    : { side: Side.Partner, currency: call.partnerAgency.currency };

/**
 * Each agency records its own funding decision on each proposal under review, changes it against its version while
 * the call is IN_DECISION, and never spends more than its budget for the call (budget-ledger.ts says why that holds
 * under concurrency). Every change is audited and announced to the agencies' systems.
 */
@Injectable()
export class DecisionsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly proposals: ProposalsService,
    private readonly ledger: BudgetLedger,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly webhooks: WebhookEvents,
  ) {}

  private get decisions() {
    return this.txHost.tx.getRepository(Decision);
  }

  /** Both decisions on a proposal and the joint outcome; for the officers of the call's agencies and admins. */
  async ofProposal(user: Principal, proposalId: string): Promise<ProposalDecisionsView> {
    const { proposal, call } = await this.proposals.load(proposalId);
    DECISION_ACCESS.assertVisible(user, call);
    return this.view(proposal, call);
  }

  @Transactional()
  async record(user: Principal, proposalId: string, input: RecordDecision): Promise<ProposalDecisionsView> {
    // Lock order (see BudgetLedger): the call row shared, so finalization (which takes it exclusively) waits for
    // decisions in flight and decisions after it see the call FINALIZED; then the proposal row, which serialises
    // the officers of one agency deciding the same proposal.
    const [owner] = await this.txHost.tx.query<{ call_id: string }[]>(`SELECT call_id FROM proposal WHERE id = $1`, [proposalId]);
    if (!owner) throw PROPOSAL_ERRORS.PROPOSAL_NOT_FOUND();
    await this.txHost.tx.query(`SELECT 1 FROM call WHERE id = $1 FOR SHARE`, [owner.call_id]);
    const { proposal, call } = await this.proposals.load(proposalId, true);

    DECISION_ACCESS.assert(user, 'decide', call);
    CALL_STATE.next(call.state, CallAction.Decide);
    if (proposal.state !== ProposalState.UnderReview) {
      throw DECISION_ERRORS.DECISION_PROPOSAL_NOT_UNDER_REVIEW(
        `Funding decisions are recorded only on proposals under review; this one is ${proposal.state}`,
      );
    }
    const agencyId = user.agencyId!;
    const { side, currency } = sideOf(call, agencyId);
    const requested = side === Side.Home ? proposal.homeBudget : proposal.partnerBudget;
    const problems = checkDecision(input, { currency, requested: requested === null ? null : normaliseAmount(requested) });
    if (problems.length > 0) throw DECISION_ERRORS.DECISION_INVALID(problems);

    const previous = await this.decisions.findOneBy({ proposalId, agencyId });
    // Changing a decision needs proof that its author saw it: two officers of one agency never overwrite each
    // other unseen.
    if (previous && input.version === undefined)
      throw COMMON_ERRORS.VERSION_REQUIRED("Changing your agency's decision needs the version you read");
    if (previous) assertVersionIfSent("Your agency's decision", previous.version, input.version);

    const amount = input.decision === DecisionKind.Fund ? normaliseAmount(input.amount!.amount) : null;
    const delta = (amount === null ? 0n : toCents(amount)) - (previous?.amount ? toCents(normaliseAmount(previous.amount)) : 0n);
    const commitment = await this.ledger.commit(call.id, agencyId, delta);
    if (!commitment.committed) {
      throw DECISION_ERRORS.BUDGET_EXCEEDED(
        `Funding ${amount} ${currency} would exceed your agency's budget for this call: ${commitment.remaining.amount} ${currency} remain` +
          (previous?.amount ? ` besides the ${normaliseAmount(previous.amount)} ${currency} this proposal already has` : ''),
      ).with({ remaining: commitment.remaining });
    }

    const fields = {
      kind: input.decision,
      amount,
      note: input.note ?? '',
      officerId: user.id,
      recordedAt: this.clock.now(),
    };
    if (previous) await this.decisions.update(previous.id, { ...fields, version: previous.version + 1 });
    else await this.decisions.insert({ ...fields, proposalId, callId: call.id, agencyId, version: 1 });

    const decided = await this.decisions.findBy({ proposalId });
    const outcome = this.outcomeOf(call, decided);
    await this.audit.record({
      actorId: user.id,
      entityType: 'PROPOSAL',
      entityId: proposalId,
      action: previous ? 'DECISION_CHANGED' : 'DECISION_RECORDED',
      reason: fields.note || null,
      data: {
        agencyId,
        decision: input.decision,
        amount: amount && money(amount, currency),
        jointOutcome: outcome,
        ...(previous ? { previous: { decision: previous.kind, amount: previous.amount && money(previous.amount, currency) } } : {}),
      },
    });
    await this.webhooks.record({
      type: 'decision.recorded',
      call,
      data: {
        proposalId,
        callId: call.id,
        agencyId,
        decision: input.decision,
        ...(amount ? { amount: money(amount, currency) } : {}),
        changed: previous !== null,
        jointOutcome: outcome,
      },
    });
    return this.view(proposal, call);
  }

  /**
   * In the withdrawal's transaction: the decisions on a withdrawn proposal go, and what they funded goes back to each
   * agency's budget for the call (their history stays in the audit trail).
   */
  @OnEvent(ProposalWithdrawn.event, { promisify: true, suppressErrors: false })
  async onProposalWithdrawn({ proposalId, callId, actorId }: ProposalWithdrawn): Promise<void> {
    const decided = await this.decisions.findBy({ proposalId });
    if (decided.length === 0) return;
    for (const decision of decided) {
      if (decision.amount !== null) await this.ledger.commit(callId, decision.agencyId, -toCents(normaliseAmount(decision.amount)));
    }
    await this.decisions.delete({ proposalId });
    await this.audit.record({
      actorId,
      entityType: 'PROPOSAL',
      entityId: proposalId,
      action: 'DECISIONS_RELEASED',
      data: { decisions: decided.map(({ agencyId, kind, amount }) => ({ agencyId, decision: kind, amount })) },
    });
  }

  /** In the start-decision transaction: both agencies' budget ledgers open with the call's totals. */
  @OnEvent(CallDecisionStarted.event, { promisify: true, suppressErrors: false })
  async onDecisionStarted({ callId }: CallDecisionStarted): Promise<void> {
    await this.ledger.open(callId);
  }

  private outcomeOf(call: Call, decided: Decision[]) {
    const kindOf = (agencyId: string) => decided.find((decision) => decision.agencyId === agencyId)?.kind;
    return jointOutcome(kindOf(call.homeAgencyId), kindOf(call.partnerAgencyId));
  }

  private async view(proposal: Proposal, call: Call): Promise<ProposalDecisionsView> {
    const decided = await this.decisions.findBy({ proposalId: proposal.id });
    const of = (agencyId: string) => {
      const decision = decided.find((candidate) => candidate.agencyId === agencyId);
      if (!decision) return null;
      const { side, currency } = sideOf(call, agencyId);
      return agencyDecisionView(decision, side, currency);
    };
    return {
      proposalId: proposal.id,
      callId: call.id,
      outcome: this.outcomeOf(call, decided),
      frozen: call.state === CallState.Finalized,
      home: of(call.homeAgencyId),
      partner: of(call.partnerAgencyId),
    };
  }
}
