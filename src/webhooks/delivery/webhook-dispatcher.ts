import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Webhook } from 'standardwebhooks';
import { CoalescedRun } from '../../common/scheduling/coalesced-run';
import { PeriodicSweep, Sweeps } from '../../common/scheduling/periodic-sweep';
import { Environment } from '../../config/environment';
import { PgListener } from '../../database/pg-listener';
import { WEBHOOK_CHANNEL } from '../webhook-events';
import { SecretBox } from '../webhook-secrets';
import { urlPolicyFor } from '../webhook-url.guard';
import { isDelivered } from '../webhook-retry.rules';
import { ClaimedRow, WebhookQueue } from './webhook-queue';
import { WebhookSender } from './webhook-sender';
import { ClaimedDelivery, WebhookSettlement } from './webhook-settlement';

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
  private stopping = false;

  constructor(
    private readonly queue: WebhookQueue,
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
    this.stopping = true;
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
        const rows = await this.queue.claim(this.concurrency - this.inFlight.size, this.perEndpoint, this.leaseMs);
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

  /**
   * Never rejects: whatever goes wrong, the lease runs out and the delivery is attempted again (at least once, never
   * lost). With one in flight per endpoint, a success hands over the endpoint's next delivery (claimed in the same
   * statement), so the slot keeps draining that endpoint's queue in order until it is empty, a retry is not yet
   * due, or the worker stops.
   */
  private async attempt(first: ClaimedRow): Promise<void> {
    for (let row: ClaimedRow | undefined = first; row;) row = await this.attemptOne(row);
  }

  private async attemptOne(row: ClaimedRow): Promise<ClaimedRow | undefined> {
    try {
      const outcome = await this.sender.post(row.url, this.headers(row), row.body);
      const delivery: ClaimedDelivery = { id: row.id, endpointId: row.endpoint_id, attempts: row.attempts };
      if (!isDelivered(outcome.statusCode)) {
        await this.settlement.failed(delivery, outcome);
        return undefined;
      }
      if (this.perEndpoint === 1 && !this.stopping) return await this.queue.markDeliveredAndClaimNext(delivery, outcome, this.leaseMs);
      await this.queue.markDelivered(delivery, outcome);
    } catch (error) {
      this.logger.warn(
        { deliveryId: row.id, reason: error instanceof Error ? error.message : String(error) },
        'Webhook attempt not recorded',
      );
    }
    return undefined;
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
