import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsEmail, IsEnum, IsObject, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
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

/** The invitation a person registers from: it was e-mailed to an address, so it proves that address. */
export class RegistrationInvitation {
  @ApiProperty({ format: 'uuid', description: 'The proposal the invitation is to' })
  @IsUUID('all', { message: 'proposalId must be an id' })
  proposalId!: string;

  @ApiProperty({ description: 'The token from the invitation e-mail' })
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  token!: string;
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

  @ApiProperty({
    type: RegistrationInvitation,
    required: false,
    description:
      'When registering from an invitation to a proposal: if the invitation was sent to this e-mail address, the address ' +
      'is proven and the account is ready at once (201 with tokens; 409 EMAIL_TAKEN when the address already has an account)',
  })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => RegistrationInvitation)
  invitation?: RegistrationInvitation;
}

/** What registration answers, whether or not the address already had an account. */
export class RegistrationAccepted {
  @ApiProperty({ enum: ['VERIFICATION_SENT'] })
  status!: 'VERIFICATION_SENT';

  @ApiProperty({ description: 'The address (normalised) that the e-mail went to' })
  email!: string;

  static of(email: string): RegistrationAccepted {
    return { status: 'VERIFICATION_SENT', email };
  }
}

export class EmailVerification {
  @ApiProperty({ description: 'The token from the e-mailed link' })
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  token!: string;
}

export class VerificationResendRequest {
  @ApiProperty({ example: 'wang.ming@ntu.edu.tw' })
  @Transform(normaliseEmail)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;
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
