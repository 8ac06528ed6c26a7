import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Min } from 'class-validator';

/** The version the client read; an edit based on an older one is refused with 409. */
export class Versioned {
  @ApiProperty({ description: 'The version you read; a stale one is refused with 409' })
  @IsInt()
  @Min(1)
  version!: number;
}
