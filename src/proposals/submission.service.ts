import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditService } from '../audit/audit.service';
import { effectiveCallState } from '../calls/call-state';
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
import { acceptsSubmissions, checkSubmission } from './submission.rules';

/** Raised by the deferred trigger `proposal_submitted_before_deadline` when a submission commits too late. */
const LATE_COMMIT_SQLSTATE = 'JC001';

/**
 * Submission: every rule checked at once, the deadline judged by the database clock, exactly once per proposal.
 * The row lock serialises concurrent submits of one proposal; the state check makes repeats refusals; and a
 * deferred constraint trigger re-checks the deadline at COMMIT, so a submission is accepted if and only if it
 * commits before `closesAt`, however long the transaction took.
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

  async submit(user: Principal, id: string, version?: number): Promise<ProposalContext> {
    try {
      await this.submitInTransaction(user, id, version);
    } catch (error) {
      if ((error as { code?: unknown }).code === LATE_COMMIT_SQLSTATE) throw PROPOSAL_ERRORS.CALL_CLOSED();
      throw error;
    }
    return this.proposals.load(id);
  }

  @Transactional()
  private async submitInTransaction(user: Principal, id: string, version: number | undefined): Promise<void> {
    const { proposal, call } = await this.proposals.load(id, true);
    assertPi(user, proposal, call);
    const next = PROPOSAL_STATE.next(proposal.state, ProposalAction.Submit);
    assertVersionIfSent('The proposal', proposal.version, version);
    const [{ now }] = await this.txHost.tx.query<{ now: Date }[]>('SELECT clock_timestamp() AS now');
    if (!acceptsSubmissions({ ...call, state: effectiveCallState(call, now) }, now)) throw PROPOSAL_ERRORS.CALL_CLOSED();

    const problems = checkSubmission(
      { ...proposal, team: proposal.team, attachmentKinds: proposal.attachments.map((attachment) => attachment.kind) },
      { ...call, currencies: { home: call.homeAgency.currency, partner: call.partnerAgency.currency } },
    );
    if (problems.length > 0) throw PROPOSAL_ERRORS.SUBMISSION_INCOMPLETE(problems);

    // The database clock stamps the submission; RETURNING gives it back without a second read.
    const result = await this.txHost.tx
      .getRepository(Proposal)
      .createQueryBuilder()
      .update()
      .set({ state: next, submittedAt: () => 'clock_timestamp()', version: () => 'version + 1' })
      .where('id = :id', { id })
      .returning('submitted_at')
      .execute();
    const submittedAt = (result.raw as { submitted_at: Date }[])[0].submitted_at;
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
