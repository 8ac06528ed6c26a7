import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PeriodicSweeps } from '../common/scheduling/periodic-sweep';
import { EmailDeliveryService } from './delivery/email-delivery.service';
import { EmailRelayService } from './delivery/email-relay.service';
import { MailerService } from './delivery/mailer.service';
import { EmailRenderer } from './email-renderer';
import { NotificationsWorker } from './notifications.worker';
import { OutboundEmail } from './outbound-email.entity';
import { OutboxService } from './outbox.service';
import { ReminderHandlers } from './reminders/reminder-handler';
import { Reminder } from './reminders/reminder.entity';
import { ReminderSweepService } from './reminders/reminder-sweep.service';

/** The worker's half: relay, delivery, reminder sweeps. No controllers. */
@Module({
  imports: [DiscoveryModule, TypeOrmModule.forFeature([OutboundEmail, Reminder])],
  providers: [
    OutboxService,
    EmailRenderer,
    MailerService,
    EmailDeliveryService,
    EmailRelayService,
    ReminderHandlers,
    ReminderSweepService,
    PeriodicSweeps,
    NotificationsWorker,
  ],
})
export class NotificationsWorkerModule {}
