import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { CallsModule } from '../calls/calls.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ProposalsModule } from '../proposals/proposals.module';
import { UsersModule } from '../users/users.module';
import { AssignmentsController } from './assignments.controller';
import { AssignmentsService } from './assignments.service';
import { ConflictsService } from './conflicts.service';
import { DeclaredConflict } from './declared-conflict.entity';
import { InstitutionAliasesService } from './institution-aliases.service';
import { InstitutionAlias } from './institution-alias.entity';
import { AssignmentAuditReader, ProposalReviewers } from './proposal-reviewers';
import { RankingController } from './ranking.controller';
import { RankingService } from './ranking.service';
import { ReviewAssignment } from './review-assignment.entity';
import { ReviewMail } from './review-mail';
import { ReviewReminders } from './review-reminders';
import { Review } from './review.entity';
import { ReviewerProfile } from './reviewer-profile.entity';
import { ReviewersController } from './reviewers.controller';
import { ReviewersService } from './reviewers.service';
import { ReviewsController } from './reviews.controller';
import { ReviewsService } from './reviews.service';
import { SuggestionsService } from './suggestions.service';

const entities = TypeOrmModule.forFeature([ReviewerProfile, DeclaredConflict, InstitutionAlias, ReviewAssignment, Review]);

/** Reviewers and their pools, conflicts of interest, assignments, reviews and the ranking. */
@Module({
  imports: [entities, AuthModule, UsersModule, CallsModule, ProposalsModule, NotificationsModule],
  controllers: [ReviewersController, AssignmentsController, ReviewsController, RankingController],
  providers: [
    ReviewersService,
    InstitutionAliasesService,
    ConflictsService,
    AssignmentsService,
    ReviewsService,
    RankingService,
    SuggestionsService,
    ReviewMail,
    ReviewReminders,
    ProposalReviewers,
    AssignmentAuditReader,
  ],
  exports: [RankingService],
})
export class ReviewsModule {}

/** The worker's half: the reviewers' reminders. */
@Module({
  imports: [entities, NotificationsModule],
  providers: [ReviewMail, ReviewReminders],
})
export class ReviewsWorkerModule {}
