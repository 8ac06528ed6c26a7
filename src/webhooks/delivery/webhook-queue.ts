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

/** What a claim returns: the delivery, its event's body and the endpoint's address and secrets. */
const CLAIMED_COLUMNS = `RETURNING d.id, d.endpoint_id, d.attempts, ev.body, ep.url, ep.secret_ciphertext, ep.previous_secret_ciphertext,
  ep.previous_secret_expires_at`;

/** A success ($1 delivery, $2 status code, $3 duration): the attempt logged and the delivery DELIVERED. */
const DELIVERED = `logged AS (
    INSERT INTO webhook_attempt (delivery_id, attempted_at, status_code, error, duration_ms)
    VALUES ($1, now() - $3 * interval '1 millisecond', $2, NULL, $3)
  ), delivered AS (
    UPDATE webhook_delivery SET status = 'DELIVERED', delivered_at = now(), lease_until = NULL, last_status_code = $2,
      last_error = NULL
    WHERE id = $1
  )`;

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
       ${CLAIMED_COLUMNS}`,
      [perEndpoint, limit, leaseMs],
    );
    return rows;
  }

  /** A 2xx: the attempt logged, the delivery DELIVERED, the endpoint's run of failures over, in one statement. */
  async markDelivered(delivery: { id: string; endpointId: string }, outcome: SendOutcome): Promise<void> {
    await this.pool.query(
      `WITH ${DELIVERED} UPDATE webhook_endpoint SET consecutive_failures = 0 WHERE id = $4 AND consecutive_failures <> 0`,
      [delivery.id, outcome.statusCode, outcome.durationMs, delivery.endpointId],
    );
  }

  /**
   * With one delivery in flight per endpoint: marks a success as `markDelivered` does and, in the same statement,
   * claims the endpoint's next queued delivery if it is due. An endpoint's queue then drains at one round trip per
   * event instead of two, and without the claim across every endpoint. The next is the endpoint's first queued
   * delivery other than this one (a replayed older one comes first); a retry not yet due, or a paused endpoint,
   * stops the chain and the dispatcher's usual claim takes over.
   */
  async markDeliveredAndClaimNext(
    delivery: { id: string; endpointId: string },
    outcome: SendOutcome,
    leaseMs: number,
  ): Promise<ClaimedRow | undefined> {
    const { rows } = await this.pool.query<ClaimedRow>(
      `WITH ${DELIVERED},
       reset AS (
         UPDATE webhook_endpoint SET consecutive_failures = 0 WHERE id = $4 AND consecutive_failures <> 0
       ), head AS (
         SELECT id, status, next_attempt_at FROM webhook_delivery
         WHERE endpoint_id = $4 AND status IN ('PENDING', 'SENDING') AND id <> $1
         ORDER BY sequence LIMIT 1
       )
       UPDATE webhook_delivery d
       SET status = 'SENDING', attempts = d.attempts + 1, lease_until = now() + $5 * interval '1 millisecond'
       FROM head h, webhook_event ev, webhook_endpoint ep
       WHERE d.id = h.id AND h.status = 'PENDING' AND h.next_attempt_at <= now() AND d.status = 'PENDING'
         AND ev.id = d.event_id AND ep.id = d.endpoint_id AND ep.active
       ${CLAIMED_COLUMNS}`,
      [delivery.id, outcome.statusCode, outcome.durationMs, delivery.endpointId, leaseMs],
    );
    return rows[0];
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}
