import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_INTEGER } from '../validation/integer';

export const MAX_PAGE_SIZE = 100;

/** `?limit=&offset=` of every list. */
export class PageQuery {
  @ApiProperty({ required: false, minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = 20;

  @ApiProperty({ required: false, minimum: 0, maximum: MAX_INTEGER, default: 0 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_INTEGER)
  offset: number = 0;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export const pageOf = <T>([items, total]: [T[], number], query: PageQuery): Page<T> => ({
  items,
  total,
  limit: query.limit,
  offset: query.offset,
});
