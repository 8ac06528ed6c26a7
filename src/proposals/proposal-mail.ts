import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { In } from 'typeorm';
import { Call } from '../calls/call.entity';
import { EmailType, EmailVariables } from '../notifications/email-types';
import { PublicLinks } from '../notifications/links';
import { OutboxService, Recipient } from '../notifications/outbox.service';
import { Language } from '../common/identity/role';
import { User } from '../users/user.entity';
import { Proposal } from './proposal.entity';
import { Side, TeamMember, TeamRole } from './team-member.entity';

export interface PiRecipient extends Recipient {
  userId: string | null;
  side: Side;
}

/** A proposal's e-mails: who they go to, in which language, with deadlines in which time zones. */
@Injectable()
export class ProposalMail {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly outbox: OutboxService,
    readonly links: PublicLinks,
  ) {}

  /** Requests (in the caller's transaction) an e-mail about a proposal, seen in the log by both agencies of its call. */
  send<T extends EmailType>(
    type: T,
    to: Recipient,
    subject: { proposal: Pick<Proposal, 'id'>; call: Pick<Call, 'homeAgencyId' | 'partnerAgencyId'> },
    occurrence: string,
    variables: EmailVariables[T],
    sensitive = false,
  ): Promise<boolean> {
    const { proposal, call } = subject;
    return this.outbox.request({
      type,
      to: { email: to.email, name: to.name, language: to.language },
      about: { type: 'PROPOSAL', id: proposal.id },
      occurrence,
      variables,
      agencyIds: [call.homeAgencyId, call.partnerAgencyId],
      sensitive,
    });
  }

  proposalUrl(proposal: Pick<Proposal, 'id'>, language?: Language): string {
    return this.links.proposal(proposal.id, language);
  }

  /** The call's own zone, and for the partner side the partner agency's too. */
  timezones(call: Call, side: Side): string[] {
    return [...new Set(side === Side.Partner ? [call.timezone, call.partnerAgency.timezone] : [call.timezone])];
  }

  /** The PIs (confirmed or not) with each one's preferred language when they have an account. */
  async pis(team: TeamMember[]): Promise<PiRecipient[]> {
    const pis = team.filter((member) => member.role === TeamRole.PrincipalInvestigator);
    const userIds = pis.map((pi) => pi.userId).filter((id): id is string => id !== null);
    const users = userIds.length > 0 ? await this.txHost.tx.getRepository(User).findBy({ id: In(userIds) }) : [];
    return pis.map((pi) => {
      const user = users.find((candidate) => candidate.id === pi.userId);
      return {
        email: user?.email ?? pi.email,
        name: user?.name ?? pi.name,
        language: user?.language ?? Language.English,
        userId: pi.userId,
        side: pi.side,
      };
    });
  }
}
