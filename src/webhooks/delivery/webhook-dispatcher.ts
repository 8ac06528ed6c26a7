import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { CoalescedRun } from '../../common/scheduling/coalesced-run';
import { PeriodicSweep, Sweeps } from '../../common/scheduling/periodic-sweep';
import { Environment } from '../../config/environment';
import { PgListener } from '../../database/pg-listener';
import { WEBHOOK_CHANNEL } from '../webhook-events';
import { SecretBox } from '../webhook-secrets';
import { urlPolicyFor } from '../webhook-url.guard';
import { WebhookSender } from './webhook-sender';
import { ClaimedDelivery, WebhookSettlement } from './webhook-settlement';

interface ClaimedRow {
  id: string;
  endpoint_id: string;
  attempts: number;
  body: string;
  url: string;
  secret_ciphertext: Buffer;
  previous_secret_ciphertext: Buffer | null;
  previous_secret_expires_at: Date | null;
}

/**
 * Claims deliveries that are due and sends them, up to WEBHOOK_CONCURRENCY at once per worker and
 * WEBHOOK_ENDPOINT_CONCURRENCY per endpoint. Each endpoint's queue is taken in the order events happened: only its
 * first deliveries may be claimed, so with one in flight per endpoint a failing delivery holds back the later ones
 * until it succeeds or is given up, and the agency receives events in order.
 *
 * A claim is a conditional UPDATE with a lease, so several workers share the work without sending one delivery
 * twice at once; a worker that dies mid-attempt leaves a lease that expires, and the delivery is attempted again
 * (with the same webhook-id). Wakes on the NOTIFY of new deliveries, on every finished attempt and on the sweep,
 * which also picks up retries whose time has come.
 */
@Injectable()
@Sweeps('dispatch-webhooks')
export class WebhookDispatcher implements PeriodicSweep, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private readonly inFlight = new Set<Promise<void>>();
  private readonly dispatch = new CoalescedRun(() => this.fill());
  private readonly listener: PgListener;
  private readonly sender: WebhookSender;
  private readonly box: SecretBox;
  private readonly concurrency: number;
  private readonly perEndpoint: number;
  private readonly leaseMs: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settlement: WebhookSettlement,
    config: ConfigService<Environment, true>,
  ) {
    const timeoutMs = config.get('WEBHOOK_TIMEOUT_MS', { infer: true });
    this.sender = new WebhookSender(urlPolicyFor(config.get('NODE_ENV', { infer: true })), timeoutMs);
    this.box = new SecretBox(config.get('WEBHOOK_SECRETS_KEY', { infer: true }));
    this.concurrency = config.get('WEBHOOK_CONCURRENCY', { infer: true });
    this.perEndpoint = config.get('WEBHOOK_ENDPOINT_CONCURRENCY', { infer: true });
    // Longer than any attempt can take, so a live attempt's lease never expires under it.
    this.leaseMs = timeoutMs + 60_000;
    this.listener = new PgListener(config.get('DATABASE_URL', { infer: true }), WEBHOOK_CHANNEL, () => void this.wake());
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listener.start();
    void this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.dispatch.stop();
    // Attempts in hand finish (their outcome is written); nothing new starts.
    await Promise.allSettled([...this.inFlight]);
    await this.listener.close();
    this.sender.close();
  }

  sweep(): Promise<number> {
    return this.wake();
  }

  wake(): Promise<number> {
    return this.dispatch.run();
  }

  private async fill(): Promise<number> {
    let claimed = 0;
    try {
      while (this.inFlight.size < this.concurrency) {
        const rows = await this.claim(this.concurrency - this.inFlight.size);
        if (rows.length === 0) break;
        claimed += rows.length;
        for (const row of rows) {
          const attempt: Promise<void> = this.attempt(row).finally(() => {
            this.inFlight.delete(attempt);
            void this.wake();
          });
          this.inFlight.add(attempt);
        }
      }
    } catch (error) {
      this.logger.warn(
        { reason: error instanceof Error ? error.message : String(error) },
        'Webhook dispatch paused; deliveries stay queued',
      );
    }
    return claimed;
  }

  private async claim(limit: number): Promise<ClaimedRow[]> {
    // An UPDATE answers [rows, count] through TypeORM.
    const [rows] = await this.dataSource.query<[ClaimedRow[], number]>(
      `WITH heads AS (
         SELECT d.id, d.status, d.next_attempt_at, d.lease_until
         FROM webhook_endpoint e
         CROSS JOIN LATERAL (
           SELECT id, status, next_attempt_at, lease_until FROM webhook_delivery
           WHERE endpoint_id = e.id AND status IN ('PENDING', 'SENDING')
           ORDER BY sequence LIMIT $1
         ) d
         WHERE e.active
       ), claimable AS (
         SELECT id FROM heads
         WHERE (status = 'PENDING' AND next_attempt_at <= now()) OR (status = 'SENDING' AND lease_until <= now())
         LIMIT $2
       )
       UPDATE webhook_delivery d
       SET status = 'SENDING', attempts = d.attempts + 1, lease_until = now() + $3 * interval '1 millisecond'
       FROM claimable c, webhook_event ev, webhook_endpoint ep
       WHERE d.id = c.id AND ev.id = d.event_id AND ep.id = d.endpoint_id
         AND (d.status = 'PENDING' OR (d.status = 'SENDING' AND d.lease_until <= now()))
       RETURNING d.id, d.endpoint_id, d.attempts, ev.body, ep.url, ep.secret_ciphertext, ep.previous_secret_ciphertext,
         ep.previous_secret_expires_at`,
      [this.perEndpoint, limit, this.leaseMs],
    );
    return rows;
  }

  private async attempt(row: ClaimedRow): Promise<void> {
    const outcome = await this.sender.post(row.url, this.headers(row), row.body);
    const delivery: ClaimedDelivery = { id: row.id, endpointId: row.endpoint_id, attempts: row.attempts };
    await this.settlement.settle(delivery, outcome).catch((error: unknown) => {
      // The lease runs out and the delivery is attempted again: at least once, never lost.
      this.logger.warn(
        { deliveryId: row.id, reason: error instanceof Error ? error.message : String(error) },
        'Webhook outcome not recorded',
      );
    });
  }

  /** Standard Webhooks headers; during a rotation's overlap the previous secret signs as well. */
  private headers(row: ClaimedRow): Record<string, string> {
    const now = new Date();
    const secrets = [this.box.open(row.secret_ciphertext)];
    if (row.previous_secret_ciphertext && row.previous_secret_expires_at && row.previous_secret_expires_at > now) {
      secrets.push(this.box.open(row.previous_secret_ciphertext));
    }
    return {
      'content-type': 'application/json',
      'user-agent': 'JointCalls-Webhooks/1',
      'webhook-id': row.id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(row.id, now, row.body)).join(' '),
    };
  }
}
