import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditService } from '../audit/audit.service';
import { Call } from '../calls/call.entity';
import { Role } from '../common/identity/role';
import { ReminderService } from '../notifications/reminders/reminder.service';
import { Proposal } from '../proposals/proposal.entity';
import { Agency } from '../reference-data/agency.entity';
import { OPEN_ASSIGNMENT_STATES, ReviewAssignmentState } from '../reviews/review-assignment-state';
import { ReviewAssignment } from '../reviews/review-assignment.entity';
import { REVIEW_REMINDERS } from '../reviews/review-reminders';
import { REVIEW_TOTAL_SQL } from '../reviews/review-total.sql';
import { Review } from '../reviews/review.entity';
import { EXPERTISE_VECTOR_SQL, ReviewerProfile } from '../reviews/reviewer-profile.entity';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { PasswordService } from '../auth/password.service';
import { DemoAssignment, decidedCallsAssignments, demoAssignments, DEMO_REVIEWERS, IN_REVIEW_CALL } from './demo-reviews.data';

/** The pool reviewers' one demo password (see README); hashed once, as twenty argon2 hashes would slow the seed by seconds. */
export const POOL_REVIEWER_PASSWORD = 'reviewer-pool-demo';

export interface DemoReviewsResult {
  reviewers: number;
  reviewersAdded: number;
  assignmentsAdded: number;
}

/**
 * Writes demo-reviews.data.ts into the tables, inside the seed's transaction: the reviewer pools (accounts and
 * profiles), then the assignments and reviews of the call in review, once (a call that has assignments is left as
 * it is). Open assignments get the reminders the API would have scheduled; submitted reviews their total, by the
 * same SQL as a submission.
 */
@Injectable()
export class DemoReviewsSeeder {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
    private readonly reminders: ReminderService,
  ) {}

  async run(agencies: Map<string, Agency>, now = new Date()): Promise<DemoReviewsResult> {
    const result: DemoReviewsResult = { reviewers: DEMO_REVIEWERS.length, reviewersAdded: 0, assignmentsAdded: 0 };
    const accounts = new Map<string, User>();
    const passwordHash = lazy(() => this.passwords.hash(POOL_REVIEWER_PASSWORD));
    for (const spec of DEMO_REVIEWERS) {
      const account = await this.account(spec, passwordHash);
      accounts.set(spec.email, account);
      if (await this.txHost.tx.getRepository(ReviewerProfile).existsBy({ userId: account.id })) continue;
      const { email: _email, name: _name, agency, language: _language, ...profile } = spec;
      await this.txHost.tx
        .getRepository(ReviewerProfile)
        .insert({ ...profile, userId: account.id, recruitingAgencyId: agencies.get(agency)!.id });
      await this.txHost.tx.query(`UPDATE reviewer_profile SET expertise_vector = ${EXPERTISE_VECTOR_SQL} WHERE user_id = $1`, [account.id]);
      result.reviewersAdded++;
    }

    for (const { callTitle, assignments } of [
      { callTitle: IN_REVIEW_CALL, assignments: demoAssignments(now) },
      ...decidedCallsAssignments(now),
    ]) {
      const call = await this.txHost.tx.getRepository(Call).findOneBy({ title: callTitle });
      if (!call || (await this.txHost.tx.getRepository(ReviewAssignment).existsBy({ callId: call.id }))) continue;
      for (const spec of assignments) {
        await this.assign(call, spec, accounts);
        result.assignmentsAdded++;
      }
    }
    return result;
  }

  private async account(spec: (typeof DEMO_REVIEWERS)[number], passwordHash: () => Promise<string>): Promise<User> {
    const existing = await this.users.findByEmail(spec.email);
    if (!existing) {
      const { identifiers } = await this.txHost.tx.getRepository(User).insert({
        email: spec.email,
        name: spec.name,
        passwordHash: await passwordHash(),
        language: spec.language,
        roles: [Role.Reviewer],
        institution: spec.institution,
        country: spec.country,
        expertise: spec.expertiseKeywords,
      });
      return this.txHost.tx.getRepository(User).findOneByOrFail({ id: (identifiers[0] as { id: string }).id });
    }
    if (!existing.roles.includes(Role.Reviewer))
      await this.txHost.tx.getRepository(User).update(existing.id, { roles: [...existing.roles, Role.Reviewer] });
    return existing;
  }

  private async assign(call: Call, spec: DemoAssignment, accounts: Map<string, User>): Promise<void> {
    const tx = this.txHost.tx;
    const proposal = await tx.getRepository(Proposal).findOneByOrFail({ callId: call.id, title: spec.proposal });
    const reviewer = accounts.get(spec.reviewer)!;
    const officer = await tx.getRepository(User).findOneByOrFail({ email: spec.assignedBy });
    const profile = await tx.getRepository(ReviewerProfile).findOneByOrFail({ userId: reviewer.id });
    const assignments = tx.getRepository(ReviewAssignment);
    const assignment = await assignments.save(
      assignments.create({
        proposalId: proposal.id,
        callId: call.id,
        reviewerId: reviewer.id,
        reviewerAgencyId: profile.recruitingAgencyId,
        state: spec.state,
        dueAt: spec.dueAt,
        assignedById: officer.id,
        respondedAt: spec.respondedAt ?? null,
        declineReason: spec.declineReason ?? null,
        removedAt: spec.removedAt ?? null,
        removalReason: spec.removalReason ?? null,
        submittedAt: spec.review?.submittedAt ?? null,
        createdAt: spec.assignedAt,
      }),
    );
    await this.audit.record({
      actorId: officer.id,
      entityType: 'REVIEW_ASSIGNMENT',
      entityId: assignment.id,
      action: 'ASSIGNED',
      toState: ReviewAssignmentState.Invited,
      data: { demo: true, proposalId: proposal.id, reviewerId: reviewer.id, reviewerAgencyId: profile.recruitingAgencyId },
    });
    if (spec.state !== ReviewAssignmentState.Invited)
      await this.audit.record({
        actorId: spec.state === ReviewAssignmentState.Removed ? officer.id : reviewer.id,
        entityType: 'REVIEW_ASSIGNMENT',
        entityId: assignment.id,
        action: spec.state === ReviewAssignmentState.Submitted ? 'REVIEW_SUBMITTED' : spec.state,
        fromState: ReviewAssignmentState.Invited,
        toState: spec.state,
        reason: spec.declineReason ?? spec.removalReason ?? null,
        data: { demo: true },
      });
    if (spec.review) {
      const { submittedAt, ...content } = spec.review;
      const { id } = await tx.getRepository(Review).save(
        tx.getRepository(Review).create({
          ...content,
          assignmentId: assignment.id,
          callId: call.id,
          proposalId: proposal.id,
          reviewerAgencyId: profile.recruitingAgencyId,
          submittedAt: submittedAt ?? null,
        }),
      );
      if (submittedAt) await tx.query(`UPDATE review SET total = ${REVIEW_TOTAL_SQL} WHERE id = $1`, [id]);
    }
    if (OPEN_ASSIGNMENT_STATES.includes(spec.state))
      await this.reminders.scheduleAround({
        offsets: REVIEW_REMINDERS,
        subject: { type: 'REVIEW_ASSIGNMENT', id: assignment.id },
        recipientId: reviewer.id,
        dueAt: spec.dueAt,
        now: new Date(),
      });
  }
}

/** Computes the value on first use, once. */
function lazy<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= make());
}
