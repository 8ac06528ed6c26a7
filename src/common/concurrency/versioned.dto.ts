import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { IsOmittable } from '../validation/omittable';
import { MAX_INTEGER } from '../validation/integer';

/** The version the client read; an edit based on an older one is refused with 409. */
export class Versioned {
  @ApiProperty({ description: 'The version you read (or send If-Match: "<version>"); a stale one is refused with 409', example: 1 })
  @IsInt()
  @Min(1)
  @Max(MAX_INTEGER)
  version!: number;
}

/** An action on a resource that may say which version it acted on; when it does, a stale one is refused with 409. */
export class OptionallyVersioned {
  @ApiProperty({
    required: false,
    description: 'The version you read (or send If-Match: "<version>"); when given, a stale one is refused with 409',
    example: 1,
  })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version?: number;
}
