import { ApiProperty } from '@nestjs/swagger';
import { IsISO4217CurrencyCode, IsString, Matches } from 'class-validator';
import { MONEY_PATTERN } from './money';

export class MoneyDto {
  @ApiProperty({ example: '1250000.00', description: 'Decimal string with at most two decimals; never a JSON number' })
  @IsString({ message: 'amount must be a decimal string such as "1250000.00", not a number' })
  @Matches(MONEY_PATTERN, { message: 'amount must be a non-negative decimal string with at most two decimals' })
  amount!: string;

  @ApiProperty({ example: 'TWD' })
  @IsISO4217CurrencyCode({ message: 'currency must be an ISO 4217 code' })
  currency!: string;
}
