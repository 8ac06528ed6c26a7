import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { In } from 'typeorm';
import { Reminder, ReminderStatus } from './reminder.entity';

export interface ReminderRequest {
  kind: string;
  subject: { type: string; id: string };
  recipientId: string;
  dueAt: Date;
  expectation?: Reminder['expectation'];
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

  /** Cancels the pending reminders of a subject: all of them, or only some kinds, or only one recipient's. */
  async cancel(subject: { type: string; id: string }, filter: { kinds?: string[]; recipientId?: string } = {}): Promise<number> {
    const result = await this.txHost.tx.getRepository(Reminder).update(
      {
        subjectType: subject.type,
        subjectId: subject.id,
        status: ReminderStatus.Pending,
        ...(filter.kinds ? { kind: In(filter.kinds) } : {}),
        ...(filter.recipientId ? { recipientId: filter.recipientId } : {}),
      },
      { status: ReminderStatus.Cancelled, settledAt: new Date() },
    );
    return result.affected ?? 0;
  }
}
