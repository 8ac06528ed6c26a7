import { Injectable } from '@nestjs/common';
import { Call } from '../calls/call.entity';
import { displayMoney, fromCents, toCents } from '../common/money/money';
import { EmailType } from '../notifications/email-types';
import { Notifier } from '../notifications/notifier';
import { RecipientDirectory } from '../notifications/recipients';
import { ProposalMail } from '../proposals/proposal-mail';
import { Proposal } from '../proposals/proposal.entity';
import { Award } from '../awards/award.entity';
import { Report, ReportKind } from '../awards/report.entity';
import { Decision, DecisionKind } from './decision.entity';
import { JointOutcome } from './decision.rules';

export interface DecidedProposal {
  proposal: Proposal;
  outcome: Exclude<JointOutcome, JointOutcome.Undecided>;
  decisions: Decision[];
  award: (Award & { reports: Report[] }) | null;
  /** The reviewers' comments to the applicants, anonymous. */
  reviewComments: string[];
}

/**
 * What finalization tells people, in its transaction: a decision letter to both PIs of each decided proposal in
 * their language (both agencies' decisions, the project's dates and reports when awarded, the reviewers' comments
 * to the applicants without a name), and to each agency's officers a summary with their agency's figures.
 */
@Injectable()
export class DecisionLetters {
  constructor(
    private readonly mail: ProposalMail,
    private readonly notifier: Notifier,
    private readonly directory: RecipientDirectory,
  ) {}

  async letters(call: Call, decided: DecidedProposal[]): Promise<void> {
    const agencyName = (agencyId: string) => (agencyId === call.homeAgencyId ? call.homeAgency.name : call.partnerAgency.name);
    const currencyOf = (agencyId: string) => (agencyId === call.homeAgencyId ? call.homeAgency.currency : call.partnerAgency.currency);
    for (const { proposal, outcome, decisions, award, reviewComments } of decided) {
      const ordered = [call.homeAgencyId, call.partnerAgencyId].map((agencyId) =>
        decisions.find((decision) => decision.agencyId === agencyId)!,
      );
      const reports = award ? [...award.reports].sort((a, b) => +a.dueAt - +b.dueAt) : [];
      await this.mail.tell(EmailType.DecisionLetter, await this.mail.pis(proposal.team), { proposal, call }, 'decision-letter', (pi) => ({
        name: pi.name,
        proposalTitle: proposal.title,
        callTitle: call.title,
        awarded: outcome === JointOutcome.Awarded,
        rejected: outcome === JointOutcome.Rejected,
        waitlisted: outcome === JointOutcome.Waitlisted,
        decisions: ordered.map((decision) => ({
          agency: agencyName(decision.agencyId),
          funded: decision.kind === DecisionKind.Fund,
          rejected: decision.kind === DecisionKind.Reject,
          amount: decision.amount ? displayMoney({ amount: decision.amount, currency: currencyOf(decision.agencyId) }) : '',
        })),
        startsAt: award ? award.startsAt.toISOString() : '',
        endsAt: award ? award.endsAt.toISOString() : '',
        reports: reports.map((report) => ({ interim: report.kind === ReportKind.Interim, dueAt: report.dueAt.toISOString() })),
        timezone: call.timezone,
        reviewComments,
        detailsUrl: award ? this.mail.links.award(award.id, pi.language) : this.mail.proposalUrl(proposal, pi),
      }));
    }
  }

  async summaries(call: Call, decided: DecidedProposal[]): Promise<void> {
    const count = (outcome: JointOutcome) => decided.filter((entry) => entry.outcome === outcome).length;
    const awarded = decided.filter((entry) => entry.award !== null);
    for (const [agency, side] of [
      [call.homeAgency, 'home'],
      [call.partnerAgency, 'partner'],
    ] as const) {
      const amountOf = (award: Award) => (side === 'home' ? award.homeAmount : award.partnerAmount);
      const total = awarded.reduce((sum, entry) => sum + toCents(amountOf(entry.award!)), 0n);
      const budget = side === 'home' ? call.homeTotalBudget : call.partnerTotalBudget;
      await this.notifier.tell(
        EmailType.DecisionSummary,
        await this.directory.officersOf([agency.id]),
        { about: { type: 'CALL', id: call.id }, agencyIds: [agency.id] },
        'finalized',
        (officer) => ({
          name: officer.name,
          callTitle: call.title,
          agency: agency.name,
          awardedCount: count(JointOutcome.Awarded),
          rejectedCount: count(JointOutcome.Rejected),
          waitlistedCount: count(JointOutcome.Waitlisted),
          awardedTotal: displayMoney({ amount: fromCents(total), currency: agency.currency }),
          budget: displayMoney({ amount: budget, currency: agency.currency }),
          awards: awarded.map((entry) => ({
            proposalTitle: entry.proposal.title,
            amount: displayMoney({ amount: amountOf(entry.award!), currency: agency.currency }),
          })),
          callUrl: this.mail.links.call(call.id, officer.language),
        }),
      );
    }
  }
}
