import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Clock } from '../common/time/clock';
import { WebhookEventInput } from './webhook-events.types';
import { prepared } from '../database/prepared';

/** The channel the worker's dispatcher listens on; NOTIFY is delivered only when the transaction commits. */
export const WEBHOOK_CHANNEL = 'webhook_delivery';

/**
 * Records an event in the caller's transaction and fans it out to the endpoints of the call's two agencies that
 * subscribed to its type, so an event exists (and will be delivered) if and only if its change committed.
 * Disabled endpoints get their deliveries too: they wait, in order, until the agency enables the endpoint again.
 */
@Injectable()
export class WebhookEvents {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
  ) {}

  async record({ type, call, data }: WebhookEventInput): Promise<void> {
    const tx = this.txHost.tx;
    const body = JSON.stringify({ type, timestamp: this.clock.now().toISOString(), data });
    // One statement (the event, its deliveries, the NOTIFY that wakes the dispatcher when there are any): it is on
    // the path of every state change that webhooks report.
    await prepared(
      tx,
      `WITH event AS (
         INSERT INTO webhook_event (type, call_id, agency_ids, body) VALUES ($1, $2, $3, $4) RETURNING id, sequence),
       deliveries AS (
         INSERT INTO webhook_delivery (event_id, endpoint_id, sequence)
         SELECT event.id, endpoint.id, event.sequence FROM event, webhook_endpoint endpoint
          WHERE endpoint.agency_id = ANY($3::uuid[]) AND $1 = ANY(endpoint.event_types)
         RETURNING 1)
       SELECT pg_notify($5, '') FROM deliveries LIMIT 1`,
      [type, call.id, [call.homeAgencyId, call.partnerAgencyId], body, WEBHOOK_CHANNEL],
    );
  }
}
