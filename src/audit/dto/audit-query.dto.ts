import { IsString, IsUUID, Matches } from 'class-validator';
import { PageQuery } from '../../common/pagination/page';

export class AuditQuery extends PageQuery {
  /** USER, CALL, PROPOSAL, ... */
  @IsString()
  @Matches(/^[A-Z_]{2,40}$/, { message: 'entityType must be an upper-case entity name such as USER or PROPOSAL' })
  entityType!: string;

  @IsUUID()
  entityId!: string;
}
