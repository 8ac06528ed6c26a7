import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsEnum, IsString, MaxLength, MinLength } from 'class-validator';
import { Language } from '../../common/identity/role';
import { IsOmittable } from '../../common/validation/omittable';
import { IsSingleLine } from '../../common/validation/single-line';

const normaliseEmail = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class Credentials {
  @ApiProperty({ example: 'officer.nstc@joint-calls.localhost', description: 'A demo account of the README works here' })
  @Transform(normaliseEmail)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'officer-nstc-demo' })
  @IsString()
  @MaxLength(200)
  password!: string;
}

export class Registration {
  @ApiProperty({ example: 'wang.ming@ntu.edu.tw' })
  @Transform(normaliseEmail)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 12, maxLength: 200, example: 'a long passphrase of your own' })
  @IsString()
  @MinLength(12, { message: 'password must be at least 12 characters' })
  @MaxLength(200)
  password!: string;

  @ApiProperty({ example: 'Wang Ming' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @IsSingleLine()
  name!: string;

  @ApiProperty({ enum: Language, required: false, default: Language.English })
  @IsOmittable()
  @IsEnum(Language, { message: 'language must be en or zh-TW' })
  language?: Language;
}

export class RefreshRequest {
  @ApiProperty()
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  refreshToken!: string;
}

export class TokenPair {
  @ApiProperty()
  accessToken!: string;

  @ApiProperty()
  refreshToken!: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';

  @ApiProperty({ description: 'Seconds until the access token expires' })
  expiresIn!: number;
}

export class PasswordResetRequest {
  @ApiProperty({ example: 'pi.taiwan@joint-calls.localhost' })
  @Transform(normaliseEmail)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;
}

export class PasswordResetConfirmation {
  @ApiProperty({ description: 'The token from the e-mailed link' })
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  token!: string;

  @ApiProperty({ minLength: 12, maxLength: 200 })
  @IsString()
  @MinLength(12, { message: 'password must be at least 12 characters' })
  @MaxLength(200)
  password!: string;
}
