import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Proposal } from './proposal.entity';

export enum TeamRole {
  PrincipalInvestigator = 'PI',
  CoInvestigator = 'CO_INVESTIGATOR',
}

/** HOME is the Taiwanese side (NSTC), PARTNER the counterpart's. */
export enum Side {
  Home = 'HOME',
  Partner = 'PARTNER',
}

/** A person on a proposal's team. The other PI is invited by e-mail and becomes a member on confirming. */
@Entity()
@Index('UQ_team_member_pi_side', ['proposalId', 'side'], { unique: true, where: `role = 'PI'` })
@Index(['userId'])
export class TeamMember {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne('Proposal', (proposal: Proposal) => proposal.team, { onDelete: 'CASCADE' })
  proposal!: Proposal;

  @Index()
  @Column({ type: 'uuid' })
  proposalId!: string;

  @Column({ type: 'enum', enum: TeamRole, enumName: 'team_role' })
  role!: TeamRole;

  @Column({ type: 'enum', enum: Side, enumName: 'side' })
  side!: Side;

  /** The account, once a PI has confirmed; co-investigators need none. */
  @Column({ type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ length: 200 })
  name!: string;

  @Column({ length: 254 })
  email!: string;

  @Column({ length: 300 })
  institution!: string;

  @Column({ type: 'char', length: 2 })
  country!: string;

  /** SHA-256 of the invitation token e-mailed to an invited PI. */
  @Column({ type: 'bytea', nullable: true, select: false })
  invitationDigest!: Buffer | null;

  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
