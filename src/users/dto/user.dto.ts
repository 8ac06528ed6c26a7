import { ApiProperty, IntersectionType, OmitType, PartialType, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { Versioned } from '../../common/concurrency/versioned.dto';
import { PageQuery } from '../../common/pagination/page';
import { IsOmittable } from '../../common/validation/omittable';
import { Language, Role } from '../../common/identity/role';
import { User } from '../user.entity';
import { IsSingleLine } from '../../common/validation/single-line';

/** What anyone allowed to see a user sees; never the password hash. */
export class UserView {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: Language }) language!: Language;
  @ApiProperty({ enum: Role, isArray: true }) roles!: Role[];
  @ApiProperty({ nullable: true, type: String }) agencyId!: string | null;
  @ApiProperty({ nullable: true, type: String }) institution!: string | null;
  @ApiProperty({ nullable: true, type: String }) country!: string | null;
  @ApiProperty({ type: [String] }) expertise!: string[];
  @ApiProperty() active!: boolean;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() version!: number;

  static of(user: User): UserView {
    const { id, email, name, language, roles, agencyId, institution, country, expertise, active, createdAt, version } = user;
    return { id, email, name, language, roles, agencyId, institution, country, expertise, active, createdAt, version };
  }
}

const normaliseEmail = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class ProfileFields {
  @ApiProperty({ required: false })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @IsSingleLine()
  name?: string;

  @ApiProperty({ enum: Language, required: false })
  @IsOmittable()
  @IsEnum(Language, { message: 'language must be en or zh-TW' })
  language?: Language;

  @ApiProperty({ required: false, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  @IsSingleLine()
  institution?: string | null;

  @ApiProperty({ required: false, nullable: true, type: String, example: 'TW' })
  @IsOptional()
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code' })
  country?: string | null;

  @ApiProperty({ required: false, type: [String] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MaxLength(80, { each: true })
  @IsSingleLine({ each: true })
  expertise?: string[];
}

export class UpdateProfile extends IntersectionType(ProfileFields, Versioned) {}

/** `name` is redeclared as required: inheriting it would inherit its being omittable too. */
export class CreateUser extends OmitType(ProfileFields, ['name'] as const) {
  @ApiProperty({ example: 'claire.martin@joint-calls.localhost' })
  @Transform(normaliseEmail)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Claire Martin' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @IsSingleLine()
  name!: string;

  @ApiProperty({ minLength: 12, example: 'a long passphrase of your own' })
  @IsString()
  @MinLength(12, { message: 'password must be at least 12 characters' })
  @MaxLength(200)
  password!: string;

  @ApiProperty({ enum: Role, isArray: true, example: [Role.Reviewer], description: 'An officer also needs agencyId' })
  @IsArray()
  @ArrayUnique()
  @IsEnum(Role, { each: true, message: 'each role must be one of RESEARCHER, REVIEWER, OFFICER, ADMIN' })
  roles!: Role[];

  @ApiProperty({ required: false, nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  agencyId?: string | null;
}

export class UpdateUser extends IntersectionType(
  PartialType(PickType(CreateUser, ['name', 'language', 'institution', 'country', 'expertise', 'roles', 'agencyId'] as const), {
    skipNullProperties: false,
  }),
  Versioned,
) {
  @ApiProperty({ required: false })
  @IsOmittable()
  @IsBoolean()
  active?: boolean;
}

export class UserQuery extends PageQuery {
  @ApiProperty({ required: false, enum: Role })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;
}
