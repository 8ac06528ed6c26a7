import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { assertVersionIfSent } from '../common/concurrency/versioning';
import { COMMON_ERRORS } from '../common/errors/common.errors';
import { Clock } from '../common/time/clock';
import { EmailType } from '../notifications/email-types';
import { WebhookEvents } from '../webhooks/webhook-events';
import { RecordEligibility } from './dto/proposal.dto';
import { EligibilityVerdict } from './eligibility-verdict.entity';
import { awaitedAgencies, jointEligibility } from './eligibility.rules';
import { PROPOSAL_ACCESS } from './proposal-access';
import { ProposalMail } from './proposal-mail';
import { PROPOSAL_STATE, ProposalAction, VERDICT_STATES } from './proposal-state';
import { PROPOSAL_ERRORS } from './proposal.errors';
import { Proposal } from './proposal.entity';
import { ProposalContext, ProposalsService } from './proposals.service';

/**
 * Each agency judges its own applicant and may correct its verdict, with the version it read, until the review
 * starts; an officer can only write their agency's verdict. The proposal's state always follows the two verdicts
 * (eligibility.rules.ts), and the PIs are told after every verdict what each agency decided and what is awaited.
 */
@Injectable()
export class EligibilityService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly proposals: ProposalsService,
    private readonly mail: ProposalMail,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly webhooks: WebhookEvents,
  ) {}

  @Transactional()
  async record(user: Principal, id: string, { eligible, reason, version }: RecordEligibility): Promise<ProposalContext> {
    const { proposal, call } = await this.proposals.load(id, true);
    PROPOSAL_ACCESS.assert(user, 'actAsOfficer', { proposal, call });
    if (!VERDICT_STATES.includes(proposal.state)) throw PROPOSAL_ERRORS.ELIGIBILITY_CLOSED();
    const agencyId = user.agencyId!;
    const previous = proposal.verdicts.find((verdict) => verdict.agencyId === agencyId);
    // Overwriting a verdict needs proof that its author saw it: two officers of one agency never overwrite each
    // other unseen.
    if (previous && version === undefined)
      throw COMMON_ERRORS.VERSION_REQUIRED("Correcting your agency's verdict needs the version you read");
    assertVersionIfSent('The proposal', proposal.version, version);

    const verdicts = this.txHost.tx.getRepository(EligibilityVerdict);
    await verdicts.upsert({ proposalId: id, agencyId, eligible, reason, officerId: user.id, recordedAt: this.clock.now() }, [
      'proposalId',
      'agencyId',
    ]);
    const recorded = await verdicts.findBy({ proposalId: id });
    const parties = [call.homeAgencyId, call.partnerAgencyId] as const;
    const outcome = jointEligibility(recorded, parties);
    const next = PROPOSAL_STATE.next(proposal.state, outcome);
    const nextVersion = proposal.version + 1;
    await this.txHost.tx.getRepository(Proposal).update(id, { state: next, version: nextVersion });
    await this.audit.record({
      actorId: user.id,
      entityType: 'PROPOSAL',
      entityId: id,
      action: previous ? 'ELIGIBILITY_CORRECTED' : 'ELIGIBILITY_RECORDED',
      fromState: proposal.state,
      toState: next,
      reason,
      data: { agencyId, eligible, ...(previous ? { previouslyEligible: previous.eligible } : {}) },
    });

    await this.webhooks.record({
      type: 'proposal.eligibility_recorded',
      call,
      data: { proposalId: id, callId: call.id, agencyId, eligible, corrected: previous !== undefined, proposalState: next },
    });

    const agencyName = (agencyId: string) => (agencyId === call.homeAgencyId ? call.homeAgency.name : call.partnerAgency.name);
    const awaited = awaitedAgencies(recorded, parties).map(agencyName);
    await this.mail.tell(
      EmailType.EligibilityVerdict,
      await this.mail.pis(proposal.team),
      { proposal, call },
      `eligibility-v${nextVersion}`,
      (pi) => ({
        name: pi.name,
        proposalTitle: proposal.title,
        callTitle: call.title,
        decided: outcome !== ProposalAction.AwaitVerdict,
        eligible: outcome === ProposalAction.MarkEligible,
        verdicts: parties
          .map((party) => recorded.find((verdict) => verdict.agencyId === party))
          .filter((verdict) => verdict !== undefined)
          .map((verdict) => ({ agency: agencyName(verdict.agencyId), eligible: verdict.eligible, reason: verdict.reason })),
        awaited,
        proposalUrl: this.mail.proposalUrl(proposal, pi),
      }),
    );
    return this.proposals.load(id);
  }
}
