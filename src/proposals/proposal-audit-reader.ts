import { Injectable } from '@nestjs/common';
import { AuditedEntity, AuditReader } from '../audit/audit-read-policy';
import { PROPOSAL_ERRORS } from './proposal.errors';
import { ProposalsService } from './proposals.service';

/** A proposal's history is for the officers of its call's two agencies. */
@Injectable()
@AuditedEntity('PROPOSAL')
export class ProposalAuditReader implements AuditReader {
  readonly hidden = PROPOSAL_ERRORS.PROPOSAL_NOT_FOUND;

  constructor(private readonly proposals: ProposalsService) {}

  async partyAgencies(proposalId: string): Promise<string[] | null> {
    const { call } = await this.proposals.load(proposalId).catch((error: unknown) => {
      if (error instanceof Error && 'code' in error && error.code === PROPOSAL_ERRORS.PROPOSAL_NOT_FOUND.code) return { call: null };
      throw error;
    });
    return call && [call.homeAgencyId, call.partnerAgencyId];
  }
}
