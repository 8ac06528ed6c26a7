import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditedEntity, AuditReader } from '../audit/audit-read-policy';
import { ProposalReaderSource, ReadsProposals } from '../proposals/proposal-readers';
import { LIVE_ASSIGNMENT_STATES } from './review-assignment-state';
import { REVIEW_ERRORS } from './reviews.errors';

/** A proposal's reviewers read it and its attachments while invited, accepted or done; not once declined or removed. */
@Injectable()
@ReadsProposals()
export class ProposalReviewers implements ProposalReaderSource {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async readersOf(proposalId: string): Promise<string[]> {
    const rows = await this.txHost.tx.query<{ reviewer_id: string }[]>(
      `SELECT reviewer_id FROM review_assignment WHERE proposal_id = $1 AND state = ANY($2::review_assignment_state[])`,
      [proposalId, LIVE_ASSIGNMENT_STATES],
    );
    return rows.map((row) => row.reviewer_id);
  }
}

/** An assignment's history is for the officers of its call's two agencies. */
@Injectable()
@AuditedEntity('REVIEW_ASSIGNMENT')
export class AssignmentAuditReader implements AuditReader {
  readonly hidden = REVIEW_ERRORS.REVIEW_ASSIGNMENT_NOT_FOUND;

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async partyAgencies(assignmentId: string): Promise<string[] | null> {
    const [row] = await this.txHost.tx.query<{ home_agency_id: string; partner_agency_id: string }[]>(
      `SELECT call.home_agency_id, call.partner_agency_id FROM review_assignment JOIN call ON call.id = review_assignment.call_id
       WHERE review_assignment.id = $1`,
      [assignmentId],
    );
    return row ? [row.home_agency_id, row.partner_agency_id] : null;
  }
}
