import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditService } from '../audit/audit.service';
import { CallState, effectiveCallState } from '../calls/call-state';
import { Call } from '../calls/call.entity';
import { In } from 'typeorm';
import { Principal } from '../common/access/principal';
import { assertVersion, assertVersionIfSent } from '../common/concurrency/versioning';
import { Page, pageOf } from '../common/pagination/page';
import { Clock } from '../common/time/clock';
import { isUniqueViolation } from '../database/postgres-errors';
import { EmailType } from '../notifications/email-types';
import { PROPOSAL_ACCESS } from '../proposals/proposal-access';
import { PROPOSAL_STATE, ProposalAction, ProposalState } from '../proposals/proposal-state';
import { Proposal } from '../proposals/proposal.entity';
import { ProposalsService } from '../proposals/proposals.service';
import { Conflict } from './conflicts.rules';
import { ConflictsService, ReviewerTies } from './conflicts.service';
import { AcceptInvitation, AssignmentQuery, AssignReviewer, DeclineInvitation, MoveDueDate } from './dto/assignment.dto';
import { REVIEW_ASSIGNMENT_ACCESS } from './review-access';
import { LIVE_ASSIGNMENT_STATES, REVIEW_ASSIGNMENT_STATE, ReviewAssignmentAction, ReviewAssignmentState } from './review-assignment-state';
import { ReviewAssignment } from './review-assignment.entity';
import { ReviewMail } from './review-mail';
import { ReviewReminders } from './review-reminders';
import { Review } from './review.entity';
import { Reviewer, ReviewersService } from './reviewers.service';
import { REVIEW_ERRORS } from './reviews.errors';

/** Proposals take reviewers while eligible or under review... */
const ASSIGNABLE_PROPOSALS: readonly ProposalState[] = [ProposalState.Eligible, ProposalState.UnderReview];
/** ...in a call whose submissions are closed and whose decisions have not started. */
const ASSIGNING_CALLS: readonly CallState[] = [CallState.Closed, CallState.InReview];
/** Reviews are answered and written until the call is decided or cancelled. */
const REVIEWING_CALLS: readonly CallState[] = [CallState.Closed, CallState.InReview, CallState.InDecision];

const RELATIONS = { reviewer: true, proposal: true, call: true } as const;

/**
 * Review assignments: officers of either agency of the call assign reviewers of their pools (refused, with every
 * reason, on a conflict of interest or over the reviewer's load cap), move due dates and remove them; the first
 * assignment puts the proposal UNDER_REVIEW. The reviewer accepts (declaring no conflict) or declines with a reason.
 * Every change is audited, reminded of or un-reminded in its own transaction.
 */
@Injectable()
export class AssignmentsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly proposals: ProposalsService,
    private readonly reviewers: ReviewersService,
    private readonly conflicts: ConflictsService,
    private readonly reminders: ReviewReminders,
    private readonly mail: ReviewMail,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private get assignments() {
    return this.txHost.tx.getRepository(ReviewAssignment);
  }

  /** The assignment with its reviewer, proposal and call; 404 when missing. */
  async load(id: string, lock = false): Promise<ReviewAssignment> {
    if (lock) await this.txHost.tx.query(`SELECT 1 FROM review_assignment WHERE id = $1 FOR UPDATE`, [id]);
    const assignment = await this.assignments.findOne({ where: { id }, relations: RELATIONS });
    if (!assignment) throw REVIEW_ERRORS.REVIEW_ASSIGNMENT_NOT_FOUND();
    return assignment;
  }

  async getVisible(user: Principal, id: string): Promise<ReviewAssignment> {
    const assignment = await this.load(id);
    REVIEW_ASSIGNMENT_ACCESS.assertVisible(user, { assignment, call: assignment.call });
    return assignment;
  }

  /** A proposal's assignments in every state, declines and their reasons included: for the call's officers. */
  async listOfProposal(user: Principal, proposalId: string, query: AssignmentQuery): Promise<Page<ReviewAssignment>> {
    const { proposal, call } = await this.proposals.load(proposalId);
    PROPOSAL_ACCESS.assert(user, 'actAsOfficer', { proposal, call });
    return this.page({ proposalId, ...(query.state ? { state: query.state } : {}) }, query);
  }

  /** The reviewer's own assignments, newest first. */
  mine(user: Principal, query: AssignmentQuery): Promise<Page<ReviewAssignment>> {
    return this.page({ reviewerId: user.id, ...(query.state ? { state: query.state } : {}) }, query);
  }

  @Transactional()
  async assign(user: Principal, proposalId: string, input: AssignReviewer): Promise<ReviewAssignment> {
    // The proposal's row serialises its first assignment (ELIGIBLE → UNDER_REVIEW); the reviewer's, their load cap.
    const { proposal, call } = await this.proposals.load(proposalId, true);
    PROPOSAL_ACCESS.assert(user, 'actAsOfficer', { proposal, call });
    const now = this.clock.now();
    if (!ASSIGNABLE_PROPOSALS.includes(proposal.state) || !ASSIGNING_CALLS.includes(effectiveCallState(call, now)))
      throw REVIEW_ERRORS.REVIEW_PROPOSAL_NOT_ASSIGNABLE();
    const dueAt = input.dueAt ?? call.reviewDueAt;
    if (dueAt.getTime() <= now.getTime())
      throw REVIEW_ERRORS.REVIEW_DUE_DATE_INVALID([{ field: 'dueAt', message: 'the due date must lie in the future' }]);

    const reviewer = await this.reviewers.load(input.reviewerId, true);
    if (!reviewer || !reviewer.user.active) throw REVIEW_ERRORS.REVIEWER_NOT_FOUND();
    if (reviewer.recruitingAgencyId !== call.homeAgencyId && reviewer.recruitingAgencyId !== call.partnerAgencyId)
      throw REVIEW_ERRORS.REVIEWER_NOT_IN_POOL([{ field: 'reviewerId', message: "the reviewer is in neither agency's pool" }]);
    const conflicts = (await this.conflicts.check(proposal, [tiesOf(reviewer)])).get(reviewer.userId) ?? [];
    if (conflicts.length > 0)
      throw conflictOfInterest(
        `The reviewer cannot review this proposal: ${conflicts.map((conflict) => conflict.message).join('; ')}`,
        conflicts,
      );
    const load = await this.assignments.countBy({ reviewerId: reviewer.userId, callId: call.id, state: inStates(LIVE_ASSIGNMENT_STATES) });
    if (load >= call.maxAssignmentsPerReviewer)
      throw REVIEW_ERRORS.REVIEWER_LOAD_CAP_REACHED(
        `The reviewer already holds ${load} assignments in this call, its cap (maxAssignmentsPerReviewer = ${call.maxAssignmentsPerReviewer})`,
      );

    let id: string;
    try {
      ({ id } = await this.assignments.save(
        this.assignments.create({
          proposalId,
          callId: call.id,
          reviewerId: reviewer.userId,
          reviewerAgencyId: reviewer.recruitingAgencyId,
          dueAt,
          assignedById: user.id,
        }),
      ));
    } catch (error) {
      if (isUniqueViolation(error, 'UQ_review_assignment_live')) throw REVIEW_ERRORS.REVIEW_CONFLICT_OF_INTEREST();
      throw error;
    }
    if (proposal.state === ProposalState.Eligible) await this.startReview(user, proposal);
    await this.audit.record({
      actorId: user.id,
      entityType: 'REVIEW_ASSIGNMENT',
      entityId: id,
      action: 'ASSIGNED',
      toState: ReviewAssignmentState.Invited,
      data: { proposalId, reviewerId: reviewer.userId, reviewerAgencyId: reviewer.recruitingAgencyId, dueAt: dueAt.toISOString() },
    });
    const assignment = await this.load(id);
    await this.reminders.schedule(assignment);
    await this.invite(assignment, call, user.agencyId!);
    return assignment;
  }

  /** The due date moves (later or earlier, but ahead of now), and the reminders with it. */
  @Transactional()
  async moveDueDate(user: Principal, id: string, { dueAt, version }: MoveDueDate): Promise<ReviewAssignment> {
    const assignment = await this.managed(user, id, ReviewAssignmentAction.MoveDueDate);
    assertVersion('The review assignment', assignment.version, version);
    if (dueAt.getTime() <= this.clock.now().getTime())
      throw REVIEW_ERRORS.REVIEW_DUE_DATE_INVALID([{ field: 'dueAt', message: 'the due date must lie in the future' }]);
    await this.assignments.update(id, { dueAt, version: assignment.version + 1 });
    await this.audit.record({
      actorId: user.id,
      entityType: 'REVIEW_ASSIGNMENT',
      entityId: id,
      action: 'DUE_DATE_MOVED',
      data: { previousDueAt: assignment.dueAt.toISOString(), dueAt: dueAt.toISOString() },
    });
    await this.reminders.schedule({ ...assignment, dueAt });
    return this.load(id);
  }

  @Transactional()
  async remove(user: Principal, id: string, reason: string | undefined): Promise<ReviewAssignment> {
    const assignment = await this.managed(user, id, ReviewAssignmentAction.Remove);
    const next = REVIEW_ASSIGNMENT_STATE.next(assignment.state, ReviewAssignmentAction.Remove);
    await this.assignments.update(id, {
      state: next,
      removedAt: this.clock.now(),
      removalReason: reason ?? null,
      version: assignment.version + 1,
    });
    await this.reminders.cancel(id);
    await this.audit.record({
      actorId: user.id,
      entityType: 'REVIEW_ASSIGNMENT',
      entityId: id,
      action: 'REMOVED',
      fromState: assignment.state,
      toState: next,
      reason: reason ?? null,
    });
    return this.load(id);
  }

  /** The reviewer accepts, declaring no conflict of interest; their draft review opens. */
  @Transactional()
  async accept(user: Principal, id: string, { version }: AcceptInvitation): Promise<ReviewAssignment> {
    const assignment = await this.answered(user, id, ReviewAssignmentAction.Accept, version);
    await this.assertNoConflict(assignment);
    const next = REVIEW_ASSIGNMENT_STATE.next(assignment.state, ReviewAssignmentAction.Accept);
    await this.assignments.update(id, { state: next, respondedAt: this.clock.now(), version: assignment.version + 1 });
    await this.txHost.tx.getRepository(Review).insert({
      assignmentId: id,
      callId: assignment.callId,
      proposalId: assignment.proposalId,
      reviewerAgencyId: assignment.reviewerAgencyId,
    });
    await this.audit.record({
      actorId: user.id,
      entityType: 'REVIEW_ASSIGNMENT',
      entityId: id,
      action: 'ACCEPTED',
      fromState: assignment.state,
      toState: next,
      data: { declaredNoConflict: true },
    });
    return this.load(id);
  }

  /** The reviewer declines with a reason; the officer who invited them is told, to assign someone else. */
  @Transactional()
  async decline(user: Principal, id: string, { reason, version }: DeclineInvitation): Promise<ReviewAssignment> {
    const assignment = await this.answered(user, id, ReviewAssignmentAction.Decline, version);
    const next = REVIEW_ASSIGNMENT_STATE.next(assignment.state, ReviewAssignmentAction.Decline);
    await this.assignments.update(id, {
      state: next,
      respondedAt: this.clock.now(),
      declineReason: reason,
      version: assignment.version + 1,
    });
    await this.reminders.cancel(id);
    await this.audit.record({
      actorId: user.id,
      entityType: 'REVIEW_ASSIGNMENT',
      entityId: id,
      action: 'DECLINED',
      fromState: assignment.state,
      toState: next,
      reason,
    });
    const officer = await this.mail.account(assignment.assignedById);
    if (officer)
      await this.mail.tell(EmailType.ReviewDeclined, [officer], assignment, assignment.call, 'declined', (to) => ({
        name: to.name,
        reviewerName: assignment.reviewer.name,
        proposalTitle: assignment.proposal.title,
        callTitle: assignment.call.title,
        reason,
        proposalUrl: this.mail.links.proposal(assignment.proposalId, to.language),
      }));
    return this.load(id);
  }

  /**
   * Accepting declares no conflict of interest, so it is refused while the check that assigning ran finds one now: a
   * conflict the reviewer declared since the invitation, or one the officer missed. The assignment being accepted is no
   * conflict of its own. The way out is to decline, giving the conflict as the reason, so the officer invites another.
   */
  private async assertNoConflict(assignment: ReviewAssignment): Promise<void> {
    const { proposal } = await this.proposals.load(assignment.proposalId);
    const reviewer = await this.reviewers.load(assignment.reviewerId);
    if (!reviewer) throw REVIEW_ERRORS.REVIEWER_NOT_FOUND();
    const found = await this.conflicts.check(proposal, [tiesOf(reviewer)], { answering: assignment.id });
    const conflicts = found.get(reviewer.userId) ?? [];
    if (conflicts.length > 0)
      throw conflictOfInterest(
        `You cannot accept this invitation, since you have a conflict of interest with the proposal (${conflicts
          .map((conflict) => conflict.message)
          .join('; ')}): decline it instead, giving the conflict as your reason, so that the agency can invite someone else`,
        conflicts,
      );
  }

  /** Locks an assignment an officer of the call acts on, and checks the move. */
  private async managed(user: Principal, id: string, action: ReviewAssignmentAction): Promise<ReviewAssignment> {
    const assignment = await this.load(id, true);
    REVIEW_ASSIGNMENT_ACCESS.assert(user, 'manage', { assignment, call: assignment.call });
    REVIEW_ASSIGNMENT_STATE.next(assignment.state, action);
    return assignment;
  }

  /** Locks an assignment its reviewer answers, while the call still takes reviews. */
  private async answered(
    user: Principal,
    id: string,
    action: ReviewAssignmentAction,
    version: number | undefined,
  ): Promise<ReviewAssignment> {
    const assignment = await this.load(id, true);
    REVIEW_ASSIGNMENT_ACCESS.assert(user, 'respond', { assignment, call: assignment.call });
    assertReviewing(assignment.call, this.clock.now());
    REVIEW_ASSIGNMENT_STATE.next(assignment.state, action);
    assertVersionIfSent('The review assignment', assignment.version, version);
    return assignment;
  }

  private async startReview(user: Principal, proposal: Proposal): Promise<void> {
    const next = PROPOSAL_STATE.next(proposal.state, ProposalAction.StartReview);
    await this.txHost.tx.getRepository(Proposal).update(proposal.id, { state: next, version: proposal.version + 1 });
    await this.audit.record({
      actorId: user.id,
      entityType: 'PROPOSAL',
      entityId: proposal.id,
      action: 'REVIEW_STARTED',
      fromState: proposal.state,
      toState: next,
    });
  }

  private async invite(assignment: ReviewAssignment, call: Call, agencyId: string): Promise<void> {
    const to = await this.mail.account(assignment.reviewerId);
    if (!to) return;
    const agency = agencyId === call.homeAgencyId ? call.homeAgency : call.partnerAgency;
    await this.mail.tell(EmailType.ReviewInvitation, [to], assignment, call, 'invited', (recipient) => ({
      name: recipient.name,
      proposalTitle: assignment.proposal.title,
      acronym: assignment.proposal.acronym ?? '',
      callTitle: call.title,
      agency: agency.name,
      dueAt: assignment.dueAt.toISOString(),
      timezones: this.mail.timezones(call, recipient),
      assignmentUrl: this.mail.assignmentUrl(assignment, recipient),
    }));
  }

  private async page(where: Record<string, unknown>, query: AssignmentQuery): Promise<Page<ReviewAssignment>> {
    return pageOf(
      await this.assignments.findAndCount({
        where,
        relations: RELATIONS,
        order: { createdAt: 'DESC', id: 'ASC' },
        take: query.limit,
        skip: query.offset,
      }),
      query,
    );
  }
}

/** Reviews are answered and written until the call is decided or cancelled. */
export function assertReviewing(call: Pick<Call, 'state' | 'closesAt'>, now: Date): void {
  if (!REVIEWING_CALLS.includes(effectiveCallState(call, now))) throw REVIEW_ERRORS.REVIEW_CALL_CLOSED_FOR_REVIEWS();
}

/** A reviewer as the conflict check needs them. */
const tiesOf = (reviewer: Reviewer): ReviewerTies => ({
  userId: reviewer.userId,
  email: reviewer.user.email,
  emailDomain: reviewer.emailDomain,
  institution: reviewer.institution,
});

/** The refusal for conflicts of interest, every reason listed under `conflicts.<reason>`. */
const conflictOfInterest = (detail: string, conflicts: readonly Conflict[]) =>
  REVIEW_ERRORS.REVIEW_CONFLICT_OF_INTEREST(
    detail,
    conflicts.map((conflict) => ({ field: `conflicts.${conflict.reason}`, message: conflict.message })),
  );

const inStates = (states: readonly ReviewAssignmentState[]) => In([...states]);
