import { ApiProperty } from '@nestjs/swagger';
import { IsEnum, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { ReviewCriterion } from '../../calls/call.entity';
import { OptionallyVersioned, Versioned } from '../../common/concurrency/versioned.dto';
import { IsOmittable } from '../../common/validation/omittable';
import { ReviewAudience } from '../review-access';
import { Recommendation, Review, Scores } from '../review.entity';

/** The whole draft, replacing the one saved: a field left out is saved empty. */
export class SaveReview extends Versioned {
  @ApiProperty({
    required: false,
    type: Object,
    additionalProperties: { type: 'integer' },
    example: { excellence: 4, collaboration: 5 },
    description: "One integer score per criterion key of the call, from 1 to the criterion's scaleMax",
  })
  @IsOmittable()
  @IsObject()
  scores?: Record<string, unknown>;

  @ApiProperty({ required: false, nullable: true, enum: Recommendation })
  @IsOptional()
  @IsEnum(Recommendation)
  recommendation?: Recommendation | null;

  @ApiProperty({ required: false, example: 'A convincing plan; the budget for travel is thin.' })
  @IsOmittable()
  @IsString()
  @MaxLength(20000)
  commentsToApplicants?: string;

  @ApiProperty({ required: false, description: 'For the agencies only: never shown to the applicants or other reviewers' })
  @IsOmittable()
  @IsString()
  @MaxLength(20000)
  confidentialComments?: string;
}

export class SubmitReview extends OptionallyVersioned {}

export class CriterionView implements ReviewCriterion {
  @ApiProperty() key!: string;
  @ApiProperty() label!: string;
  @ApiProperty() weight!: number;
  @ApiProperty() scaleMax!: number;
}

/** A reviewer's own review, draft or submitted. */
export class ReviewView {
  @ApiProperty() id!: string;
  @ApiProperty() assignmentId!: string;
  @ApiProperty({ type: [CriterionView], description: "The call's criteria the scores are given on" }) criteria!: CriterionView[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) scores!: Scores;
  @ApiProperty({ nullable: true, enum: Recommendation }) recommendation!: Recommendation | null;
  @ApiProperty() commentsToApplicants!: string;
  @ApiProperty() confidentialComments!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Once submitted: the weighted mean of the scores scaled to 0-100' })
  total!: number | null;
  @ApiProperty({ nullable: true, type: Date }) submittedAt!: Date | null;
  @ApiProperty() updatedAt!: Date;
  @ApiProperty() version!: number;

  static of(review: Review, criteria: ReviewCriterion[]): ReviewView {
    return {
      id: review.id,
      assignmentId: review.assignmentId,
      criteria,
      scores: review.scores,
      recommendation: review.recommendation,
      commentsToApplicants: review.commentsToApplicants,
      confidentialComments: review.confidentialComments,
      total: review.total === null ? null : roundTotal(review.total),
      submittedAt: review.submittedAt,
      updatedAt: review.updatedAt,
      version: review.version,
    };
  }
}

/** Totals are exact in the database; shown with two decimals. */
export const roundTotal = (total: string | number) => Math.round(Number(total) * 100) / 100;

export class ReviewerOfReviewView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'The agency that recruited the reviewer' }) agencyId!: string;
}

/**
 * A submitted review as its reader may see it. The agencies see everything; another reviewer sees neither names
 * nor confidential comments (but their own); applicants see the comments meant for them and the scores.
 */
export class SubmittedReviewView {
  @ApiProperty({ example: 'Reviewer 2', description: 'Numbered by submission: the same for every reader' }) label!: string;
  @ApiProperty({ required: false, type: ReviewerOfReviewView, description: 'Agencies only: who wrote it' })
  reviewer?: ReviewerOfReviewView;
  @ApiProperty({ required: false, description: 'Reviewers only: whether this is their own review' }) own?: boolean;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) scores!: Scores;
  @ApiProperty() total!: number;
  @ApiProperty({ required: false, enum: Recommendation, description: 'Agencies and reviewers' }) recommendation?: Recommendation;
  @ApiProperty() commentsToApplicants!: string;
  @ApiProperty({ required: false, description: 'Agencies, and the reviewer for their own review' }) confidentialComments?: string;
  @ApiProperty() submittedAt!: Date;
}

export class ProposalReviewsView {
  @ApiProperty({ enum: ReviewAudience }) audience!: ReviewAudience;
  @ApiProperty({ type: [CriterionView] }) criteria!: CriterionView[];
  @ApiProperty({ type: [SubmittedReviewView] }) items!: SubmittedReviewView[];
}
