import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Call } from '../calls/call.entity';
import { Attachment } from './attachments/attachment.entity';
import { EligibilityVerdict } from './eligibility-verdict.entity';
import { ProposalState } from './proposal-state';
import { TeamMember } from './team-member.entity';

const money = { type: 'numeric', precision: 15, scale: 2, nullable: true } as const;

/** A joint proposal by a home PI (Taiwan) and a partner PI, each asking their own agency for a budget. */
@Entity()
@Index(['callId', 'state'])
export class Proposal {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne(() => Call, { onDelete: 'RESTRICT' })
  call!: Call;

  @Column({ type: 'uuid' })
  callId!: string;

  @Column({ type: 'enum', enum: ProposalState, enumName: 'proposal_state', default: ProposalState.Draft })
  state!: ProposalState;

  @Column({ length: 300 })
  title!: string;

  @Column({ type: 'varchar', length: 30, nullable: true })
  acronym!: string | null;

  @Column({ type: 'text', default: '' })
  abstract!: string;

  @Column({ type: 'text', array: true, default: [] })
  keywords!: string[];

  @Column({ type: 'varchar', length: 100, nullable: true })
  scientificField!: string | null;

  @Column({ type: 'smallint', nullable: true })
  durationMonths!: number | null;

  /** Requested from NSTC, in TWD. */
  @Column(money)
  homeBudget!: string | null;

  /** Requested from the partner agency, in its currency. */
  @Column(money)
  partnerBudget!: string | null;

  @OneToMany(() => TeamMember, (member) => member.proposal)
  team!: TeamMember[];

  @OneToMany(() => Attachment, (attachment) => attachment.proposal)
  attachments!: Attachment[];

  @OneToMany(() => EligibilityVerdict, (verdict) => verdict.proposal)
  verdicts!: EligibilityVerdict[];

  @Column({ type: 'uuid' })
  createdById!: string;

  /** Set by the database clock inside the submitting transaction. */
  @Column({ type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @VersionColumn()
  version!: number;
}
