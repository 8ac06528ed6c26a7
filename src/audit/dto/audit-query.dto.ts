import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { PageQuery } from '../../common/pagination/page';
import { AUDITED_ENTITY_TYPES, AuditEntityType } from '../audit-event.entity';

export class AuditQuery extends PageQuery {
  @ApiProperty({ enum: AUDITED_ENTITY_TYPES, example: 'PROPOSAL' })
  @IsIn(AUDITED_ENTITY_TYPES, { message: `entityType must be one of ${AUDITED_ENTITY_TYPES.join(', ')}` })
  entityType!: AuditEntityType;

  @IsUUID()
  entityId!: string;
}
