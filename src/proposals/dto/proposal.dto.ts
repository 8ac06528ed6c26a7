import { ApiProperty, IntersectionType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsInt,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { OptionallyVersioned, Versioned } from '../../common/concurrency/versioned.dto';
import { MONEY_PATTERN } from '../../common/money/money';
import { PageQuery } from '../../common/pagination/page';
import { IsOmittable } from '../../common/validation/omittable';
import { ProposalState } from '../proposal-state';
import { Side } from '../team-member.entity';
import { IsSingleLine } from '../../common/validation/single-line';

export class PersonDto {
  @ApiProperty({ example: 'Petr Svoboda' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @IsSingleLine()
  name!: string;

  @ApiProperty({ example: 'pi.czech@joint-calls.localhost' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Charles University' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  @IsSingleLine()
  institution!: string;

  @ApiProperty({ example: 'CZ' })
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code' })
  country!: string;
}

export class CoInvestigatorDto extends PersonDto {
  @ApiProperty({ enum: Side })
  @IsEnum(Side)
  side!: Side;
}

export class ProposalFields {
  @ApiProperty({ example: 'Quantum sensors for seismic early warning' })
  @IsString()
  @MinLength(3)
  @MaxLength(300)
  @IsSingleLine()
  title!: string;

  @ApiProperty({ required: false, nullable: true, type: String, example: 'QSEW' })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  @IsSingleLine()
  acronym?: string | null;

  @ApiProperty({ required: false })
  @IsOmittable()
  @IsString()
  @MaxLength(5000)
  abstract?: string;

  @ApiProperty({ required: false, type: [String] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(80, { each: true })
  @IsSingleLine({ each: true })
  keywords?: string[];

  @ApiProperty({ required: false, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsSingleLine()
  scientificField?: string | null;

  @ApiProperty({ required: false, nullable: true, type: Number, example: 36 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(120)
  durationMonths?: number | null;

  @ApiProperty({ required: false, nullable: true, type: String, example: '3000000.00', description: 'Requested from NSTC, in TWD' })
  @IsOptional()
  @IsString({ message: 'homeBudget must be a decimal string such as "3000000.00", not a number' })
  @Matches(MONEY_PATTERN, { message: 'homeBudget must be a non-negative decimal string with at most two decimals' })
  homeBudget?: string | null;

  @ApiProperty({
    required: false,
    nullable: true,
    type: String,
    example: '2500000.00',
    description: 'Requested from the partner agency, in its currency',
  })
  @IsOptional()
  @IsString({ message: 'partnerBudget must be a decimal string such as "2500000.00", not a number' })
  @Matches(MONEY_PATTERN, { message: 'partnerBudget must be a non-negative decimal string with at most two decimals' })
  partnerBudget?: string | null;

  @ApiProperty({ required: false, type: [CoInvestigatorDto] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => CoInvestigatorDto)
  coInvestigators?: CoInvestigatorDto[];
}

export class CreateProposal extends ProposalFields {
  @ApiProperty({ enum: Side, description: 'Which side you lead: HOME (Taiwan, NSTC) or PARTNER' })
  @IsEnum(Side)
  side!: Side;

  @ApiProperty({ example: 'National Taiwan University' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  @IsSingleLine()
  institution!: string;

  @ApiProperty({ example: 'TW' })
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code' })
  country!: string;
}

/** Every field may be left out; only the nullable ones may be set to null. */
export class UpdateProposal extends IntersectionType(PartialType(ProposalFields, { skipNullProperties: false }), Versioned) {}

export class InvitePi extends PersonDto {}

export class ConfirmParticipation {
  @ApiProperty({ description: 'The token from the invitation e-mail' })
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  token!: string;
}

export class WithdrawProposal extends OptionallyVersioned {
  @ApiProperty({ required: false })
  @IsOmittable()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

/** The version is needed to correct a verdict your agency already recorded; a first verdict may leave it out. */
export class RecordEligibility extends OptionallyVersioned {
  @ApiProperty({ description: "Whether your agency's applicant is eligible" })
  @IsBoolean()
  eligible!: boolean;

  @ApiProperty({ example: 'The applicant holds a tenured position at an eligible institution.' })
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason!: string;
}

export class ProposalQuery extends PageQuery {
  @ApiProperty({ required: false, enum: ProposalState })
  @IsOptional()
  @IsEnum(ProposalState)
  state?: ProposalState;
}
