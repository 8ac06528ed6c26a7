import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditService } from '../audit/audit.service';
import { PeriodicSweep, Sweeps } from '../common/scheduling/periodic-sweep';
import { WebhookEvents } from '../webhooks/webhook-events';
import { CallState } from './call-state';
import { CallClosed } from './call.events';

/**
 * Moves published calls past their deadline to CLOSED. Submissions never depend on it having run (the deadline is
 * checked at submission); it makes the state visible and tells the agencies. The UPDATE's WHERE makes a double
 * run harmless.
 */
@Injectable()
@Sweeps('close-due-calls')
export class CallClosingSweep implements PeriodicSweep {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
    private readonly webhooks: WebhookEvents,
  ) {}

  @Transactional()
  async sweep(): Promise<number> {
    const [closed] = await this.txHost.tx.query<
      [{ id: string; closes_at: Date; home_agency_id: string; partner_agency_id: string }[], number]
    >(
      `UPDATE call SET state = $1, version = version + 1, updated_at = now()
       WHERE id IN (SELECT id FROM call WHERE state = $2 AND closes_at <= now() ORDER BY closes_at LIMIT 100 FOR UPDATE SKIP LOCKED)
       RETURNING id, closes_at, home_agency_id, partner_agency_id`,
      [CallState.Closed, CallState.Published],
    );
    for (const call of closed) {
      await this.audit.record({
        actorId: null,
        entityType: 'CALL',
        entityId: call.id,
        action: 'CLOSED',
        fromState: CallState.Published,
        toState: CallState.Closed,
      });
      await this.events.emitAsync(CallClosed.event, new CallClosed(call.id, call.closes_at));
      await this.webhooks.record({
        type: 'call.closed',
        call: { id: call.id, homeAgencyId: call.home_agency_id, partnerAgencyId: call.partner_agency_id },
        data: { callId: call.id, closedAt: call.closes_at.toISOString() },
      });
    }
    return closed.length;
  }
}
