import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { assertVersionIfSent } from '../common/concurrency/versioning';
import { money } from '../common/money/money';
import { EmailType } from '../notifications/email-types';
import { WebhookEvents } from '../webhooks/webhook-events';
import { assertPi } from './proposal-access';
import { ProposalDeadlines } from './proposal-deadlines';
import { ProposalMail } from './proposal-mail';
import { PROPOSAL_STATE, ProposalAction } from './proposal-state';
import { PROPOSAL_ERRORS } from './proposal.errors';
import { Proposal } from './proposal.entity';
import { ProposalContext, ProposalsService } from './proposals.service';
import { checkSubmission, takesSubmissionReceivedAt } from './submission.rules';

/** Raised by the deferred trigger `proposal_submitted_before_deadline` when a submission commits too late. */
const LATE_COMMIT_SQLSTATE = 'JC001';

/**
 * Submission: every rule checked at once, the deadline judged by when the API had read the request (receivedAt,
 * stored as the submission time), exactly once per proposal. The row lock serialises concurrent submits of one
 * proposal; the state check makes repeats refusals; and a deferred constraint trigger checks at COMMIT that the
 * submission time is before `closesAt` and that the commit comes within the grace period after it, so a request
 * read in time is taken however busy the server was, and nothing received late ever is.
 */
@Injectable()
export class SubmissionService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly proposals: ProposalsService,
    private readonly deadlines: ProposalDeadlines,
    private readonly mail: ProposalMail,
    private readonly audit: AuditService,
    private readonly webhooks: WebhookEvents,
  ) {}

  async submit(user: Principal, id: string, receivedAt: Date, version?: number): Promise<ProposalContext> {
    try {
      await this.submitInTransaction(user, id, receivedAt, version);
    } catch (error) {
      if ((error as { code?: unknown }).code === LATE_COMMIT_SQLSTATE) throw PROPOSAL_ERRORS.CALL_CLOSED();
      throw error;
    }
    return this.proposals.load(id);
  }

  @Transactional()
  private async submitInTransaction(user: Principal, id: string, receivedAt: Date, version: number | undefined): Promise<void> {
    const { proposal, call } = await this.proposals.load(id, true);
    assertPi(user, proposal, call);
    const next = PROPOSAL_STATE.next(proposal.state, ProposalAction.Submit);
    assertVersionIfSent('The proposal', proposal.version, version);
    if (!takesSubmissionReceivedAt(call, receivedAt)) throw PROPOSAL_ERRORS.CALL_CLOSED();

    const problems = checkSubmission(
      { ...proposal, team: proposal.team, attachmentKinds: proposal.attachments.map((attachment) => attachment.kind) },
      { ...call, currencies: { home: call.homeAgency.currency, partner: call.partnerAgency.currency } },
    );
    if (problems.length > 0) throw PROPOSAL_ERRORS.SUBMISSION_INCOMPLETE(problems);

    const submittedAt = receivedAt;
    await this.txHost.tx
      .getRepository(Proposal)
      .createQueryBuilder()
      .update()
      .set({ state: next, submittedAt, version: () => 'version + 1' })
      .where('id = :id', { id })
      .execute();
    await this.deadlines.cancel(id);
    await this.mail.tell(EmailType.SubmissionReceipt, await this.mail.pis(proposal.team), { proposal, call }, 'submitted', (pi) => ({
      name: pi.name,
      proposalTitle: proposal.title,
      acronym: proposal.acronym ?? '',
      callTitle: call.title,
      reference: id.slice(0, 8).toUpperCase(),
      submittedAt: submittedAt.toISOString(),
      timezones: this.mail.timezones(call, pi.side),
      proposalUrl: this.mail.proposalUrl(proposal, pi),
    }));
    await this.webhooks.record({
      type: 'proposal.submitted',
      call,
      data: {
        proposalId: id,
        callId: call.id,
        reference: id.slice(0, 8).toUpperCase(),
        title: proposal.title,
        acronym: proposal.acronym,
        submittedAt: submittedAt.toISOString(),
        homeBudget: proposal.homeBudget && money(proposal.homeBudget, call.homeAgency.currency),
        partnerBudget: proposal.partnerBudget && money(proposal.partnerBudget, call.partnerAgency.currency),
      },
    });
    await this.audit.record({
      actorId: user.id,
      entityType: 'PROPOSAL',
      entityId: id,
      action: 'SUBMITTED',
      fromState: proposal.state,
      toState: next,
    });
  }
}
