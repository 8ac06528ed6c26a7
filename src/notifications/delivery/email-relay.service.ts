import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { CoalescedRun } from '../../common/scheduling/coalesced-run';
import { PeriodicSweep, Sweeps } from '../../common/scheduling/periodic-sweep';
import { PgListener } from '../../database/pg-listener';
import { Environment } from '../../config/environment';
import { OUTBOX_CHANNEL } from '../outbox.service';
import { createQueue, EMAIL_QUEUE, EmailJob } from '../queues';
import { RELAY_LEASE } from './email-delivery.service';

const BATCH = 500;

/**
 * Moves committed outbox rows into the e-mail queue. It wakes on the outbox's NOTIFY (sent only on commit) and on
 * the periodic sweep, which also catches rows whose jobs Redis lost. Rows are taken with SKIP LOCKED, so relays in
 * several workers share the work, and the row's lease advances in the same transaction as the enqueue: if Redis
 * refuses the job the transaction rolls back and the row is relayed on a later pass.
 */
@Injectable()
@Sweeps('relay-outbox')
export class EmailRelayService implements PeriodicSweep, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EmailRelayService.name);
  private readonly queue: Queue<EmailJob>;
  private readonly closeQueue: () => Promise<void>;
  private readonly listener: PgListener;
  private readonly relay = new CoalescedRun(() => this.relayAll());
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    config: ConfigService<Environment, true>,
  ) {
    ({ queue: this.queue, close: this.closeQueue } = createQueue<EmailJob>(EMAIL_QUEUE, config, {
      defaultJobOptions: {
        attempts: config.get('MAIL_MAX_ATTEMPTS', { infer: true }),
        backoff: { type: 'exponential', delay: config.get('MAIL_RETRY_BASE_MS', { infer: true }) },
        removeOnComplete: { age: 3600, count: 10_000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    }));
    this.listener = new PgListener(config.get('DATABASE_URL', { infer: true }), OUTBOX_CHANNEL, () => void this.wake());
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listener.start();
    void this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.relay.stop();
    await this.listener.close();
    await this.closeQueue();
  }

  /** Also takes back claims of workers that died mid-send and whose jobs are gone too (Redis lost them). */
  async sweep(): Promise<number> {
    await this.reclaimAbandoned().catch((error: unknown) =>
      this.logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'Reclaiming abandoned e-mails failed'),
    );
    return this.wake();
  }

  /** Relays everything due now; concurrent wake-ups coalesce into one more pass. */
  wake(): Promise<number> {
    return this.relay.run();
  }

  private async relayAll(): Promise<number> {
    let total = 0;
    try {
      for (let relayed = BATCH; relayed === BATCH && !this.stopped; total += relayed) relayed = await this.relayBatch();
    } catch (error) {
      this.logger.warn({ reason: error instanceof Error ? error.message : String(error) }, 'Outbox relay paused; rows stay pending');
    }
    return total;
  }

  /**
   * A claim that lapsed long ago, with no job trying the e-mail again since (a dead worker's job normally retries
   * until the lease lapses, see ClaimedElsewhere; here Redis lost it too): pending again, for the relay to queue.
   */
  private async reclaimAbandoned(): Promise<void> {
    const [, reclaimed] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE outbound_email SET status = 'PENDING', lease_until = NULL, relay_after = now()
       WHERE status = 'SENDING' AND lease_until < now() - interval '${RELAY_LEASE}'`,
    );
    if (reclaimed > 0) this.logger.warn({ reclaimed }, 'Took back e-mails abandoned mid-send');
  }

  private relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<{ id: string; attempts: number }[]>(
        `SELECT id, attempts FROM outbound_email WHERE status = 'PENDING' AND relay_after <= now()
         ORDER BY relay_after LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      );
      if (rows.length === 0) return 0;
      await manager.query(`UPDATE outbound_email SET relay_after = now() + interval '${RELAY_LEASE}' WHERE id = ANY($1)`, [
        rows.map((row) => row.id),
      ]);
      // The job id names the row and its claims so far: a row queued again (its job lost, or finished while another
      // worker held the claim) is not mistaken by BullMQ for the job it already has.
      await this.queue.addBulk(
        rows.map(({ id, attempts }) => ({ name: 'deliver', data: { emailId: id }, opts: { jobId: `${id}_${attempts}` } })),
      );
      return rows.length;
    });
  }
}
