import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEnum,
  IsISO31661Alpha2,
  IsISO4217CurrencyCode,
  IsOptional,
  IsString,
  IsTimeZone,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IsDateString } from 'class-validator';
import { IsOmittable } from '../../common/validation/omittable';
import { AgreementKind } from '../agreement.entity';
import { IsSingleLine } from '../../common/validation/single-line';

const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);

export class CreateAgency {
  @ApiProperty({ example: 'DFG' })
  @Transform(upper)
  @Matches(/^[A-Z0-9-]{2,20}$/, { message: 'code must be 2-20 upper-case letters, digits or dashes' })
  code!: string;

  @ApiProperty({ example: 'Deutsche Forschungsgemeinschaft' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  @IsSingleLine()
  name!: string;

  @ApiProperty({ example: 'DE' })
  @Transform(upper)
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code' })
  country!: string;

  @ApiProperty({ example: 'EUR' })
  @Transform(upper)
  @IsISO4217CurrencyCode({ message: 'currency must be an ISO 4217 code' })
  currency!: string;

  @ApiProperty({ example: 'Europe/Berlin' })
  @IsTimeZone({ message: 'timezone must be an IANA time zone such as Europe/Berlin' })
  timezone!: string;

  @ApiProperty({ required: false, default: false })
  @IsOmittable()
  @IsBoolean()
  isHome?: boolean;
}

export class CreateOffice {
  @ApiProperty({ example: 'Science and Technology Division, Taipei Representative Office in Germany (Bonn)' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  @IsSingleLine()
  name!: string;

  @ApiProperty({ example: 'Bonn' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @IsSingleLine()
  city!: string;

  @ApiProperty({ example: 'DE' })
  @Transform(upper)
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code' })
  country!: string;

  @ApiProperty({ example: 'Europe/Berlin' })
  @IsTimeZone({ message: 'timezone must be an IANA time zone such as Europe/Berlin' })
  timezone!: string;
}

export class CreateAgreement {
  @ApiProperty()
  @IsUUID()
  homeAgencyId!: string;

  @ApiProperty()
  @IsUUID()
  partnerAgencyId!: string;

  @ApiProperty({ example: 'Memorandum of Understanding on Scientific Cooperation' })
  @IsString()
  @MinLength(2)
  @MaxLength(300)
  @IsSingleLine()
  title!: string;

  @ApiProperty({ enum: AgreementKind })
  @IsEnum(AgreementKind)
  kind!: AgreementKind;

  @ApiProperty({ example: '2019-05-14', format: 'date' })
  @IsDateString({ strict: true }, { message: 'signedOn must be a date (YYYY-MM-DD)' })
  signedOn!: string;

  @ApiProperty({ example: '2029-05-13', format: 'date', required: false, nullable: true, type: String })
  @IsOptional()
  @IsDateString({ strict: true }, { message: 'expiresOn must be a date (YYYY-MM-DD)' })
  expiresOn?: string | null;
}
