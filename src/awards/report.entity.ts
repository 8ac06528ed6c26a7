import { Column, Entity, Index, ManyToOne, OneToMany, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { Attachment } from '../proposals/attachments/attachment.entity';
import { Award } from './award.entity';
import { ReportState } from './report-state';
import type { ReportReview } from './report-review.entity';

export enum ReportKind {
  Interim = 'INTERIM',
  Final = 'FINAL',
}

/** A report an award owes: interim at half the duration, final three months after the end. */
@Entity()
@Index(['awardId', 'kind'], { unique: true })
export class Report {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne(() => Award, (award) => award.reports, { onDelete: 'CASCADE' })
  award!: Award;

  @Column({ type: 'uuid' })
  awardId!: string;

  @Column({ type: 'enum', enum: ReportKind, enumName: 'report_kind' })
  kind!: ReportKind;

  @Column({ type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'enum', enum: ReportState, enumName: 'report_state', default: ReportState.Due })
  state!: ReportState;

  /** How many times the PIs have submitted it; each agency's verdicts belong to one submission. */
  @Column({ type: 'smallint', default: 0 })
  submission!: number;

  /** The PDF last submitted: an attachment of the proposal (kind report-interim or report-final). */
  @ManyToOne(() => Attachment, { nullable: true, onDelete: 'SET NULL' })
  attachment!: Attachment | null;

  @Column({ type: 'uuid', nullable: true })
  attachmentId!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  acceptedAt!: Date | null;

  @OneToMany('ReportReview', (review: ReportReview) => review.report)
  reviews!: ReportReview[];

  @VersionColumn()
  version!: number;
}
