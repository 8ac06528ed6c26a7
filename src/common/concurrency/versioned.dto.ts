import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_INTEGER } from '../validation/integer';

/** The version the client read; an edit based on an older one is refused with 409. */
export class Versioned {
  @ApiProperty({ description: 'The version you read; a stale one is refused with 409' })
  @IsInt()
  @Min(1)
  @Max(MAX_INTEGER)
  version!: number;
}
