import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditedEntity, AuditReader } from '../audit/audit-read-policy';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WEBHOOK_ERRORS } from './webhook.errors';

/** An endpoint's history (created, changed, rotated, disabled, replays) is for its agency's officers. */
@Injectable()
@AuditedEntity('WEBHOOK_ENDPOINT')
export class WebhookAuditReader implements AuditReader {
  readonly hidden = WEBHOOK_ERRORS.WEBHOOK_ENDPOINT_NOT_FOUND;

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async partyAgencies(endpointId: string): Promise<string[] | null> {
    const endpoint = await this.txHost.tx.getRepository(WebhookEndpoint).findOneBy({ id: endpointId });
    return endpoint && [endpoint.agencyId];
  }
}
