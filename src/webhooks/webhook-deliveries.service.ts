import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditService } from '../audit/audit.service';
import { hasRole, Principal } from '../common/access/principal';
import { Role } from '../common/identity/role';
import { Page, pageOf } from '../common/pagination/page';
import { WebhookDeliveryQuery } from './dto/webhook-endpoint.dto';
import { WEBHOOK_ACCESS } from './webhook-access';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WEBHOOK_CHANNEL } from './webhook-events';
import { WEBHOOK_ERRORS } from './webhook.errors';

/** The delivery log of an agency's endpoints, and the replay of one delivery. */
@Injectable()
export class WebhookDeliveriesService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditService,
  ) {}

  private get deliveries() {
    return this.txHost.tx.getRepository(WebhookDelivery);
  }

  async list(user: Principal, query: WebhookDeliveryQuery): Promise<Page<WebhookDelivery>> {
    const builder = this.deliveries
      .createQueryBuilder('delivery')
      .innerJoinAndSelect('delivery.event', 'event')
      .innerJoin('delivery.endpoint', 'endpoint')
      .orderBy('delivery.sequence', 'DESC')
      .addOrderBy('delivery.id');
    if (!hasRole(user, Role.Admin)) builder.andWhere('endpoint.agency_id = :agencyId', { agencyId: user.agencyId });
    if (query.endpointId) builder.andWhere('delivery.endpoint_id = :endpointId', { endpointId: query.endpointId });
    if (query.status) builder.andWhere('delivery.status = :status', { status: query.status });
    return pageOf(await builder.take(query.limit).skip(query.offset).getManyAndCount(), query);
  }

  async get(user: Principal, id: string): Promise<WebhookDelivery> {
    const delivery = await this.deliveries.findOne({
      where: { id },
      relations: { event: true, endpoint: true, attemptLog: true },
      order: { attemptLog: { attemptedAt: 'ASC' } },
    });
    if (!delivery) throw WEBHOOK_ERRORS.WEBHOOK_DELIVERY_NOT_FOUND();
    if (!WEBHOOK_ACCESS.canSee(user, delivery.endpoint)) throw WEBHOOK_ERRORS.WEBHOOK_DELIVERY_NOT_FOUND();
    return delivery;
  }

  /**
   * Sends the delivery again, with the same webhook-id (the receiver may recognise it), a fresh set of attempts, at
   * its place in the endpoint's order: it is the oldest, so it goes next.
   */
  @Transactional()
  async replay(user: Principal, id: string): Promise<WebhookDelivery> {
    const delivery = await this.get(user, id);
    WEBHOOK_ACCESS.assert(user, 'manage', delivery.endpoint);
    const [replayed] = await this.txHost.tx.query<[{ id: string }[], number]>(
      `UPDATE webhook_delivery SET status = 'PENDING', attempts = 0, next_attempt_at = now(), lease_until = NULL, delivered_at = NULL
       WHERE id = $1 AND status <> 'SENDING' RETURNING id`,
      [id],
    );
    if (replayed.length === 0) throw WEBHOOK_ERRORS.WEBHOOK_DELIVERY_IN_FLIGHT();
    await this.txHost.tx.query(`SELECT pg_notify($1, '')`, [WEBHOOK_CHANNEL]);
    await this.audit.record({
      actorId: user.id,
      entityType: 'WEBHOOK_ENDPOINT',
      entityId: delivery.endpointId,
      action: 'DELIVERY_REPLAYED',
      data: { deliveryId: id, previousStatus: delivery.status, eventType: delivery.event.type },
    });
    return this.get(user, id);
  }
}
