import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationLogController } from './notification-log.controller';
import { OutboundEmail } from './outbound-email.entity';
import { OutboxService } from './outbox.service';
import { Reminder } from './reminders/reminder.entity';
import { ReminderService } from './reminders/reminder.service';

/** What features use to tell people things: e-mails and reminders requested inside their own transaction. */
@Module({
  imports: [TypeOrmModule.forFeature([OutboundEmail, Reminder])],
  controllers: [NotificationLogController],
  providers: [OutboxService, ReminderService],
  exports: [OutboxService, ReminderService],
})
export class NotificationsModule {}
