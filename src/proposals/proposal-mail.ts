import { Injectable } from '@nestjs/common';
import { Call } from '../calls/call.entity';
import { EmailType, EmailVariables } from '../notifications/email-types';
import { PublicLinks } from '../notifications/links';
import { MailContext, Notifier } from '../notifications/notifier';
import { Addressee, RecipientDirectory } from '../notifications/recipients';
import { Proposal } from './proposal.entity';
import { Side, TeamMember, TeamRole } from './team-member.entity';

export interface PiAddressee extends Addressee {
  side: Side;
}

/** A proposal's e-mails: who they go to, in which language, with deadlines in which time zones. */
@Injectable()
export class ProposalMail {
  constructor(
    private readonly directory: RecipientDirectory,
    private readonly notifier: Notifier,
    readonly links: PublicLinks,
  ) {}

  /** Requests (in the caller's transaction) e-mails about a proposal, seen in the log by both agencies of its call. */
  tell<T extends EmailType, A extends Addressee>(
    type: T,
    recipients: readonly A[],
    subject: { proposal: Pick<Proposal, 'id'>; call: Pick<Call, 'homeAgencyId' | 'partnerAgencyId'> },
    occurrence: string,
    variables: (to: A) => EmailVariables[T],
    options: { sensitive?: boolean } = {},
  ): Promise<number> {
    return this.notifier.tell(type, recipients, this.context(subject), occurrence, variables, options);
  }

  context({ proposal, call }: { proposal: Pick<Proposal, 'id'>; call: Pick<Call, 'homeAgencyId' | 'partnerAgencyId'> }): MailContext {
    return { about: { type: 'PROPOSAL', id: proposal.id }, agencyIds: [call.homeAgencyId, call.partnerAgencyId] };
  }

  proposalUrl(proposal: Pick<Proposal, 'id'>, to: Addressee): string {
    return this.links.proposal(proposal.id, to.language);
  }

  /** The call's own zone, and for the partner side the partner agency's too. */
  timezones(call: Call, side: Side): string[] {
    return [...new Set(side === Side.Partner ? [call.timezone, call.partnerAgency.timezone] : [call.timezone])];
  }

  /**
   * The PIs (confirmed or invited), each addressed as their account when they have one; an invited PI not yet
   * confirmed is addressed by the invited address (in their account's language if that address has one).
   */
  async pis(team: TeamMember[]): Promise<PiAddressee[]> {
    const pis = team.filter((member) => member.role === TeamRole.PrincipalInvestigator);
    const accounts = await this.directory.accounts(pis.map((pi) => pi.userId).filter((id): id is string => id !== null));
    const addressed: PiAddressee[] = [];
    for (const pi of pis) {
      const account = pi.userId ? accounts.get(pi.userId) : undefined;
      addressed.push({ ...(account ?? (await this.directory.person(pi))), side: pi.side });
    }
    return addressed;
  }

  /** The officers of the call's two agencies. */
  officers(call: Pick<Call, 'homeAgencyId' | 'partnerAgencyId'>): Promise<Addressee[]> {
    return this.directory.officersOf([call.homeAgencyId, call.partnerAgencyId]);
  }
}
