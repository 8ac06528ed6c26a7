import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { TeamMember } from './team-member.entity';

/** Only an invitation token's SHA-256 digest is stored. */
export const invitationDigest = (token: string) => createHash('sha256').update(token).digest();

/** What an invitation to a proposal proves of the person holding its token. */
@Injectable()
export class InvitationProof {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /**
   * Whether this unused invitation was e-mailed to this address: whoever holds its token reads that mailbox (the
   * token exists nowhere else), so registration may take the address as verified.
   */
  async provesAddress(proposalId: string, token: string, email: string): Promise<boolean> {
    const invitations = await this.txHost.tx
      .getRepository(TeamMember)
      .createQueryBuilder('member')
      .where('member.proposal_id = :proposalId AND member.invitation_digest = :digest AND member.confirmed_at IS NULL', {
        proposalId,
        digest: invitationDigest(token),
      })
      .andWhere('member.email = :email', { email: email.toLowerCase() })
      .getCount();
    return invitations > 0;
  }
}
