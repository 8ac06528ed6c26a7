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
import { Agency } from '../reference-data/agency.entity';
import { Agreement } from '../reference-data/agreement.entity';
import { CallApproval } from './call-approval.entity';
import { CallState } from './call-state';

export enum Instrument {
  JointResearch = 'JOINT_RESEARCH',
  JointWorkshop = 'JOINT_WORKSHOP',
  Mobility = 'MOBILITY',
  Training = 'TRAINING',
}

export interface ReviewCriterion {
  key: string;
  label: string;
  weight: number;
  scaleMax: number;
}

/** numeric(15,2) travels as a string: exact, never a float. */
const money = { type: 'numeric', precision: 15, scale: 2 } as const;

/** A joint call for proposals between NSTC (home) and one partner agency. */
@Entity()
@Index('IDX_call_closing', ['closesAt'], { where: `state = 'PUBLISHED'` })
export class Call {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ length: 300 })
  title!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'enum', enum: Instrument, enumName: 'instrument' })
  instrument!: Instrument;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  homeAgency!: Agency;

  @Column({ type: 'uuid' })
  homeAgencyId!: string;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  partnerAgency!: Agency;

  @Index()
  @Column({ type: 'uuid' })
  partnerAgencyId!: string;

  @ManyToOne(() => Agreement, { nullable: true, onDelete: 'RESTRICT' })
  agreement!: Agreement | null;

  @Column({ type: 'uuid', nullable: true })
  agreementId!: string | null;

  @Column({ type: 'text', array: true, default: [] })
  scientificFields!: string[];

  @Column({ type: 'timestamptz' })
  opensAt!: Date;

  @Column({ type: 'timestamptz' })
  closesAt!: Date;

  /** IANA zone the call's dates are shown in (letters, calendar). */
  @Column({ length: 64 })
  timezone!: string;

  @Column({ type: 'timestamptz' })
  reviewDueAt!: Date;

  @Column({ type: 'timestamptz' })
  decisionExpectedAt!: Date;

  /** When the awarded projects start; their end is this plus each proposal's duration. */
  @Column({ type: 'timestamptz' })
  projectStartsAt!: Date;

  @Column({ type: 'smallint' })
  durationLimitMonths!: number;

  /** Caps in the home agency's currency. */
  @Column(money)
  homeMaxPerProposal!: string;

  @Column(money)
  homeTotalBudget!: string;

  /** Caps in the partner agency's currency. */
  @Column(money)
  partnerMaxPerProposal!: string;

  @Column(money)
  partnerTotalBudget!: string;

  @Column({ type: 'jsonb', default: [] })
  reviewCriteria!: ReviewCriterion[];

  @Column({ type: 'text', array: true, default: [] })
  requiredAttachmentKinds!: string[];

  @Column({ type: 'smallint', default: 2 })
  minReviewsPerProposal!: number;

  /** The most assignments one reviewer may hold in this call (declined and removed ones do not count). */
  @Column({ type: 'smallint', default: 10 })
  maxAssignmentsPerReviewer!: number;

  @Column({ type: 'enum', enum: CallState, enumName: 'call_state', default: CallState.Draft })
  state!: CallState;

  @OneToMany(() => CallApproval, (approval) => approval.call)
  approvals!: CallApproval[];

  @Column({ type: 'uuid' })
  createdById!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @VersionColumn()
  version!: number;
}
