import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Roles } from '../common/access/access.decorators';
import { CurrentUser, hasRole, Principal } from '../common/access/principal';
import { Page, pageOf } from '../common/pagination/page';
import { Role } from '../common/identity/role';
import { NotificationQuery, NotificationView } from './dto/notification.dto';
import { OutboundEmail } from './outbound-email.entity';

/** The e-mail log: admins see every e-mail, officers those concerning their agency. */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationLogController {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** List the e-mail log */
  @Get()
  @Roles(Role.Officer, Role.Admin)
  async list(@CurrentUser() user: Principal, @Query() query: NotificationQuery): Promise<Page<NotificationView>> {
    const builder = this.txHost.tx
      .getRepository(OutboundEmail)
      .createQueryBuilder('email')
      .orderBy('email.created_at', 'DESC')
      .addOrderBy('email.id');
    if (!hasRole(user, Role.Admin)) builder.andWhere('email.agency_ids @> ARRAY[:agencyId]::uuid[]', { agencyId: user.agencyId });
    if (query.status) builder.andWhere('email.status = :status', { status: query.status });
    const page = pageOf(await builder.take(query.limit).skip(query.offset).getManyAndCount(), query);
    return { ...page, items: page.items.map(NotificationView.of) };
  }
}
