import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/access/access.decorators';
import { CurrentUser, Principal } from '../common/access/principal';
import { notFound } from '../common/errors/domain-error';
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

  /** Read the audit trail of one call, proposal or user */
  @Get()
  @Roles(Role.Officer, Role.Admin)
  async history(@CurrentUser() user: Principal, @Query() query: AuditQuery) {
    if (!(await this.policy.mayRead(user, query.entityType, query.entityId))) throw notFound(query.entityType.toLowerCase());
    return this.audit.history(query.entityType, query.entityId, query);
  }
}
