import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationLogController } from './notification-log.controller';
import { OutboundEmail } from './outbound-email.entity';
import { PublicLinks } from './links';
import { Notifier } from './notifier';
import { RecipientDirectory } from './recipients';
import { OutboxService } from './outbox.service';
import { QueueDashboard } from './queue-dashboard';
import { Reminder } from './reminders/reminder.entity';
import { ReminderService } from './reminders/reminder.service';

/** What features use to tell people things, in both processes: e-mails and reminders requested in their transaction. */
@Module({
  imports: [TypeOrmModule.forFeature([OutboundEmail, Reminder])],
  providers: [OutboxService, ReminderService, PublicLinks, Notifier, RecipientDirectory],
  exports: [OutboxService, ReminderService, PublicLinks, Notifier, RecipientDirectory],
})
export class NotificationsModule {}

/** The API's window on notifications: the e-mail log and the queue dashboard. */
@Module({
  imports: [TypeOrmModule.forFeature([OutboundEmail])],
  controllers: [NotificationLogController],
  providers: [QueueDashboard],
  exports: [QueueDashboard],
})
export class NotificationsApiModule {}
