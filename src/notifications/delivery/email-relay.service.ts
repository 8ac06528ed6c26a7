import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Queue } from 'bullmq';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PeriodicSweep, Sweeps } from '../../common/scheduling/periodic-sweep';
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
  private listener?: Client;
  private running?: Promise<number>;
  private again = false;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: ConfigService<Environment, true>,
  ) {
    ({ queue: this.queue, close: this.closeQueue } = createQueue<EmailJob>(EMAIL_QUEUE, config, {
      defaultJobOptions: {
        attempts: config.get('MAIL_MAX_ATTEMPTS', { infer: true }),
        backoff: { type: 'exponential', delay: config.get('MAIL_RETRY_BASE_MS', { infer: true }) },
        removeOnComplete: { age: 3600, count: 10_000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    }));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
    void this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
    await this.closeQueue();
  }

  sweep(): Promise<number> {
    return this.wake();
  }

  /** Relays everything due now; coalesces concurrent wake-ups into one more pass. */
  wake(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.relayAll().finally(() => {
      this.running = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.wake();
      }
    });
    return this.running;
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

  private relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<{ id: string }[]>(
        `SELECT id FROM outbound_email WHERE status = 'PENDING' AND relay_after <= now()
         ORDER BY relay_after LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      );
      if (rows.length === 0) return 0;
      const ids = rows.map((row) => row.id);
      await manager.query(`UPDATE outbound_email SET relay_after = now() + interval '${RELAY_LEASE}' WHERE id = ANY($1)`, [ids]);
      await this.queue.addBulk(ids.map((emailId) => ({ name: 'deliver', data: { emailId }, opts: { jobId: emailId } })));
      return rows.length;
    });
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.config.get('DATABASE_URL', { infer: true }) });
    client.on('notification', () => void this.wake());
    // A lost LISTEN connection only delays e-mails to the next sweep; reconnect in the background.
    client.on('error', () => {
      this.listener = undefined;
      if (!this.stopped) setTimeout(() => void this.listen().catch(() => undefined), 1000).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    this.listener = client;
  }
}
