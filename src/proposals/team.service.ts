import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditService } from '../audit/audit.service';
import { Principal } from '../common/access/principal';
import { DomainError } from '../common/errors/domain-error';
import { Clock } from '../common/time/clock';
import { EmailType } from '../notifications/email-types';
import { RecipientDirectory } from '../notifications/recipients';
import { User } from '../users/user.entity';
import { ConfirmParticipation, InvitePi } from './dto/proposal.dto';
import { assertPi } from './proposal-access';
import { ProposalDeadlines } from './proposal-deadlines';
import { ProposalMail } from './proposal-mail';
import { PROPOSAL_STATE, ProposalAction } from './proposal-state';
import { PROPOSAL_ERRORS } from './proposal.errors';
import { ProposalContext, ProposalsService } from './proposals.service';
import { invitationDigest as digestOf } from './invitation-proof';
import { Side, TeamMember, TeamRole } from './team-member.entity';

const otherSide = (side: Side) => (side === Side.Home ? Side.Partner : Side.Home);

/** The other PI: invited by e-mail, they join by confirming with the e-mailed token while signed in. */
@Injectable()
export class TeamService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly proposals: ProposalsService,
    private readonly deadlines: ProposalDeadlines,
    private readonly mail: ProposalMail,
    private readonly audit: AuditService,
    private readonly directory: RecipientDirectory,
    private readonly clock: Clock,
  ) {}

  /** Invites (or re-invites) the PI of the other side; a new invitation replaces an unconfirmed one. */
  @Transactional()
  async invite(user: Principal, proposalId: string, invitee: InvitePi): Promise<ProposalContext> {
    const { proposal, call } = await this.proposals.load(proposalId, true);
    const inviter = assertPi(user, proposal, call);
    PROPOSAL_STATE.next(proposal.state, ProposalAction.Edit);
    const side = otherSide(inviter.side);
    const team = this.txHost.tx.getRepository(TeamMember);
    const current = proposal.team.find((member) => member.role === TeamRole.PrincipalInvestigator && member.side === side);
    if (current?.confirmedAt) throw PROPOSAL_ERRORS.PI_ALREADY_CONFIRMED();
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
    const addressee = { ...(await this.directory.person({ ...invitee, email })), name: invitee.name };
    await this.mail.tell(
      EmailType.ProposalInvitation,
      [addressee],
      { proposal, call },
      `invitation-${digestOf(token).toString('hex').slice(0, 16)}`,
      (to) => ({
        name: invitee.name,
        inviterName: inviter.name,
        callTitle: call.title,
        proposalTitle: proposal.title,
        confirmUrl: this.mail.links.proposalInvitation(proposal.id, token, to.language),
        closesAt: call.closesAt.toISOString(),
        timezones: this.mail.timezones(call, side),
      }),
      { sensitive: true },
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
      throw error instanceof DomainError && error.code === PROPOSAL_ERRORS.PROPOSAL_NOT_FOUND.code
        ? PROPOSAL_ERRORS.INVITATION_INVALID()
        : error;
    });
    const team = this.txHost.tx.getRepository(TeamMember);
    const invited = await team
      .createQueryBuilder('member')
      .where('member.proposal_id = :proposalId AND member.invitation_digest = :digest AND member.confirmed_at IS NULL', {
        proposalId,
        digest: digestOf(token),
      })
      .getOne();
    if (!invited) throw PROPOSAL_ERRORS.INVITATION_INVALID();
    PROPOSAL_STATE.next(proposal.state, ProposalAction.Edit);
    if (proposal.team.some((member) => member.userId === user.id && member.role === TeamRole.PrincipalInvestigator)) {
      throw PROPOSAL_ERRORS.ALREADY_PI();
    }
    const me = await this.txHost.tx.getRepository(User).findOneByOrFail({ id: user.id });
    await team.update(invited.id, {
      userId: user.id,
      name: me.name,
      email: me.email,
      confirmedAt: this.clock.now(),
      invitationDigest: null,
    });
    await this.deadlines.remind(proposalId, user.id, call);

    const others = (await this.mail.pis(proposal.team)).filter((pi) => pi.userId && pi.userId !== user.id);
    await this.mail.tell(EmailType.PiConfirmed, others, { proposal, call }, `confirmed-${invited.id}`, (pi) => ({
      name: pi.name,
      piName: me.name,
      proposalTitle: proposal.title,
      proposalUrl: this.mail.proposalUrl(proposal, pi),
    }));
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
