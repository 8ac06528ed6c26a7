import { Injectable } from '@nestjs/common';
import { AuditedEntity, AuditReader } from '../audit/audit-read-policy';
import { isPartyOfficer } from '../calls/call-access';
import { Principal } from '../common/access/principal';
import { DomainError } from '../common/errors/domain-error';
import { ProposalsService } from './proposals.service';

/** A proposal's history is for the officers of its call's two agencies. */
@Injectable()
@AuditedEntity('PROPOSAL')
export class ProposalAuditReader implements AuditReader {
  constructor(private readonly proposals: ProposalsService) {}

  async officerMayRead(user: Principal, proposalId: string): Promise<boolean> {
    try {
      const { call } = await this.proposals.load(proposalId);
      return isPartyOfficer(user, call);
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not-found') return false;
      throw error;
    }
  }
}
