import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { DomainError } from '../common/errors/domain-error';
import { EmailType } from '../notifications/email-types';
import { Language } from '../common/identity/role';
import { User } from '../users/user.entity';
import { ConfirmParticipation, InvitePi } from './dto/proposal.dto';
import { assertPi } from './proposal-access';
import { ProposalDeadlines } from './proposal-deadlines';
import { ProposalMail } from './proposal-mail';
import { nextProposalState, ProposalAction } from './proposal-state';
import { ProposalContext, ProposalsService } from './proposals.service';
import { Side, TeamMember, TeamRole } from './team-member.entity';

const digestOf = (token: string) => createHash('sha256').update(token).digest();
const otherSide = (side: Side) => (side === Side.Home ? Side.Partner : Side.Home);
const invitationInvalid = () => new DomainError('INVITATION_INVALID', 'not-found', 'This invitation link is unknown or was already used');

/** The other PI: invited by e-mail, they join by confirming with the e-mailed token while signed in. */
@Injectable()
export class TeamService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly proposals: ProposalsService,
    private readonly deadlines: ProposalDeadlines,
    private readonly mail: ProposalMail,
    private readonly audit: AuditService,
  ) {}

  /** Invites (or re-invites) the PI of the other side; a new invitation replaces an unconfirmed one. */
  @Transactional()
  async invite(user: Principal, proposalId: string, invitee: InvitePi): Promise<ProposalContext> {
    const { proposal, call } = await this.proposals.load(proposalId, true);
    const inviter = assertPi(user, proposal, call);
    nextProposalState(proposal.state, ProposalAction.Edit);
    const side = otherSide(inviter.side);
    const team = this.txHost.tx.getRepository(TeamMember);
    const current = proposal.team.find((member) => member.role === TeamRole.PrincipalInvestigator && member.side === side);
    if (current?.confirmedAt)
      throw new DomainError('PI_ALREADY_CONFIRMED', 'conflict', 'The other principal investigator has already confirmed');
    if (current) await team.delete(current.id);

    const token = randomBytes(32).toString('base64url');
    const email = invitee.email.toLowerCase();
    await team.insert({
      ...invitee,
      email,
      country: invitee.country.toUpperCase(),
      proposalId,
      role: TeamRole.PrincipalInvestigator,
      side,
      invitationDigest: digestOf(token),
    });
    const account = await this.txHost.tx.getRepository(User).findOneBy({ email });
    await this.mail.send(
      EmailType.ProposalInvitation,
      { email, name: invitee.name, language: account?.language ?? Language.English },
      { proposal, call },
      `invitation-${digestOf(token).toString('hex').slice(0, 16)}`,
      {
        name: invitee.name,
        inviterName: inviter.name,
        callTitle: call.title,
        proposalTitle: proposal.title,
        confirmUrl: this.mail.links.proposalInvitation(proposal.id, token, account?.language ?? Language.English),
        closesAt: call.closesAt.toISOString(),
        timezones: this.mail.timezones(call, side),
      },
      true,
    );
    await this.audit.record({
      actorId: user.id,
      entityType: 'PROPOSAL',
      entityId: proposalId,
      action: 'PI_INVITED',
      data: { side, email },
    });
    return this.proposals.load(proposalId);
  }

  /** The invited PI, signed in, confirms with the token from the invitation; the proposal then becomes theirs too. */
  @Transactional()
  async confirm(user: Principal, proposalId: string, { token }: ConfirmParticipation): Promise<ProposalContext> {
    // No such proposal, a wrong token or a used one: the same answer, so that nobody learns whether a proposal exists.
    const { proposal, call } = await this.proposals.load(proposalId, true).catch((error: unknown) => {
      throw error instanceof DomainError && error.kind === 'not-found' ? invitationInvalid() : error;
    });
    const team = this.txHost.tx.getRepository(TeamMember);
    const invited = await team
      .createQueryBuilder('member')
      .where('member.proposal_id = :proposalId AND member.invitation_digest = :digest AND member.confirmed_at IS NULL', {
        proposalId,
        digest: digestOf(token),
      })
      .getOne();
    if (!invited) throw invitationInvalid();
    nextProposalState(proposal.state, ProposalAction.Edit);
    if (proposal.team.some((member) => member.userId === user.id && member.role === TeamRole.PrincipalInvestigator)) {
      throw new DomainError('ALREADY_PI', 'conflict', 'You are already the other principal investigator of this proposal');
    }
    const me = await this.txHost.tx.getRepository(User).findOneByOrFail({ id: user.id });
    await team.update(invited.id, { userId: user.id, name: me.name, email: me.email, confirmedAt: new Date(), invitationDigest: null });
    await this.deadlines.remind(proposalId, user.id, call);

    for (const pi of (await this.mail.pis(proposal.team)).filter((recipient) => recipient.userId && recipient.userId !== user.id)) {
      await this.mail.send(EmailType.PiConfirmed, pi, { proposal, call }, `confirmed-${invited.id}`, {
        name: pi.name,
        piName: me.name,
        proposalTitle: proposal.title,
        proposalUrl: this.mail.proposalUrl(proposal),
      });
    }
    await this.audit.record({
      actorId: user.id,
      entityType: 'PROPOSAL',
      entityId: proposalId,
      action: 'PI_CONFIRMED',
      data: { side: invited.side },
    });
    return this.proposals.load(proposalId);
  }
}
