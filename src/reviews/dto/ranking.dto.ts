import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ProposalState } from '../../proposals/proposal-state';

export const RANKING_FORMATS = ['json', 'csv'] as const;
export type RankingFormat = (typeof RANKING_FORMATS)[number];

export class RankingQuery {
  @ApiProperty({ required: false, enum: RANKING_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(RANKING_FORMATS, { message: 'format must be json or csv' })
  format?: RankingFormat;
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
}

export class RankingView {
  @ApiProperty() callId!: string;
  @ApiProperty() minReviewsPerProposal!: number;
  @ApiProperty({ description: 'Ranked proposals, best first' }) total!: number;
  @ApiProperty({ type: [RankedProposalView] }) items!: RankedProposalView[];
}
