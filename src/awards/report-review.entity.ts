import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Report } from './report.entity';

export enum ReportVerdict {
  Accepted = 'ACCEPTED',
  RevisionRequested = 'REVISION_REQUESTED',
}

/** One agency's verdict on one submission of a report: accepted, or a revision requested with a comment. */
@Entity()
@Index(['reportId', 'submission', 'agencyId'], { unique: true })
export class ReportReview {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne('Report', (report: Report) => report.reviews, { onDelete: 'CASCADE' })
  report!: Report;

  @Column({ type: 'uuid' })
  reportId!: string;

  @Column({ type: 'smallint' })
  submission!: number;

  @Column({ type: 'uuid' })
  agencyId!: string;

  @Column({ type: 'enum', enum: ReportVerdict, enumName: 'report_verdict' })
  verdict!: ReportVerdict;

  /** What the agency asks to be revised; may be empty on an acceptance. */
  @Column({ type: 'text', default: '' })
  comment!: string;

  @Column({ type: 'uuid' })
  officerId!: string;

  @Column({ type: 'timestamptz' })
  recordedAt!: Date;
}
