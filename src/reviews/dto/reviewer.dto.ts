import { ApiProperty, IntersectionType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsEnum,
  IsFQDN,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { Versioned } from '../../common/concurrency/versioned.dto';
import { Language } from '../../common/identity/role';
import { PageQuery } from '../../common/pagination/page';
import { IsOmittable } from '../../common/validation/omittable';
import { User } from '../../users/user.entity';
import { DeclaredConflictKind } from '../conflicts.rules';
import { DeclaredConflict } from '../declared-conflict.entity';
import { InstitutionAlias } from '../institution-alias.entity';
import { ReviewerProfile } from '../reviewer-profile.entity';

const lowerCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class ReviewerProfileFields {
  @ApiProperty({ example: 'Karlsruhe Institute of Technology' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  institution!: string;

  @ApiProperty({ example: 'DE' })
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code' })
  country!: string;

  @ApiProperty({
    required: false,
    example: 'kit.edu',
    description: "The institution's mail domain, compared with the team's addresses; by default the domain of the e-mail address",
  })
  @IsOmittable()
  @Transform(lowerCase)
  @IsFQDN({}, { message: 'emailDomain must be a domain name such as kit.edu' })
  @MaxLength(253)
  emailDomain?: string;

  @ApiProperty({ type: [String], example: ['seismology', 'quantum sensing', 'early warning systems'] })
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(80, { each: true })
  expertiseKeywords!: string[];

  @ApiProperty({ required: false, example: 'Seismic sensor networks and their signal processing; optical and atomic sensors.' })
  @IsOmittable()
  @IsString()
  @MaxLength(5000)
  expertiseDescription?: string;
}

/** An officer recruits a reviewer for their agency: a new account (who gets an e-mail to set a password) or an existing one. */
export class CreateReviewer extends ReviewerProfileFields {
  @ApiProperty({ example: 'a.weber@kit.edu' })
  @Transform(lowerCase)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Anna Weber', description: 'For a new account; an existing account keeps its name' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: Language, required: false, description: 'For a new account: the language of its e-mails' })
  @IsOmittable()
  @IsEnum(Language, { message: 'language must be en or zh-TW' })
  language?: Language;
}

export class UpdateReviewer extends IntersectionType(PartialType(ReviewerProfileFields, { skipNullProperties: false }), Versioned) {}

export class ReviewerQuery extends PageQuery {
  @ApiProperty({ required: false, description: 'Only the pool of this agency (the reviewers it recruited)' })
  @IsOptional()
  @IsUUID()
  agencyId?: string;
}

export class ReviewerView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: Language }) language!: Language;
  @ApiProperty() recruitingAgencyId!: string;
  @ApiProperty() institution!: string;
  @ApiProperty() emailDomain!: string;
  @ApiProperty() country!: string;
  @ApiProperty({ type: [String] }) expertiseKeywords!: string[];
  @ApiProperty() expertiseDescription!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() version!: number;

  static of(profile: ReviewerProfile & { user: User }): ReviewerView {
    return {
      id: profile.userId,
      name: profile.user.name,
      email: profile.user.email,
      language: profile.user.language,
      recruitingAgencyId: profile.recruitingAgencyId,
      institution: profile.institution,
      emailDomain: profile.emailDomain,
      country: profile.country,
      expertiseKeywords: profile.expertiseKeywords,
      expertiseDescription: profile.expertiseDescription,
      active: profile.user.active,
      createdAt: profile.createdAt,
      version: profile.version,
    };
  }
}

export class DeclareConflict {
  @ApiProperty({ enum: DeclaredConflictKind, description: 'PROPOSAL names proposalId, PERSON personEmail, INSTITUTION institution' })
  @IsEnum(DeclaredConflictKind)
  kind!: DeclaredConflictKind;

  @ApiProperty({ required: false })
  @IsOmittable()
  @IsUUID()
  proposalId?: string;

  @ApiProperty({ required: false, example: 'novakova@cuni.cz' })
  @IsOmittable()
  @Transform(lowerCase)
  @IsEmail({}, { message: 'personEmail must be an e-mail address' })
  @MaxLength(254)
  personEmail?: string;

  @ApiProperty({ required: false, example: 'Charles University' })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  institution?: string;

  @ApiProperty({ required: false, example: 'My former doctoral student' })
  @IsOmittable()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class DeclaredConflictView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: DeclaredConflictKind }) kind!: DeclaredConflictKind;
  @ApiProperty({ nullable: true, type: String }) proposalId!: string | null;
  @ApiProperty({ nullable: true, type: String }) personEmail!: string | null;
  @ApiProperty({ nullable: true, type: String }) institution!: string | null;
  @ApiProperty() reason!: string;
  @ApiProperty() createdAt!: Date;

  static of({ id, kind, proposalId, personEmail, institution, reason, createdAt }: DeclaredConflict): DeclaredConflictView {
    return { id, kind, proposalId, personEmail, institution, reason, createdAt };
  }
}

export class CreateInstitutionAlias {
  @ApiProperty({ example: 'NTU' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  alias!: string;

  @ApiProperty({ example: 'National Taiwan University' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  institution!: string;
}

export class InstitutionAliasView {
  @ApiProperty() id!: string;
  @ApiProperty() alias!: string;
  @ApiProperty() institution!: string;
  @ApiProperty({ description: 'The names as compared, after normalisation' }) aliasKey!: string;
  @ApiProperty() institutionKey!: string;
  @ApiProperty() createdAt!: Date;

  static of({ id, alias, institution, aliasKey, institutionKey, createdAt }: InstitutionAlias): InstitutionAliasView {
    return { id, alias, institution, aliasKey, institutionKey, createdAt };
  }
}
