import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsUUID, Max, Min } from 'class-validator';

export class SuggestionQuery {
  @ApiProperty({ description: 'The proposal (of this call) to suggest reviewers for' })
  @IsUUID()
  proposalId!: string;

  @ApiProperty({ required: false, minimum: 1, maximum: 100, default: 10 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 10;
}

export class SuggestedReviewerView {
  @ApiProperty() reviewerId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'The agency whose pool the reviewer is in' }) agencyId!: string;
  @ApiProperty() institution!: string;
  @ApiProperty() country!: string;
  @ApiProperty({ description: "The reviewer's live assignments in this call" }) load!: number;
  @ApiProperty({ description: 'Expertise fit, 0-100: half full-text rank, half keyword overlap' }) score!: number;
  @ApiProperty({ description: "Full-text rank of the reviewer's expertise against the proposal, 0-100" }) textScore!: number;
  @ApiProperty({ description: "Share of the proposal's keywords among the reviewer's, 0-100" }) keywordScore!: number;
  @ApiProperty({ type: [String], description: 'Keywords the reviewer and the proposal share' }) matchingKeywords!: string[];
  @ApiProperty({ type: [String], description: 'Words (stems) of the proposal found in the reviewer’s expertise' }) matchingTerms!: string[];
}

export class SuggestionsView {
  @ApiProperty() proposalId!: string;
  @ApiProperty() maxAssignmentsPerReviewer!: number;
  @ApiProperty({ description: 'Reviewers who fit but were left out for a conflict of interest' }) conflictedLeftOut!: number;
  @ApiProperty({ type: [SuggestedReviewerView] }) items!: SuggestedReviewerView[];
}
