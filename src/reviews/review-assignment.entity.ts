import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Call } from '../calls/call.entity';
import { Proposal } from '../proposals/proposal.entity';
import { Agency } from '../reference-data/agency.entity';
import { User } from '../users/user.entity';
import { ReviewAssignmentState } from './review-assignment-state';

/**
 * A reviewer asked by an officer to review one proposal by a due date. One live assignment (not declined or removed)
 * per reviewer and proposal, enforced by a partial unique index so that two officers cannot assign the same person
 * twice at once. The call and the reviewer's recruiting agency are copied in for the load cap and the ranking.
 */
@Entity()
@Index('UQ_review_assignment_live', ['proposalId', 'reviewerId'], { unique: true, where: `state IN ('INVITED', 'ACCEPTED', 'SUBMITTED')` })
@Index(['reviewerId', 'callId'])
@Index(['proposalId', 'createdAt'])
export class ReviewAssignment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne(() => Proposal, { onDelete: 'RESTRICT' })
  proposal!: Proposal;

  @Column({ type: 'uuid' })
  proposalId!: string;

  @ManyToOne(() => Call, { onDelete: 'RESTRICT' })
  call!: Call;

  @Column({ type: 'uuid' })
  callId!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  reviewer!: User;

  @Column({ type: 'uuid' })
  reviewerId!: string;

  /** The agency that recruited the reviewer, when assigned: the ranking's mean by agency. */
  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  reviewerAgency!: Agency;

  @Column({ type: 'uuid' })
  reviewerAgencyId!: string;

  @Column({ type: 'enum', enum: ReviewAssignmentState, enumName: 'review_assignment_state', default: ReviewAssignmentState.Invited })
  state!: ReviewAssignmentState;

  @Column({ type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'uuid' })
  assignedById!: string;

  /** When the reviewer accepted or declined. */
  @Column({ type: 'timestamptz', nullable: true })
  respondedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  declineReason!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  removedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  removalReason!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @VersionColumn()
  version!: number;
}
