import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditService } from '../audit/audit.service';
import { hasRole, Principal } from '../common/access/principal';
import { assertVersion, assertVersionIfSent } from '../common/concurrency/versioning';
import { normaliseAmount } from '../common/money/money';
import { Page, pageOf } from '../common/pagination/page';
import { Agency } from '../reference-data/agency.entity';
import { Agreement } from '../reference-data/agreement.entity';
import { WebhookEvents } from '../webhooks/webhook-events';
import { Role } from '../common/identity/role';
import { Clock } from '../common/time/clock';
import { CALL_ACCESS } from './call-access';
import { CallApproval } from './call-approval.entity';
import { CALL_STATE, CallAction, CallState, effectiveCallState, PUBLIC_CALL_STATES } from './call-state';
import { CALL_ERRORS } from './call.errors';
import { CallDecisionStarted, CallDeadlineExtended } from './call.events';
import { Call } from './call.entity';
import { checkCallContent, checkExtension, checkPublishable } from './call.rules';
import { CallInput, CallQuery, ExtendCall, UpdateCall } from './dto/call.dto';

/** One method per use case, one transaction each; every state change is audited. */
@Injectable()
export class CallsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
    private readonly clock: Clock,
    private readonly webhooks: WebhookEvents,
  ) {}

  private get calls() {
    return this.txHost.tx.getRepository(Call);
  }

  async list(user: Principal, query: CallQuery): Promise<Page<Call>> {
    const builder = this.calls
      .createQueryBuilder('call')
      .leftJoinAndSelect('call.homeAgency', 'homeAgency')
      .leftJoinAndSelect('call.partnerAgency', 'partnerAgency')
      .leftJoinAndSelect('call.approvals', 'approvals')
      .orderBy('call.closes_at', 'DESC')
      .addOrderBy('call.id');
    if (!hasRole(user, Role.Admin)) {
      builder.andWhere('(call.state IN (:...publicStates) OR :agencyId IN (call.home_agency_id, call.partner_agency_id))', {
        publicStates: PUBLIC_CALL_STATES,
        agencyId: hasRole(user, Role.Officer) ? user.agencyId : null,
      });
    }
    if (query.state) builder.andWhere('call.state = :state', { state: query.state });
    return pageOf(await builder.take(query.limit).skip(query.offset).getManyAndCount(), query);
  }

  /** The call if the caller may see it; 404 otherwise, so hidden calls are indistinguishable from absent ones. */
  async getVisible(user: Principal, id: string, lock = false): Promise<Call> {
    const call = await this.load(id, lock);
    if (!call) throw CALL_ERRORS.CALL_NOT_FOUND();
    CALL_ACCESS.assertVisible(user, call);
    return call;
  }

  async load(id: string, lock = false): Promise<Call | null> {
    // Serialises the use cases of one call (approve vs edit, extend vs submit) on its row.
    if (lock)
      await this.calls.createQueryBuilder('call').select('call.id').where('call.id = :id', { id }).setLock('pessimistic_write').getRawOne();
    return this.calls.findOne({ where: { id }, relations: { homeAgency: true, partnerAgency: true, approvals: true } });
  }

  @Transactional()
  async create(user: Principal, input: CallInput): Promise<Call> {
    const agencies = this.txHost.tx.getRepository(Agency);
    const home = await agencies.findOneByOrFail({ isHome: true });
    if (user.agencyId !== home.id && user.agencyId !== input.partnerAgencyId) {
      throw CALL_ERRORS.CALL_PARTY_OFFICER_REQUIRED('Officers may only create calls between NSTC and their own agency');
    }
    await this.assertContent(input, home, input.partnerAgencyId, input.agreementId ?? null);
    const { id } = await this.calls.save(
      this.calls.create({ ...this.columnsOf(input), homeAgencyId: home.id, partnerAgencyId: input.partnerAgencyId, createdById: user.id }),
    );
    await this.audit.record({ actorId: user.id, entityType: 'CALL', entityId: id, action: 'CREATED', toState: CallState.Draft });
    return (await this.load(id))!;
  }

  /** Edits a draft; any edit withdraws the approvals given so far, since they approved another text. */
  @Transactional()
  async update(user: Principal, id: string, changes: UpdateCall): Promise<Call> {
    const call = await this.getVisible(user, id, true);
    CALL_ACCESS.assert(user, 'manage', call);
    CALL_STATE.next(call.state, CallAction.Edit);
    assertVersion('The call', call.version, changes.version);
    const merged = { ...this.inputOf(call), ...changes } as CallInput;
    await this.assertContent(merged, call.homeAgency, call.partnerAgencyId, merged.agreementId ?? null);
    await this.calls.update(id, { ...this.columnsOf(merged), version: call.version + 1 });
    const withdrawn = await this.txHost.tx.getRepository(CallApproval).delete({ callId: id });
    await this.audit.record({
      actorId: user.id,
      entityType: 'CALL',
      entityId: id,
      action: 'EDITED',
      data: { approvalsWithdrawn: withdrawn.affected ?? 0 },
    });
    return (await this.load(id))!;
  }

  /** An officer approves the text they read (its version) on behalf of their agency. */
  @Transactional()
  async approve(user: Principal, id: string, version: number): Promise<Call> {
    const call = await this.getVisible(user, id, true);
    CALL_ACCESS.assert(user, 'manage', call);
    CALL_STATE.next(call.state, CallAction.Approve);
    assertVersion('The call', call.version, version);
    await this.txHost.tx
      .getRepository(CallApproval)
      .upsert({ callId: id, agencyId: user.agencyId!, officerId: user.id, callVersion: version }, ['callId', 'agencyId']);
    await this.audit.record({
      actorId: user.id,
      entityType: 'CALL',
      entityId: id,
      action: 'APPROVED',
      data: { agencyId: user.agencyId, version },
    });
    return (await this.load(id))!;
  }

  @Transactional()
  async publish(user: Principal, id: string, version?: number): Promise<Call> {
    const call = await this.move(user, id, CallAction.Publish, 'PUBLISHED', {
      version,
      check: (call, now) => {
        const problems = checkPublishable(call, call.approvals, now);
        if (problems.length > 0) throw CALL_ERRORS.CALL_NOT_PUBLISHABLE(problems);
      },
    });
    await this.webhooks.record({
      type: 'call.published',
      call,
      data: {
        callId: call.id,
        title: call.title,
        instrument: call.instrument,
        homeAgencyId: call.homeAgencyId,
        partnerAgencyId: call.partnerAgencyId,
        opensAt: call.opensAt.toISOString(),
        closesAt: call.closesAt.toISOString(),
        timezone: call.timezone,
      },
    });
    return call;
  }

  @Transactional()
  cancel(user: Principal, id: string, { reason, version }: { reason: string; version?: number }): Promise<Call> {
    return this.move(user, id, CallAction.Cancel, 'CANCELLED', { version, reason });
  }

  @Transactional()
  startReview(user: Principal, id: string, version?: number): Promise<Call> {
    return this.move(user, id, CallAction.StartReview, 'REVIEW_STARTED', { version });
  }

  /** The agencies start deciding: their budget ledgers for the call open in the same transaction (see the event). */
  @Transactional()
  async startDecision(user: Principal, id: string, version?: number): Promise<Call> {
    const call = await this.move(user, id, CallAction.StartDecision, 'DECISION_STARTED', { version });
    await this.events.emitAsync(CallDecisionStarted.event, new CallDecisionStarted(call.id));
    return call;
  }

  /** Moves the deadline later, reopening a closed call; the proposals' reminders and notices follow the event. */
  @Transactional()
  async extend(user: Principal, id: string, { closesAt, version }: ExtendCall): Promise<Call> {
    const call = await this.getVisible(user, id, true);
    CALL_ACCESS.assert(user, 'manage', call);
    const now = this.clock.now();
    const next = CALL_STATE.next(effectiveCallState(call, now), CallAction.Extend);
    assertVersion('The call', call.version, version);
    const problems = checkExtension(call, closesAt, now);
    if (problems.length > 0) throw CALL_ERRORS.CALL_EXTENSION_INVALID(problems);
    await this.calls.update(id, { closesAt, state: next, version: call.version + 1 });
    await this.audit.record({
      actorId: user.id,
      entityType: 'CALL',
      entityId: id,
      action: 'DEADLINE_EXTENDED',
      fromState: call.state,
      toState: next,
      data: { previousClosesAt: call.closesAt.toISOString(), closesAt: closesAt.toISOString() },
    });
    await this.events.emitAsync(CallDeadlineExtended.event, new CallDeadlineExtended(id, call.closesAt, closesAt));
    return (await this.load(id))!;
  }

  /**
   * A call's plain moves: lock the row, authorise, check the move from the state a reader sees (a published call
   * past its deadline is closed) and the version when the client sent one, apply, audit.
   */
  private async move(
    user: Principal,
    id: string,
    action: CallAction,
    audited: string,
    options: { version?: number; reason?: string; check?: (call: Call, now: Date) => void },
  ): Promise<Call> {
    const call = await this.getVisible(user, id, true);
    CALL_ACCESS.assert(user, 'manage', call);
    const now = this.clock.now();
    const to = CALL_STATE.next(effectiveCallState(call, now), action);
    assertVersionIfSent('The call', call.version, options.version);
    options.check?.(call, now);
    await this.calls.update(call.id, { state: to, version: call.version + 1 });
    await this.audit.record({
      actorId: user.id,
      entityType: 'CALL',
      entityId: call.id,
      action: audited,
      fromState: call.state,
      toState: to,
      reason: options.reason ?? null,
    });
    return (await this.load(call.id))!;
  }

  private async assertContent(input: CallInput, home: Agency, partnerAgencyId: string, agreementId: string | null): Promise<void> {
    const partner = await this.txHost.tx.getRepository(Agency).findOneBy({ id: partnerAgencyId });
    const agreement = agreementId ? await this.txHost.tx.getRepository(Agreement).findOneBy({ id: agreementId }) : null;
    const problems = checkCallContent(input, { home, partner, agreement, agreementRequested: agreementId !== null });
    if (problems.length > 0) throw CALL_ERRORS.CALL_INVALID(problems);
  }

  private columnsOf(input: CallInput): Partial<Call> {
    const { budgets, partnerAgencyId: _partner, agreementId, ...fields } = input;
    return {
      ...fields,
      projectStartsAt: fields.projectStartsAt ?? fields.decisionExpectedAt,
      agreementId: agreementId ?? null,
      homeMaxPerProposal: normaliseAmount(budgets.home.maxPerProposal.amount),
      homeTotalBudget: normaliseAmount(budgets.home.total.amount),
      partnerMaxPerProposal: normaliseAmount(budgets.partner.maxPerProposal.amount),
      partnerTotalBudget: normaliseAmount(budgets.partner.total.amount),
    };
  }

  /** The stored call in the shape of its input, so a partial edit can be checked as a whole. */
  private inputOf(call: Call): CallInput {
    return {
      title: call.title,
      description: call.description,
      instrument: call.instrument,
      partnerAgencyId: call.partnerAgencyId,
      agreementId: call.agreementId,
      scientificFields: call.scientificFields,
      opensAt: call.opensAt,
      closesAt: call.closesAt,
      timezone: call.timezone,
      reviewDueAt: call.reviewDueAt,
      decisionExpectedAt: call.decisionExpectedAt,
      projectStartsAt: call.projectStartsAt,
      durationLimitMonths: call.durationLimitMonths,
      budgets: {
        home: {
          maxPerProposal: { amount: call.homeMaxPerProposal, currency: call.homeAgency.currency },
          total: { amount: call.homeTotalBudget, currency: call.homeAgency.currency },
        },
        partner: {
          maxPerProposal: { amount: call.partnerMaxPerProposal, currency: call.partnerAgency.currency },
          total: { amount: call.partnerTotalBudget, currency: call.partnerAgency.currency },
        },
      },
      reviewCriteria: call.reviewCriteria,
      requiredAttachmentKinds: call.requiredAttachmentKinds,
      minReviewsPerProposal: call.minReviewsPerProposal,
      maxAssignmentsPerReviewer: call.maxAssignmentsPerReviewer,
    };
  }
}
