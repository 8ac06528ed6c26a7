import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { EmailType } from '../notifications/email-types';
import { RecordEligibility } from './dto/proposal.dto';
import { EligibilityVerdict } from './eligibility-verdict.entity';
import { jointEligibility } from './eligibility.rules';
import { assertPartyOfficerOf } from './proposal-access';
import { ProposalMail } from './proposal-mail';
import { nextProposalState, ProposalAction, ProposalState } from './proposal-state';
import { Proposal } from './proposal.entity';
import { ProposalContext, ProposalsService } from './proposals.service';

/**
 * Each agency judges its own applicant; an officer can only write their agency's verdict. The joint outcome
 * follows the rule in eligibility.rules.ts, and the PIs are told once it is reached.
 */
@Injectable()
export class EligibilityService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly proposals: ProposalsService,
    private readonly mail: ProposalMail,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async record(user: Principal, id: string, { eligible, reason }: RecordEligibility): Promise<ProposalContext> {
    const { proposal, call } = await this.proposals.load(id, true);
    assertPartyOfficerOf(user, proposal, call);
    nextProposalState(proposal.state, ProposalAction.RecordVerdict);
    const verdicts = this.txHost.tx.getRepository(EligibilityVerdict);
    await verdicts.upsert({ proposalId: id, agencyId: user.agencyId!, eligible, reason, officerId: user.id }, ['proposalId', 'agencyId']);
    await this.audit.record({
      actorId: user.id,
      entityType: 'PROPOSAL',
      entityId: id,
      action: 'ELIGIBILITY_RECORDED',
      reason,
      data: { agencyId: user.agencyId, eligible },
    });

    const recorded = await verdicts.findBy({ proposalId: id });
    const outcome = jointEligibility(recorded, [call.homeAgencyId, call.partnerAgencyId]);
    const next = nextProposalState(proposal.state, outcome);
    if (next !== proposal.state) {
      await this.txHost.tx.getRepository(Proposal).update(id, { state: next, version: proposal.version + 1 });
      await this.audit.record({
        actorId: user.id,
        entityType: 'PROPOSAL',
        entityId: id,
        action: outcome,
        fromState: proposal.state,
        toState: next,
      });
      await this.tellPis(proposal, call, recorded, next === ProposalState.Eligible);
    }
    return this.proposals.load(id);
  }

  private async tellPis(
    proposal: Proposal,
    call: ProposalContext['call'],
    recorded: EligibilityVerdict[],
    eligible: boolean,
  ): Promise<void> {
    const agencyName = (agencyId: string) => (agencyId === call.homeAgencyId ? call.homeAgency.name : call.partnerAgency.name);
    for (const pi of await this.mail.pis(proposal.team)) {
      await this.mail.send(EmailType.EligibilityVerdict, pi, { proposal, call }, 'eligibility', {
        name: pi.name,
        proposalTitle: proposal.title,
        callTitle: call.title,
        eligible,
        verdicts: recorded.map((verdict) => ({
          agency: agencyName(verdict.agencyId),
          eligible: verdict.eligible,
          reason: verdict.reason,
        })),
        proposalUrl: this.mail.proposalUrl(proposal),
      });
    }
  }
}
