import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Reminder, ReminderStatus } from './reminder.entity';
import { prepared } from '../../database/prepared';

export interface ReminderRequest {
  kind: string;
  subject: { type: string; id: string };
  recipientId: string;
  dueAt: Date;
  expectation?: Reminder['expectation'];
}

/**
 * Reminders around a due date, by kind: how long before (negative) or after (positive) the date each one fires.
 * Proposals remind of a deadline 7 days, 1 day and 1 hour before; reviews 3 days before, on the day and 2 days
 * after; award reports 30 and 7 days before and once overdue.
 */
export type ReminderOffsets = Readonly<Record<string, number>>;

export const DAY_MS = 24 * 3600 * 1000;
export const HOUR_MS = 3600 * 1000;

export interface DueDateReminders {
  offsets: ReminderOffsets;
  subject: { type: string; id: string };
  recipientId: string;
  dueAt: Date;
  /** What the handler checks at the reminder's time (see Reminder.expectation); the due date is always included. */
  expectation?: Reminder['expectation'];
  /** Reminders whose time has already passed are not scheduled. */
  now: Date;
}

/**
 * Schedules, moves and cancels reminders inside the caller's transaction. Scheduling an existing
 * (kind, subject, recipient) moves it: one reminder per occurrence, however often a deadline changes.
 */
@Injectable()
export class ReminderService {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async schedule(...reminders: ReminderRequest[]): Promise<void> {
    if (reminders.length === 0) return;
    await this.txHost.tx
      .createQueryBuilder()
      .insert()
      .into(Reminder)
      .values(
        reminders.map((reminder) => ({
          kind: reminder.kind,
          subjectType: reminder.subject.type,
          subjectId: reminder.subject.id,
          recipientId: reminder.recipientId,
          dueAt: reminder.dueAt,
          expectation: reminder.expectation ?? {},
          status: ReminderStatus.Pending,
          settledAt: null,
        })),
      )
      .orUpdate(['due_at', 'expectation', 'status', 'settled_at'], ['kind', 'subject_type', 'subject_id', 'recipient_id'])
      .execute();
  }

  /**
   * Schedules (or moves) the reminders of a due date that still lie ahead; kinds whose time has passed are
   * cancelled, so moving a date earlier never leaves a stale reminder behind.
   */
  async scheduleAround(plan: DueDateReminders): Promise<void> {
    const expectation = { dueAt: plan.dueAt.toISOString(), ...plan.expectation };
    const timed = Object.entries(plan.offsets).map(([kind, offset]) => ({ kind, dueAt: new Date(plan.dueAt.getTime() + offset) }));
    const ahead = timed.filter(({ dueAt }) => dueAt.getTime() > plan.now.getTime());
    const passed = timed.filter(({ dueAt }) => dueAt.getTime() <= plan.now.getTime()).map(({ kind }) => kind);
    await this.schedule(
      ...ahead.map(({ kind, dueAt }) => ({ kind, subject: plan.subject, recipientId: plan.recipientId, dueAt, expectation })),
    );
    if (passed.length > 0) await this.cancel(plan.subject, { kinds: passed, recipientId: plan.recipientId });
  }

  /** Cancels the pending reminders of a subject: all of them, or only some kinds, or only one recipient's. */
  async cancel(subject: { type: string; id: string }, filter: { kinds?: string[]; recipientId?: string } = {}): Promise<number> {
    // Plain SQL: on the path of every submission, where building the UPDATE cost more than running it.
    const parameters: unknown[] = [subject.type, subject.id, ReminderStatus.Pending, ReminderStatus.Cancelled, new Date()];
    const conditions = ['subject_type = $1', 'subject_id = $2', 'status = $3'];
    if (filter.kinds) conditions.push(`kind = ANY($${parameters.push(filter.kinds)}::varchar[])`);
    if (filter.recipientId) conditions.push(`recipient_id = $${parameters.push(filter.recipientId)}`);
    const { rowCount } = await prepared(
      this.txHost.tx,
      `UPDATE reminder SET status = $4, settled_at = $5 WHERE ${conditions.join(' AND ')}`,
      parameters,
    );
    return rowCount ?? 0;
  }
}
