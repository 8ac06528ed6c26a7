import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CallsModule } from '../calls/calls.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { WebhookEventsModule } from '../webhooks/webhooks.module';
import { AttachmentChunk } from './attachments/attachment-chunk.entity';
import { AttachmentStore } from './attachments/attachment-store';
import { Attachment } from './attachments/attachment.entity';
import { AttachmentsController } from './attachments/attachments.controller';
import { AttachmentsService } from './attachments/attachments.service';
import { EligibilityVerdict } from './eligibility-verdict.entity';
import { EligibilityService } from './eligibility.service';
import { InvitationProof } from './invitation-proof';
import { ProposalAuditReader } from './proposal-audit-reader';
import { ProposalDeadlines } from './proposal-deadlines';
import { ProposalMail } from './proposal-mail';
import { ProposalReaders } from './proposal-readers';
import { Proposal } from './proposal.entity';
import { ProposalsController } from './proposals.controller';
import { ProposalsService } from './proposals.service';
import { SubmissionService } from './submission.service';
import { TeamMember } from './team-member.entity';
import { TeamService } from './team.service';

const entities = TypeOrmModule.forFeature([Proposal, TeamMember, EligibilityVerdict, Attachment, AttachmentChunk]);

@Module({
  imports: [entities, CallsModule, NotificationsModule, WebhookEventsModule, DiscoveryModule],
  controllers: [ProposalsController, AttachmentsController],
  providers: [
    ProposalsService,
    ProposalReaders,
    ProposalAuditReader,
    TeamService,
    SubmissionService,
    EligibilityService,
    AttachmentsService,
    AttachmentStore,
    ProposalDeadlines,
    ProposalMail,
    InvitationProof,
  ],
  exports: [ProposalsService, ProposalMail, AttachmentsService, InvitationProof],
})
export class ProposalsModule {}

/** The worker's half: deadline reminders, and the notices that follow a call's extension or closing. */
@Module({
  imports: [entities, NotificationsModule],
  providers: [ProposalDeadlines, ProposalMail],
})
export class ProposalsWorkerModule {}
