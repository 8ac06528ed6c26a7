import { ApiProperty, IntersectionType, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { Versioned } from '../../common/concurrency/versioned.dto';
import { PageQuery } from '../../common/pagination/page';
import { IsOmittable } from '../../common/validation/omittable';
import { DeliveryStatus } from '../webhook-delivery.entity';
import { WEBHOOK_EVENT_TYPES, WebhookEventType } from '../webhook-events.types';
import { IsSingleLine } from '../../common/validation/single-line';

export class WebhookEndpointInput {
  @ApiProperty({ example: 'https://grants.gacr.cz/hooks/joint-calls', description: 'In production: https, on a public address' })
  @IsString()
  @MinLength(8)
  @MaxLength(2000)
  url!: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['proposal.submitted', 'decision.recorded'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true, message: `each event type must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}` })
  eventTypes!: WebhookEventType[];

  @ApiProperty({ required: false, example: 'GAČR grants office import' })
  @IsOmittable()
  @IsString()
  @MaxLength(300)
  @IsSingleLine()
  description?: string;
}

export class UpdateWebhookEndpoint extends IntersectionType(PartialType(WebhookEndpointInput, { skipNullProperties: false }), Versioned) {
  @ApiProperty({ required: false, description: 'false pauses deliveries (they wait, in order); true resumes a disabled endpoint' })
  @IsOmittable()
  @IsBoolean()
  active?: boolean;
}

export class WebhookDeliveryQuery extends PageQuery {
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  endpointId?: string;

  @ApiProperty({ required: false, enum: DeliveryStatus })
  @IsOptional()
  @IsIn(Object.values(DeliveryStatus))
  status?: DeliveryStatus;
}
