import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module';
import { NotificationLogController } from './notification-log.controller';
import { OutboundEmail } from './outbound-email.entity';
import { OutboxService } from './outbox.service';
import { QueueDashboard } from './queue-dashboard';
import { Reminder } from './reminders/reminder.entity';
import { ReminderService } from './reminders/reminder.service';

/** What features use to tell people things: e-mails and reminders requested inside their own transaction. */
@Module({
  imports: [TypeOrmModule.forFeature([OutboundEmail, Reminder]), UsersModule],
  controllers: [NotificationLogController],
  providers: [OutboxService, ReminderService, QueueDashboard],
  exports: [OutboxService, ReminderService, QueueDashboard],
})
export class NotificationsModule {}
