import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Page, pageOf, PageQuery } from '../common/pagination/page';
import { AuditEntityType, AuditEvent } from './audit-event.entity';

export interface AuditEntry {
  actorId: string | null;
  entityType: AuditEntityType;
  entityId: string;
  action: string;
  fromState?: string | null;
  toState?: string | null;
  reason?: string | null;
  data?: Record<string, unknown> | null;
}

/** Writes the audit trail inside the caller's transaction, so a change and its record commit or vanish together. */
@Injectable()
export class AuditService {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async record(entry: AuditEntry): Promise<void> {
    const repository = this.txHost.tx.getRepository(AuditEvent);
    await repository.save(repository.create({ fromState: null, toState: null, reason: null, data: null, ...entry }));
  }

  history(entityType: AuditEntityType, entityId: string, page: PageQuery): Promise<Page<AuditEvent>> {
    return this.txHost.tx
      .getRepository(AuditEvent)
      .findAndCount({
        where: { entityType, entityId },
        order: { occurredAt: 'ASC', id: 'ASC' },
        take: page.limit,
        skip: page.offset,
      })
      .then((result) => pageOf(result, page));
  }
}
