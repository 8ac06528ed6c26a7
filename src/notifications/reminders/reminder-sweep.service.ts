import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { In } from 'typeorm';
import { PeriodicSweep, Sweeps } from '../../common/scheduling/periodic-sweep';
import { OutboxService } from '../outbox.service';
import { ReminderHandlers } from './reminder-handler';
import { Reminder, ReminderStatus } from './reminder.entity';

const BATCH = 200;

/**
 * Fires due reminders. Due rows are found through a partial index on PENDING reminders and locked with SKIP
 * LOCKED, so overlapping sweeps (two workers, or a scheduler that fires twice) split the work instead of doubling
 * it; the e-mails' idempotency keys make a repeat harmless even so.
 */
@Injectable()
@Sweeps('sweep-reminders')
export class ReminderSweepService implements PeriodicSweep, OnApplicationBootstrap {
  private readonly logger = new Logger(ReminderSweepService.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly handlers: ReminderHandlers,
    private readonly outbox: OutboxService,
  ) {}

  /** A reminder whose kind lost its handler would never be sent: refuse to start rather than drop it silently. */
  async onApplicationBootstrap(): Promise<void> {
    const pending = await this.txHost.tx.query<{ kind: string }[]>(`SELECT DISTINCT kind FROM reminder WHERE status = 'PENDING'`);
    const orphaned = pending.map((row) => row.kind).filter((kind) => !this.handlers.get(kind));
    if (orphaned.length > 0) throw new Error(`Pending reminders of kinds without a handler: ${orphaned.join(', ')}`);
  }

  /** Settles everything due now; returns how many reminders were settled. */
  async sweep(): Promise<number> {
    let total = 0;
    for (;;) {
      const { found, settled } = await this.sweepBatch();
      total += settled;
      // A full batch of which nothing settled holds only kinds without a handler: stop rather than spin.
      if (found < BATCH || settled === 0) return total;
    }
  }

  @Transactional()
  private async sweepBatch(): Promise<{ found: number; settled: number }> {
    const repository = this.txHost.tx.getRepository(Reminder);
    const due = await repository
      .createQueryBuilder('reminder')
      .where(`reminder.status = 'PENDING' AND reminder.due_at <= now()`)
      .orderBy('reminder.due_at')
      .limit(BATCH)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
    const outcomes = { [ReminderStatus.Fired]: [] as string[], [ReminderStatus.Obsolete]: [] as string[] };
    for (const reminder of due) {
      const handler = this.handlers.get(reminder.kind);
      if (!handler) {
        this.logger.error({ reminderId: reminder.id, kind: reminder.kind }, 'No handler for reminder kind; left pending');
        continue;
      }
      const emails = await handler.evaluate(reminder);
      for (const email of emails)
        await this.outbox.request({ ...email, occurrence: `${email.occurrence}|${reminder.id}|${reminder.dueAt.toISOString()}` });
      outcomes[emails.length > 0 ? ReminderStatus.Fired : ReminderStatus.Obsolete].push(reminder.id);
    }
    // One UPDATE per outcome rather than one per reminder: that was most of a sweep's time in bench:mail.
    for (const [status, ids] of Object.entries(outcomes)) {
      if (ids.length > 0) await repository.update({ id: In(ids) }, { status: status as ReminderStatus, settledAt: new Date() });
    }
    const settled = outcomes[ReminderStatus.Fired].length + outcomes[ReminderStatus.Obsolete].length;
    return { found: due.length, settled };
  }
}
