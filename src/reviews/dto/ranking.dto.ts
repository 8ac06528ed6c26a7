import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ProposalState } from '../../proposals/proposal-state';

export const RANKING_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type RankingFormat = (typeof RANKING_FORMATS)[number];

export class RankingQuery {
  @ApiProperty({ required: false, enum: RANKING_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(RANKING_FORMATS, { message: 'format must be json, csv or xlsx' })
  format?: RankingFormat;

  @ApiProperty({
    required: false,
    enum: ['true', 'false'],
    default: 'true',
    description: "Calibrated columns (z-score and least-squares), which remove each reviewer's leniency; false omits them",
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'calibration must be true or false' })
  calibration?: 'true' | 'false';
}

export class CalibratedScoresView {
  @ApiProperty({ description: "Mean of the reviews' z-scores (each total standardised by its reviewer), on the 0-100 scale" })
  zScore!: number;
  @ApiProperty({ description: 'Rank by zScore among the reviewed proposals' }) zRank!: number;
  @ApiProperty({ description: 'Least-squares quality in total = quality + reviewer bias (ridge on the biases), 0-100 scale' })
  quality!: number;
  @ApiProperty({ description: 'Rank by quality among the reviewed proposals' }) qualityRank!: number;
}

export class CalibrationWarningView {
  @ApiProperty({ enum: ['DISCONNECTED', 'WEAKLY_CONNECTED'] }) code!: 'DISCONNECTED' | 'WEAKLY_CONNECTED';
  @ApiProperty() message!: string;
}

export class CalibrationSummaryView {
  @ApiProperty({ description: 'Ridge on the reviewer biases, in reviews' }) ridge!: number;
  @ApiProperty() reviews!: number;
  @ApiProperty() reviewers!: number;
  @ApiProperty({ description: 'Connected groups of the reviewer-proposal graph; calibrated scores compare only within one' })
  components!: number;
  @ApiProperty() largestComponentProposals!: number;
  @ApiProperty({
    description:
      '1 - the second eigenvalue of the reviewer -> proposal -> reviewer walk: 0 when disconnected, small when the reviewers split into groups sharing few proposals',
  })
  spectralGap!: number;
  @ApiProperty({ description: 'Under this gap the graph is reported weakly connected' }) minSpectralGap!: number;
  @ApiProperty({ description: "Reviewers with one review: their leniency is mostly the ridge's guess" }) reviewersWithOneReview!: number;
  @ApiProperty({ type: CalibrationWarningView, nullable: true }) warning!: CalibrationWarningView | null;
}

export class AgencyMeanView {
  @ApiProperty() agencyId!: string;
  @ApiProperty({ description: "Submitted reviews by this agency's reviewers" }) reviewCount!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Their mean total (0-100), two decimals' }) meanTotal!: number | null;
}

export class RankedProposalView {
  @ApiProperty({ description: 'Distinct and stable: mean desc, then more reviews, smaller deviation, earlier submission, id' })
  rank!: number;
  @ApiProperty() proposalId!: string;
  @ApiProperty({ nullable: true, type: String }) acronym!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ProposalState }) state!: ProposalState;
  @ApiProperty({ nullable: true, type: Date }) submittedAt!: Date | null;
  @ApiProperty() reviewCount!: number;
  @ApiProperty({ description: 'Fewer submitted reviews than the call’s minReviewsPerProposal' }) belowMinReviews!: boolean;
  @ApiProperty({ nullable: true, type: Number, description: 'Mean of the reviews’ totals (0-100), two decimals' }) meanTotal!:
    number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Sample standard deviation of the totals; null under two reviews' })
  standardDeviation!: number | null;
  @ApiProperty({ type: AgencyMeanView }) home!: AgencyMeanView;
  @ApiProperty({ type: AgencyMeanView }) partner!: AgencyMeanView;
  @ApiProperty({ type: CalibratedScoresView, nullable: true, required: false, description: 'Null without a submitted review' })
  calibrated?: CalibratedScoresView | null;
}

export class RankingView {
  @ApiProperty() callId!: string;
  @ApiProperty() minReviewsPerProposal!: number;
  @ApiProperty({ description: 'Ranked proposals, best first' }) total!: number;
  @ApiProperty({ type: [RankedProposalView] }) items!: RankedProposalView[];
  @ApiProperty({ type: CalibrationSummaryView, required: false }) calibration?: CalibrationSummaryView;
}
