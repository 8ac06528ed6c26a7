import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsDate } from 'class-validator';

/** ISO 8601 with an explicit offset: a deadline without one means different instants to Taipei and Prague. */
export const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A point in time sent as ISO 8601 with an offset, read into a Date; anything else stays a string and is refused. */
export const IsInstant = (options: ApiPropertyOptions = {}) =>
  applyDecorators(
    ApiProperty({ type: String, format: 'date-time', example: '2027-03-31T17:00:00+08:00', ...options }),
    Transform(
      ({ value }: { value: unknown }) =>
        typeof value === 'string' && INSTANT_PATTERN.test(value) && !isNaN(Date.parse(value)) ? new Date(value) : value,
      {
        toClassOnly: true,
      },
    ),
    IsDate({ message: ({ property }) => `${property} must be an ISO 8601 date-time with an offset, e.g. 2027-03-31T17:00:00+08:00` }),
  );
