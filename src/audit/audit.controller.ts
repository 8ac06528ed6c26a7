import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/access/access.decorators';
import { CurrentUser, Principal } from '../common/access/principal';
import { Role } from '../common/identity/role';
import { AuditReadPolicy } from './audit-read-policy';
import { AuditService } from './audit.service';
import { AuditQuery } from './dto/audit-query.dto';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly policy: AuditReadPolicy,
  ) {}

  /** The history of one entity: who changed what, when, from which state to which, and why. */
  @Get()
  @Roles(Role.Officer, Role.Admin)
  async history(@CurrentUser() user: Principal, @Query() query: AuditQuery) {
    await this.policy.assertReadable(user, query.entityType, query.entityId);
    return this.audit.history(query.entityType, query.entityId, query);
  }
}
