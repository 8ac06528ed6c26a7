import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsModule } from '../notifications/notifications.module';
import { WebhookDispatcher } from './delivery/webhook-dispatcher';
import { WebhookQueue } from './delivery/webhook-queue';
import { WebhookSettlement } from './delivery/webhook-settlement';
import { WebhookAttempt } from './webhook-attempt.entity';
import { WebhookAuditReader } from './webhook-audit-reader';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookEvent } from './webhook-event.entity';
import { WebhookEvents } from './webhook-events';
import { WebhooksController } from './webhooks.controller';

const entities = TypeOrmModule.forFeature([WebhookEndpoint, WebhookEvent, WebhookDelivery, WebhookAttempt]);

/** What features use to tell the agencies' systems: events recorded in their transaction. Both processes. */
@Module({
  imports: [entities],
  providers: [WebhookEvents],
  exports: [WebhookEvents],
})
export class WebhookEventsModule {}

/** The API's side: officers manage their agency's endpoints and read the delivery log. */
@Module({
  imports: [entities],
  controllers: [WebhooksController],
  providers: [WebhookEndpointsService, WebhookDeliveriesService, WebhookAuditReader],
})
export class WebhooksApiModule {}

/** The worker's side: delivering, retrying, disabling. */
@Module({
  imports: [entities, NotificationsModule],
  providers: [WebhookDispatcher, WebhookQueue, WebhookSettlement],
})
export class WebhooksWorkerModule {}
