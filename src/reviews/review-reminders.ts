import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Clock } from '../common/time/clock';
import { EmailType } from '../notifications/email-types';
import { EmailRequest } from '../notifications/outbox.service';
import { HandlesReminder, ReminderHandler } from '../notifications/reminders/reminder-handler';
import { Reminder } from '../notifications/reminders/reminder.entity';
import { DAY_MS, ReminderService } from '../notifications/reminders/reminder.service';
import { ProposalState } from '../proposals/proposal-state';
import { OPEN_ASSIGNMENT_STATES, ReviewAssignmentState } from './review-assignment-state';
import { ReviewAssignment } from './review-assignment.entity';
import { ReviewMail } from './review-mail';

/** Reminders to a reviewer whose review is awaited, by when they fire relative to its due date. */
export const REVIEW_REMINDERS = {
  REVIEW_DUE_3D: -3 * DAY_MS,
  REVIEW_DUE: 0,
  REVIEW_OVERDUE_2D: 2 * DAY_MS,
} as const;

const SUBJECT = 'REVIEW_ASSIGNMENT';

/**
 * A review's reminders: scheduled with the assignment, moved with its due date, cancelled when it is submitted,
 * declined or removed, and at their time sent only if the review is still awaited by the same date.
 */
@Injectable()
@HandlesReminder(...Object.keys(REVIEW_REMINDERS))
export class ReviewReminders implements ReminderHandler {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly reminders: ReminderService,
    private readonly mail: ReviewMail,
    private readonly clock: Clock,
  ) {}

  /** Schedules (or moves) the reminders still ahead of the due date. */
  schedule(assignment: Pick<ReviewAssignment, 'id' | 'reviewerId' | 'dueAt'>): Promise<void> {
    return this.reminders.scheduleAround({
      offsets: REVIEW_REMINDERS,
      subject: { type: SUBJECT, id: assignment.id },
      recipientId: assignment.reviewerId,
      dueAt: assignment.dueAt,
      now: this.clock.now(),
    });
  }

  cancel(assignmentId: string): Promise<number> {
    return this.reminders.cancel({ type: SUBJECT, id: assignmentId }, { kinds: Object.keys(REVIEW_REMINDERS) });
  }

  /** At the reminder's time: still invited or accepted, by the same due date, on a proposal still under review. */
  async evaluate(reminder: Reminder): Promise<EmailRequest[]> {
    const assignment = await this.txHost.tx
      .getRepository(ReviewAssignment)
      .findOne({ where: { id: reminder.subjectId }, relations: { proposal: true, call: true } });
    if (!assignment || !OPEN_ASSIGNMENT_STATES.includes(assignment.state)) return [];
    if (assignment.dueAt.toISOString() !== reminder.expectation.dueAt) return [];
    if (assignment.proposal.state !== ProposalState.UnderReview || assignment.reviewerId !== reminder.recipientId) return [];
    const to = await this.mail.account(assignment.reviewerId);
    if (!to) return [];
    const { call, proposal } = assignment;
    const context = this.mail.context(assignment, call);
    return [
      {
        type: EmailType.ReviewReminder,
        to,
        about: context.about,
        occurrence: reminder.kind,
        variables: {
          name: to.name,
          proposalTitle: proposal.title,
          callTitle: call.title,
          dueAt: assignment.dueAt.toISOString(),
          timezones: this.mail.timezones(call, to),
          accepted: assignment.state === ReviewAssignmentState.Accepted,
          overdue: REVIEW_REMINDERS[reminder.kind as keyof typeof REVIEW_REMINDERS] > 0,
          assignmentUrl: this.mail.assignmentUrl(assignment, to),
        },
        agencyIds: [...context.agencyIds],
      },
    ];
  }
}
