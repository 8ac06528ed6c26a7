import { Injectable } from '@nestjs/common';
import { AuditedEntity, AuditReader } from '../audit/audit-read-policy';
import { CALL_ERRORS } from './call.errors';
import { CallsService } from './calls.service';

/** A call's history is for the officers of its two agencies. */
@Injectable()
@AuditedEntity('CALL')
export class CallAuditReader implements AuditReader {
  readonly hidden = CALL_ERRORS.CALL_NOT_FOUND;

  constructor(private readonly calls: CallsService) {}

  async partyAgencies(callId: string): Promise<string[] | null> {
    const call = await this.calls.load(callId);
    return call && [call.homeAgencyId, call.partnerAgencyId];
  }
}
