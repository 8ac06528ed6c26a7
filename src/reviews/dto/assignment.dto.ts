import { ApiProperty } from '@nestjs/swagger';
import { Equals, IsEnum, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { OptionallyVersioned, Versioned } from '../../common/concurrency/versioned.dto';
import { PageQuery } from '../../common/pagination/page';
import { IsInstant } from '../../common/validation/instant';
import { IsOmittable } from '../../common/validation/omittable';
import { ReviewAssignmentState } from '../review-assignment-state';
import { ReviewAssignment } from '../review-assignment.entity';

export class AssignReviewer {
  @ApiProperty({ description: "The reviewer's id (their account's), from GET /reviewers or the suggestions" })
  @IsUUID()
  reviewerId!: string;

  @IsInstant({ required: false, description: "When the review is due; by default the call's reviewDueAt" })
  @IsOmittable()
  dueAt?: Date;
}

export class MoveDueDate extends Versioned {
  @IsInstant({ description: 'The new due date; the reminders move with it' })
  dueAt!: Date;
}

export class AcceptInvitation extends OptionallyVersioned {
  @ApiProperty({ example: true, description: 'Accepting declares that you have no conflict of interest with the proposal' })
  @Equals(true, { message: 'declareNoConflict must be true: accepting declares that you have no conflict of interest' })
  declareNoConflict!: true;
}

export class DeclineInvitation extends OptionallyVersioned {
  @ApiProperty({ example: 'I co-authored two papers with the partner PI last year.' })
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason!: string;
}

export class RemoveAssignment {
  @ApiProperty({ required: false, example: 'The reviewer is on leave until the end of the review' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class AssignmentQuery extends PageQuery {
  @ApiProperty({ required: false, enum: ReviewAssignmentState })
  @IsOptional()
  @IsEnum(ReviewAssignmentState)
  state?: ReviewAssignmentState;
}

export class AssignmentReviewerView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ description: 'The agency that recruited the reviewer' }) agencyId!: string;
}

export class AssignmentProposalView {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ nullable: true, type: String }) acronym!: string | null;
  @ApiProperty() callId!: string;
  @ApiProperty() callTitle!: string;
  @ApiProperty() callTimezone!: string;
}

/** An assignment, for the call's officers and for its reviewer. */
export class AssignmentView {
  @ApiProperty() id!: string;
  @ApiProperty({ type: AssignmentProposalView }) proposal!: AssignmentProposalView;
  @ApiProperty({ type: AssignmentReviewerView }) reviewer!: AssignmentReviewerView;
  @ApiProperty({ enum: ReviewAssignmentState }) state!: ReviewAssignmentState;
  @ApiProperty() dueAt!: Date;
  @ApiProperty() assignedById!: string;
  @ApiProperty({ nullable: true, type: Date }) respondedAt!: Date | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the reviewer declined' }) declineReason!: string | null;
  @ApiProperty({ nullable: true, type: Date }) removedAt!: Date | null;
  @ApiProperty({ nullable: true, type: String }) removalReason!: string | null;
  @ApiProperty({ nullable: true, type: Date }) submittedAt!: Date | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() version!: number;

  /** `assignment` must have its reviewer, proposal and call loaded. */
  static of(assignment: ReviewAssignment): AssignmentView {
    const { proposal, call, reviewer } = assignment;
    return {
      id: assignment.id,
      proposal: {
        id: proposal.id,
        title: proposal.title,
        acronym: proposal.acronym,
        callId: call.id,
        callTitle: call.title,
        callTimezone: call.timezone,
      },
      reviewer: { id: reviewer.id, name: reviewer.name, email: reviewer.email, agencyId: assignment.reviewerAgencyId },
      state: assignment.state,
      dueAt: assignment.dueAt,
      assignedById: assignment.assignedById,
      respondedAt: assignment.respondedAt,
      declineReason: assignment.declineReason,
      removedAt: assignment.removedAt,
      removalReason: assignment.removalReason,
      submittedAt: assignment.submittedAt,
      createdAt: assignment.createdAt,
      version: assignment.version,
    };
  }
}
