import { Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AuditModule } from './audit/audit.module';
import { AwardsWorkerModule } from './awards/awards.module';
import { CallsWorkerModule } from './calls/calls.module';
import { LoggingModule } from './common/logging/logging.module';
import { ClockModule } from './common/time/clock';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { NotificationsWorkerModule } from './notifications/notifications-worker.module';
import { ProposalsWorkerModule } from './proposals/proposals.module';
import { RedisModule } from './redis/redis.module';
import { ReviewsWorkerModule } from './reviews/reviews.module';
import { WebhooksWorkerModule } from './webhooks/webhooks.module';

/** The worker process: no controllers; it delivers e-mail and runs scheduled jobs (see notifications). */
@Module({
  imports: [
    ConfigModule,
    ClockModule,
    LoggingModule,
    DatabaseModule,
    RedisModule,
    AuditModule,
    EventEmitterModule.forRoot(),
    NotificationsWorkerModule,
    CallsWorkerModule,
    ProposalsWorkerModule,
    ReviewsWorkerModule,
    AwardsWorkerModule,
    WebhooksWorkerModule,
  ],
})
export class WorkerModule {}
