import { Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AuditModule } from '../audit/audit.module';
import { PasswordModule } from '../auth/password.module';
import { ClockModule } from '../common/time/clock';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { AttachmentStore } from '../proposals/attachments/attachment-store';
import { UsersModule } from '../users/users.module';
import { DemoCallsSeeder } from './demo-calls.seeder';
import { DemoDecisionsSeeder } from './demo-decisions.seeder';
import { DemoReviewsSeeder } from './demo-reviews.seeder';
import { SeedService } from './seed.service';

@Module({
  imports: [
    ConfigModule,
    ClockModule,
    DatabaseModule,
    AuditModule,
    PasswordModule,
    UsersModule,
    NotificationsModule,
    EventEmitterModule.forRoot(),
  ],
  providers: [SeedService, DemoCallsSeeder, DemoDecisionsSeeder, DemoReviewsSeeder, AttachmentStore],
})
export class SeedModule {}
