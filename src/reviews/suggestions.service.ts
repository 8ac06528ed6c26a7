import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Principal } from '../common/access/principal';
import { PROPOSAL_ACCESS } from '../proposals/proposal-access';
import { PROPOSAL_ERRORS } from '../proposals/proposal.errors';
import { ProposalsService } from '../proposals/proposals.service';
import { ConflictsService } from './conflicts.service';
import { SuggestionQuery, SuggestionsView } from './dto/suggestion.dto';
import { SUGGESTIONS_SQL, suggestionParameters, SuggestionRow } from './suggestions.sql';

/**
 * Reviewers to suggest for a proposal: those of the call's two pools under its load cap, ranked by expertise fit in
 * PostgreSQL (suggestions.sql.ts), without a conflict of interest (conflicts.rules.ts, judged on each batch).
 */
@Injectable()
export class SuggestionsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly proposals: ProposalsService,
    private readonly conflicts: ConflictsService,
  ) {}

  async suggest(user: Principal, callId: string, { proposalId, limit }: SuggestionQuery): Promise<SuggestionsView> {
    const { proposal, call } = await this.proposals.load(proposalId);
    if (proposal.callId !== callId) throw PROPOSAL_ERRORS.PROPOSAL_NOT_FOUND();
    PROPOSAL_ACCESS.assert(user, 'actAsOfficer', { proposal, call });
    const suggested: SuggestionRow[] = [];
    let conflicted = 0;
    // Batches larger than asked for, so that a few conflicted reviewers cost no second round trip.
    const batch = limit * 2 + 10;
    for (let offset = 0; suggested.length < limit; offset += batch) {
      const rows = await this.txHost.tx.query<SuggestionRow[]>(SUGGESTIONS_SQL, suggestionParameters(proposal.id, call, batch, offset));
      const found = await this.conflicts.check(
        proposal,
        rows.map((row) => ({ userId: row.reviewerId, email: row.email, emailDomain: row.emailDomain, institution: row.institution })),
      );
      for (const row of rows) {
        if ((found.get(row.reviewerId) ?? []).length > 0) conflicted++;
        else if (suggested.length < limit) suggested.push(row);
      }
      if (rows.length < batch) break;
    }
    return {
      proposalId: proposal.id,
      maxAssignmentsPerReviewer: call.maxAssignmentsPerReviewer,
      conflictedLeftOut: conflicted,
      items: suggested.map(({ email: _email, emailDomain: _domain, ...row }) => row),
    };
  }
}
