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
import { checkSubmission, receivedInTime } from './submission.rules';
import { prepared } from '../database/prepared';

/** Raised by the deferred trigger `proposal_submitted_before_deadline` when a submission is late or commits too late. */
const LATE_COMMIT_SQLSTATE = 'JC001';

/**
 * Submission: every rule checked at once, the deadline judged by when the API received the request, exactly once
 * per proposal. The row lock serialises concurrent submits of one proposal; the state check makes repeats refusals;
 * `receivedAt` is stored as the submission time, and a deferred constraint trigger checks it again at COMMIT
 * together with a grace period, so a request read before `closesAt` is accepted however busy the system is at the
 * deadline, and none commits later than 60 s after it.
 */
/** CALL_CLOSED, saying when the request was received when that is why. */
const callClosed = (receivedAt: Date, closesAt: Date) =>
  receivedAt.getTime() >= closesAt.getTime()
    ? PROPOSAL_ERRORS.CALL_CLOSED(
        `The call's deadline has passed: it was ${closesAt.toISOString()}, and this request was received at ${receivedAt.toISOString()}`,
      )
    : PROPOSAL_ERRORS.CALL_CLOSED();

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

  /** `receivedAt`: when the API had read the request (see stampReceivedAt). */
  async submit(user: Principal, id: string, version: number | undefined, receivedAt: Date): Promise<ProposalContext> {
    try {
      return await this.submitInTransaction(user, id, version, receivedAt);
    } catch (error) {
      if ((error as { code?: unknown }).code === LATE_COMMIT_SQLSTATE) throw PROPOSAL_ERRORS.CALL_CLOSED();
      throw error;
    }
  }

  /** Loads the proposal once, locked; answers it as the UPDATE left it rather than loading it again. */
  @Transactional()
  private async submitInTransaction(user: Principal, id: string, version: number | undefined, receivedAt: Date): Promise<ProposalContext> {
    const { proposal, call } = await this.proposals.load(id, true);
    assertPi(user, proposal, call);
    const next = PROPOSAL_STATE.next(proposal.state, ProposalAction.Submit);
    assertVersionIfSent('The proposal', proposal.version, version);
    if (!receivedInTime(call, receivedAt)) throw callClosed(receivedAt, call.closesAt);

    const problems = checkSubmission(
      { ...proposal, team: proposal.team, attachmentKinds: proposal.attachments.map((attachment) => attachment.kind) },
      { ...call, currencies: { home: call.homeAgency.currency, partner: call.partnerAgency.currency } },
    );
    if (problems.length > 0) throw PROPOSAL_ERRORS.SUBMISSION_INCOMPLETE(problems);

    const {
      rows: [updated],
    } = await prepared<Pick<Proposal, 'version' | 'updatedAt'>>(
      this.txHost.tx,
      `UPDATE proposal SET state = $2, submitted_at = $3, version = version + 1, updated_at = now() WHERE id = $1
       RETURNING version, updated_at AS "updatedAt"`,
      [id, next, receivedAt],
    );
    const submitted: Proposal = { ...proposal, ...updated, state: next, submittedAt: receivedAt };
    const submittedAt = receivedAt;
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
    return { proposal: submitted, call };
  }
}
