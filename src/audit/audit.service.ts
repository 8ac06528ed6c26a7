import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Page, pageOf, PageQuery } from '../common/pagination/page';
import { AuditEntityType, AuditEvent } from './audit-event.entity';
import { prepared } from '../database/prepared';

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
    // Plain SQL: every use case writes one, and Repository.save cost more CPU than the INSERT takes to run.
    await prepared(
      this.txHost.tx,
      `INSERT INTO audit_event (actor_id, entity_type, entity_id, action, from_state, to_state, reason, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
      [
        entry.actorId,
        entry.entityType,
        entry.entityId,
        entry.action,
        entry.fromState ?? null,
        entry.toState ?? null,
        entry.reason ?? null,
        entry.data == null ? null : JSON.stringify(entry.data),
      ],
    );
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
