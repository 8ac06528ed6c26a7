import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Pool } from 'pg';
import { Environment } from '../../config/environment';
import { SendOutcome } from './webhook-sender';

export interface ClaimedRow {
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
 * The deliveries table as a queue: claiming what is due, and marking a success, each in one statement on a small
 * pool of the worker's own.
 *
 * That pool does not wait for the disk at commit (`synchronous_commit = off`): the events themselves were committed
 * durably with their change, and what is written here is bookkeeping about sending them. It makes an in-order
 * delivery about twice as cheap. A database crash may lose the last fraction of a second of it: a claim then simply
 * lapses, and a success is sent again with the same webhook-id (at least once, which Standard Webhooks receivers
 * expect). A worker crash loses nothing that was committed.
 */
@Injectable()
export class WebhookQueue implements OnModuleDestroy {
  private readonly pool: Pool;

  constructor(config: ConfigService<Environment, true>) {
    this.pool = new Pool({
      connectionString: config.get('DATABASE_URL', { infer: true }),
      max: 4,
      connectionTimeoutMillis: 5_000,
      options: '-c synchronous_commit=off',
    });
    this.pool.on('error', () => undefined); // a broken idle connection is replaced on the next query
  }

  /**
   * Claims up to `limit` due deliveries with a lease, taking from each active endpoint only among its first
   * `perEndpoint` queued deliveries (in the order events happened), so at most that many are in flight per
   * endpoint. A conditional UPDATE: two workers never claim one delivery at once.
   */
  async claim(limit: number, perEndpoint: number, leaseMs: number): Promise<ClaimedRow[]> {
    const { rows } = await this.pool.query<ClaimedRow>(
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
      [perEndpoint, limit, leaseMs],
    );
    return rows;
  }

  /** A 2xx: the attempt logged, the delivery DELIVERED, the endpoint's run of failures over, in one statement. */
  async markDelivered(delivery: { id: string; endpointId: string }, outcome: SendOutcome): Promise<void> {
    await this.pool.query(
      `WITH logged AS (
         INSERT INTO webhook_attempt (delivery_id, attempted_at, status_code, error, duration_ms)
         VALUES ($1, now() - $3 * interval '1 millisecond', $2, NULL, $3)
       ), delivered AS (
         UPDATE webhook_delivery SET status = 'DELIVERED', delivered_at = now(), lease_until = NULL, last_status_code = $2,
           last_error = NULL
         WHERE id = $1
       )
       UPDATE webhook_endpoint SET consecutive_failures = 0 WHERE id = $4 AND consecutive_failures <> 0`,
      [delivery.id, outcome.statusCode, outcome.durationMs, delivery.endpointId],
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}
