import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AuditModule } from './audit/audit.module';
import { AwardsModule } from './awards/awards.module';
import { CallsModule } from './calls/calls.module';
import { AccessTokenModule } from './auth/access-token.module';
import { AuthModule } from './auth/auth.module';
import { AccessGuard } from './auth/access.guard';
import { ProblemDetailsFilter } from './common/errors/problem-details.filter';
import { LoggingModule } from './common/logging/logging.module';
import { ClockModule } from './common/time/clock';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DecisionsModule } from './decisions/decisions.module';
import { HealthModule } from './health/health.module';
import { NotificationsApiModule } from './notifications/notifications.module';
import { PagesModule } from './pages/pages.module';
import { RedisModule } from './redis/redis.module';
import { StatisticsModule } from './statistics/statistics.module';
import { ProposalsModule } from './proposals/proposals.module';
import { ReferenceDataModule } from './reference-data/reference-data.module';
import { ReviewsModule } from './reviews/reviews.module';
import { UsersModule } from './users/users.module';
import { WebhooksApiModule } from './webhooks/webhooks.module';

/** The API process: every feature's controllers behind one deny-by-default guard and one problem filter. */
@Module({
  imports: [
    ConfigModule,
    ClockModule,
    LoggingModule,
    DatabaseModule,
    RedisModule,
    AuditModule,
    AccessTokenModule,
    AuthModule,
    UsersModule,
    ReferenceDataModule,
    NotificationsApiModule,
    EventEmitterModule.forRoot(),
    CallsModule,
    ProposalsModule,
    ReviewsModule,
    DecisionsModule,
    AwardsModule,
    StatisticsModule,
    WebhooksApiModule,
    HealthModule,
    PagesModule,
  ],
  providers: [
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
  ],
})
export class AppModule {}
