import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsModule } from '../notifications/notifications.module';
import { ProposalMail } from '../proposals/proposal-mail';
import { ProposalsModule } from '../proposals/proposals.module';
import { WebhookEventsModule } from '../webhooks/webhooks.module';
import { AwardAuditReader } from './award-audit-reader';
import { Award } from './award.entity';
import { AwardsController } from './awards.controller';
import { AwardsService } from './awards.service';
import { ReportReminders } from './report-reminders';
import { ReportReview } from './report-review.entity';
import { Report } from './report.entity';
import { ReportsService } from './reports.service';

const entities = TypeOrmModule.forFeature([Award, Report, ReportReview]);

@Module({
  imports: [entities, ProposalsModule, NotificationsModule, WebhookEventsModule],
  controllers: [AwardsController],
  providers: [AwardsService, ReportsService, ReportReminders, AwardAuditReader],
  exports: [AwardsService],
})
export class AwardsModule {}

/** The worker's half: the report reminders. */
@Module({
  imports: [entities, NotificationsModule],
  providers: [ReportReminders, ProposalMail],
})
export class AwardsWorkerModule {}
