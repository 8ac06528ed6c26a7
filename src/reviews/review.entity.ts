import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  OneToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { ReviewAssignment } from './review-assignment.entity';

export enum Recommendation {
  Fund = 'FUND',
  FundIfPossible = 'FUND_IF_POSSIBLE',
  DoNotFund = 'DO_NOT_FUND',
}

/** Integer scores by the call's criterion keys. */
export type Scores = Record<string, number>;

/**
 * The review of one assignment: a draft from acceptance (saved with versions), final once submitted. The call,
 * proposal and reviewer's agency are copied from the assignment so that the ranking reads this table alone, through
 * IDX_review_ranking; `total` (0-100, the weighted mean of the scaled scores) is computed in SQL at submission.
 */
@Entity()
@Index('IDX_review_ranking', ['callId', 'proposalId'], { where: 'submitted_at IS NOT NULL' })
export class Review {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @OneToOne(() => ReviewAssignment, { onDelete: 'CASCADE' })
  @JoinColumn()
  assignment!: ReviewAssignment;

  /** Unique through the one-to-one relation. */
  @Column({ type: 'uuid' })
  assignmentId!: string;

  @Column({ type: 'uuid' })
  callId!: string;

  @Column({ type: 'uuid' })
  proposalId!: string;

  @Column({ type: 'uuid' })
  reviewerAgencyId!: string;

  @Column({ type: 'jsonb', default: {} })
  scores!: Scores;

  @Column({ type: 'enum', enum: Recommendation, enumName: 'review_recommendation', nullable: true })
  recommendation!: Recommendation | null;

  @Column({ type: 'text', default: '' })
  commentsToApplicants!: string;

  @Column({ type: 'text', default: '' })
  confidentialComments!: string;

  /** Exact (numeric), so that equal reviews tie exactly in the ranking. */
  @Column({ type: 'numeric', nullable: true })
  total!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @VersionColumn()
  version!: number;
}
