import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { OptionallyVersioned } from '../../common/concurrency/versioned.dto';
import { PageQuery } from '../../common/pagination/page';
import { IsOmittable } from '../../common/validation/omittable';
import { ReportKind } from '../report.entity';

export class AwardQuery extends PageQuery {
  @ApiPropertyOptional({ description: "Only this call's awards" })
  @IsOptional()
  @IsUUID()
  callId?: string;
}

export class ReportKindQuery {
  @ApiPropertyOptional({ enum: ReportKind, description: 'Which report; by default the earliest one awaited from you' })
  @IsOmittable()
  @IsEnum(ReportKind)
  kind?: ReportKind;
}

export class AcceptReport extends OptionallyVersioned {
  @ApiPropertyOptional({ example: 'Thank you; complete and clear.' })
  @IsOmittable()
  @IsString()
  @MaxLength(4000)
  comment?: string;
}

export class RequestRevision extends OptionallyVersioned {
  @ApiProperty({ example: 'Please add the spending of the Czech side by budget line.' })
  @IsString()
  @MinLength(3)
  @MaxLength(4000)
  comment!: string;
}
