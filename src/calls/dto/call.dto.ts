import { ApiProperty, IntersectionType, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEnum,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsTimeZone,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { MoneyDto } from '../../common/money/money.dto';
import { PageQuery } from '../../common/pagination/page';
import { IsInstant } from '../../common/validation/instant';
import { IsOmittable } from '../../common/validation/omittable';
import { OptionallyVersioned, Versioned } from '../../common/concurrency/versioned.dto';
import { CallState } from '../call-state';
import { Instrument } from '../call.entity';
import { IsSingleLine } from '../../common/validation/single-line';

export class AgencyBudgetDto {
  @ApiProperty({ type: MoneyDto })
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  maxPerProposal!: MoneyDto;

  @ApiProperty({ type: MoneyDto })
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  total!: MoneyDto;
}

export class CallBudgetsDto {
  @ApiProperty({ type: AgencyBudgetDto, description: "NSTC's caps, in TWD" })
  @IsObject()
  @ValidateNested()
  @Type(() => AgencyBudgetDto)
  home!: AgencyBudgetDto;

  @ApiProperty({ type: AgencyBudgetDto, description: "The partner agency's caps, in its currency" })
  @IsObject()
  @ValidateNested()
  @Type(() => AgencyBudgetDto)
  partner!: AgencyBudgetDto;
}

export class ReviewCriterionDto {
  @ApiProperty({ example: 'excellence' })
  @Matches(/^[a-z][a-z0-9_-]{0,39}$/, { message: 'key must be 1-40 lower-case letters, digits, dashes or underscores' })
  key!: string;

  @ApiProperty({ example: 'Scientific excellence' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @IsSingleLine()
  label!: string;

  @ApiProperty({ example: 0.5 })
  @IsNumber({ maxDecimalPlaces: 4 })
  @Min(0.0001)
  @Max(100)
  weight!: number;

  @ApiProperty({ example: 5 })
  @IsInt()
  @Min(2)
  @Max(100)
  scaleMax!: number;
}

export class CallInput {
  @ApiProperty({ example: 'NSTC–GAČR Joint Research Projects 2027' })
  @IsString()
  @MinLength(3)
  @MaxLength(300)
  @IsSingleLine()
  title!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(20000)
  description!: string;

  @ApiProperty({ enum: Instrument })
  @IsEnum(Instrument)
  instrument!: Instrument;

  @ApiProperty({ description: 'The counterpart agency; the home agency is always NSTC' })
  @IsUUID()
  partnerAgencyId!: string;

  @ApiProperty({ required: false, nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  agreementId?: string | null;

  @ApiProperty({ type: [String], example: ['physics', 'materials science'] })
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  @IsSingleLine({ each: true })
  scientificFields!: string[];

  @IsInstant()
  opensAt!: Date;

  @IsInstant()
  closesAt!: Date;

  @ApiProperty({ example: 'Asia/Taipei' })
  @IsTimeZone({ message: 'timezone must be an IANA time zone such as Asia/Taipei' })
  timezone!: string;

  @IsInstant()
  reviewDueAt!: Date;

  @IsInstant()
  decisionExpectedAt!: Date;

  @IsInstant({
    required: false,
    description: "When the awarded projects start (their end is this plus each proposal's duration); by default decisionExpectedAt",
    example: '2027-08-01T00:00:00+08:00',
  })
  @IsOmittable()
  projectStartsAt?: Date;

  @ApiProperty({ example: 36 })
  @IsInt()
  @Min(1)
  @Max(120)
  durationLimitMonths!: number;

  @ApiProperty({ type: CallBudgetsDto })
  @IsObject()
  @ValidateNested()
  @Type(() => CallBudgetsDto)
  budgets!: CallBudgetsDto;

  @ApiProperty({ type: [ReviewCriterionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ReviewCriterionDto)
  reviewCriteria!: ReviewCriterionDto[];

  @ApiProperty({ type: [String], example: ['project-description', 'cv-home-pi', 'cv-partner-pi'] })
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^[a-z][a-z0-9-]{0,39}$/, { each: true, message: 'each attachment kind must be 1-40 lower-case letters, digits or dashes' })
  requiredAttachmentKinds!: string[];

  @ApiProperty({ example: 2 })
  @IsInt()
  @Min(1)
  @Max(20)
  minReviewsPerProposal!: number;

  @ApiProperty({ required: false, default: 10, example: 10, description: 'The most assignments one reviewer may hold in this call' })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(1000)
  maxAssignmentsPerReviewer?: number;
}

/** Every field may be left out; only the nullable ones may be set to null. */
export class UpdateCall extends IntersectionType(
  PartialType(OmitType(CallInput, ['partnerAgencyId'] as const), { skipNullProperties: false }),
  Versioned,
) {}

export class ExtendCall extends Versioned {
  @IsInstant({ description: 'The new deadline; only later than the current one' })
  closesAt!: Date;
}

export class CancelCall extends OptionallyVersioned {
  @ApiProperty({ example: 'The partner agency withdrew its budget' })
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason!: string;
}

export class CallQuery extends PageQuery {
  @ApiProperty({ required: false, enum: CallState })
  @IsOptional()
  @IsEnum(CallState)
  state?: CallState;
}
