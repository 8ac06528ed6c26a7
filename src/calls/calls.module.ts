import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsModule } from '../notifications/notifications.module';
import { WebhookEventsModule } from '../webhooks/webhooks.module';
import { CallApproval } from './call-approval.entity';
import { CallAuditReader } from './call-audit-reader';
import { CallClosingSweep } from './call-closing.sweep';
import { Call } from './call.entity';
import { CallsController } from './calls.controller';
import { CallsService } from './calls.service';

@Module({
  imports: [TypeOrmModule.forFeature([Call, CallApproval]), NotificationsModule, WebhookEventsModule],
  controllers: [CallsController],
  providers: [CallsService, CallAuditReader],
  exports: [CallsService],
})
export class CallsModule {}

/** The worker's half: closing calls at their deadline. */
@Module({
  imports: [TypeOrmModule.forFeature([Call]), WebhookEventsModule],
  providers: [CallClosingSweep],
})
export class CallsWorkerModule {}
