import { Injectable } from '@nestjs/common';
import { AuditedEntity, AuditReader } from '../audit/audit-read-policy';
import { Principal } from '../common/access/principal';
import { isPartyOfficer } from './call-access';
import { CallsService } from './calls.service';

/** A call's history is for the officers of its two agencies. */
@Injectable()
@AuditedEntity('CALL')
export class CallAuditReader implements AuditReader {
  constructor(private readonly calls: CallsService) {}

  async officerMayRead(user: Principal, callId: string): Promise<boolean> {
    const call = await this.calls.load(callId);
    return call !== null && isPartyOfficer(user, call);
  }
}
