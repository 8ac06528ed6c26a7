import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditService } from '../audit/audit.service';
import { Call } from '../calls/call.entity';
import { Principal } from '../common/access/principal';
import { assertVersion, assertVersionIfSent } from '../common/concurrency/versioning';
import { Clock } from '../common/time/clock';
import { ProposalsService } from '../proposals/proposals.service';
import { assertReviewing, AssignmentsService } from './assignments.service';
import { ProposalReviewsView, roundTotal, SaveReview, SubmittedReviewView } from './dto/review.dto';
import { PROPOSAL_REVIEWS_ACCESS, REVIEW_ASSIGNMENT_ACCESS, reviewAudience, ReviewAudience } from './review-access';
import { assertWritable, REVIEW_ASSIGNMENT_STATE, ReviewAssignmentAction, ReviewAssignmentState } from './review-assignment-state';
import { ReviewAssignment } from './review-assignment.entity';
import { ReviewReminders } from './review-reminders';
import { reviewProblems } from './review.rules';
import { Review, Scores } from './review.entity';
import { REVIEW_TOTAL_SQL } from './review-total.sql';
import { REVIEW_ERRORS } from './reviews.errors';

interface SubmittedRow {
  id: string;
  reviewer_id: string;
  reviewer_name: string;
  reviewer_agency_id: string;
  scores: Scores;
  total: string;
  recommendation: SubmittedReviewView['recommendation'];
  comments_to_applicants: string;
  confidential_comments: string;
  submitted_at: Date;
}

/**
 * The review itself: a draft saved with versions from acceptance until submission, which is final (once, even when
 * sent twice at once: the assignment's row is locked). And the reviews of a proposal, as the blindness rules let
 * each reader see them (review-access.ts).
 */
@Injectable()
export class ReviewsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly assignments: AssignmentsService,
    private readonly proposals: ProposalsService,
    private readonly reminders: ReviewReminders,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private get reviews() {
    return this.txHost.tx.getRepository(Review);
  }

  /** The reviewer's own review; officers of the call read it too. */
  async get(user: Principal, assignmentId: string): Promise<{ review: Review; call: Call }> {
    const assignment = await this.assignments.getVisible(user, assignmentId);
    const review = await this.reviews.findOneBy({ assignmentId });
    if (!review) throw REVIEW_ERRORS.REVIEW_NOT_ACCEPTED();
    return { review, call: assignment.call };
  }

  @Transactional()
  async save(user: Principal, assignmentId: string, input: SaveReview): Promise<{ review: Review; call: Call }> {
    const { assignment, review } = await this.writable(user, assignmentId, ReviewAssignmentAction.Write);
    assertVersion('The review', review.version, input.version);
    const draft = {
      scores: (input.scores ?? {}) as Scores,
      recommendation: input.recommendation ?? null,
      commentsToApplicants: input.commentsToApplicants ?? '',
      confidentialComments: input.confidentialComments ?? '',
    };
    const problems = reviewProblems(assignment.call.reviewCriteria, draft, false);
    if (problems.length > 0) throw REVIEW_ERRORS.REVIEW_INVALID(problems);
    await this.reviews.update(review.id, { ...draft, version: review.version + 1 });
    return { review: await this.reviews.findOneByOrFail({ id: review.id }), call: assignment.call };
  }

  @Transactional()
  async submit(user: Principal, assignmentId: string, version: number | undefined): Promise<{ review: Review; call: Call }> {
    const { assignment, review } = await this.writable(user, assignmentId, ReviewAssignmentAction.Submit);
    assertVersionIfSent('The review', review.version, version);
    const problems = reviewProblems(assignment.call.reviewCriteria, review, true);
    if (problems.length > 0) throw REVIEW_ERRORS.REVIEW_INCOMPLETE(problems);
    const now = this.clock.now();
    await this.txHost.tx.query(
      `UPDATE review SET submitted_at = $2, total = ${REVIEW_TOTAL_SQL}, version = version + 1, updated_at = now() WHERE id = $1`,
      [review.id, now],
    );
    const next = REVIEW_ASSIGNMENT_STATE.next(assignment.state, ReviewAssignmentAction.Submit);
    await this.txHost.tx
      .getRepository(ReviewAssignment)
      .update(assignment.id, { state: next, submittedAt: now, version: assignment.version + 1 });
    await this.reminders.cancel(assignment.id);
    const submitted = await this.reviews.findOneByOrFail({ id: review.id });
    await this.audit.record({
      actorId: user.id,
      entityType: 'REVIEW_ASSIGNMENT',
      entityId: assignment.id,
      action: 'REVIEW_SUBMITTED',
      fromState: assignment.state,
      toState: next,
      data: { reviewId: review.id, total: submitted.total, recommendation: submitted.recommendation },
    });
    return { review: submitted, call: assignment.call };
  }

  /** A proposal's submitted reviews, as much of them as the reader may see (404 / 403 otherwise). */
  async ofProposal(user: Principal, proposalId: string): Promise<ProposalReviewsView> {
    const { proposal, call } = await this.proposals.load(proposalId);
    const [own] = await this.txHost.tx.query<{ state: ReviewAssignmentState }[]>(
      `SELECT state FROM review_assignment WHERE proposal_id = $1 AND reviewer_id = $2
       ORDER BY array_position(ARRAY['SUBMITTED', 'ACCEPTED', 'INVITED', 'DECLINED', 'REMOVED']::review_assignment_state[], state) LIMIT 1`,
      [proposalId, user.id],
    );
    const subject = {
      call,
      teamUserIds: proposal.team.map((member) => member.userId).filter((id): id is string => id !== null),
      ownAssignment: own?.state ?? null,
    };
    PROPOSAL_REVIEWS_ACCESS.assert(user, 'read', subject);
    const audience = reviewAudience(user, subject)!;
    const rows = await this.txHost.tx.query<SubmittedRow[]>(
      `SELECT review.id, assignment.reviewer_id, reviewer.name AS reviewer_name, review.reviewer_agency_id, review.scores, review.total,
              review.recommendation, review.comments_to_applicants, review.confidential_comments, review.submitted_at
       FROM review JOIN review_assignment assignment ON assignment.id = review.assignment_id
       JOIN "user" reviewer ON reviewer.id = assignment.reviewer_id
       WHERE review.proposal_id = $1 AND review.submitted_at IS NOT NULL
       ORDER BY review.submitted_at, review.id`,
      [proposalId],
    );
    return { audience, criteria: call.reviewCriteria, items: rows.map((row, index) => this.shown(row, index, audience, user)) };
  }

  /** What each audience sees of one submitted review. */
  private shown(row: SubmittedRow, index: number, audience: ReviewAudience, user: Principal): SubmittedReviewView {
    const common = {
      label: `Reviewer ${index + 1}`,
      scores: row.scores,
      total: roundTotal(row.total),
      commentsToApplicants: row.comments_to_applicants,
      submittedAt: row.submitted_at,
    };
    switch (audience) {
      case ReviewAudience.Agencies:
        return {
          ...common,
          reviewer: { id: row.reviewer_id, name: row.reviewer_name, agencyId: row.reviewer_agency_id },
          recommendation: row.recommendation,
          confidentialComments: row.confidential_comments,
        };
      case ReviewAudience.Reviewer: {
        const own = row.reviewer_id === user.id;
        return { ...common, own, recommendation: row.recommendation, ...(own ? { confidentialComments: row.confidential_comments } : {}) };
      }
      case ReviewAudience.Applicants:
        return common;
    }
  }

  /** Locks the assignment its reviewer writes on, while the call takes reviews, and loads the draft. */
  private async writable(
    user: Principal,
    assignmentId: string,
    action: ReviewAssignmentAction.Write | ReviewAssignmentAction.Submit,
  ): Promise<{ assignment: ReviewAssignment; review: Review }> {
    const assignment = await this.assignments.load(assignmentId, true);
    REVIEW_ASSIGNMENT_ACCESS.assert(user, 'respond', { assignment, call: assignment.call });
    assertReviewing(assignment.call, this.clock.now());
    assertWritable(assignment.state, action);
    const review = await this.reviews.findOneByOrFail({ assignmentId });
    return { assignment, review };
  }
}
