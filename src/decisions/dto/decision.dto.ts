import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import { OptionallyVersioned } from '../../common/concurrency/versioned.dto';
import { MoneyDto } from '../../common/money/money.dto';
import { IsOmittable } from '../../common/validation/omittable';
import { DecisionKind } from '../decision.entity';

export class RecordDecision extends OptionallyVersioned {
  @ApiProperty({ enum: DecisionKind, example: DecisionKind.Fund })
  @IsEnum(DecisionKind)
  decision!: DecisionKind;

  @ApiProperty({
    type: MoneyDto,
    required: false,
    description: "FUND only: the amount granted, in your agency's currency, at most what was requested from it",
    example: { amount: '2500000.00', currency: 'TWD' },
  })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  amount?: MoneyDto;

  @ApiProperty({ required: false, default: '', example: 'Ranked 3rd; the equipment line is cut by 10%.' })
  @IsOmittable()
  @IsString()
  @MaxLength(4000)
  note?: string;
}
