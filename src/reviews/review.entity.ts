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
 * IDX_review_ranking (an index-only scan: it includes the total and the agency); `total` (0-100, the weighted mean of the scaled scores) is computed in SQL at submission.
 */
@Entity()
// (call_id, proposal_id) INCLUDE (total, reviewer_agency_id) WHERE submitted_at IS NOT NULL: written in the migration by
// hand, as TypeORM cannot declare INCLUDE, and left alone by migration:generate.
@Index('IDX_review_ranking', { synchronize: false })
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

  /** 0-100, to four decimals (numeric), so that equal reviews have equal totals and tie exactly in the ranking. */
  @Column({ type: 'numeric', precision: 7, scale: 4, nullable: true })
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
