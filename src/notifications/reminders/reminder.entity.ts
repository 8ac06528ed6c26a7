import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum ReminderStatus {
  Pending = 'PENDING',
  /** Its handler found the reason still standing and requested the e-mails. */
  Fired = 'FIRED',
  /** Its reason was gone at its time (draft submitted, review done, deadline moved). */
  Obsolete = 'OBSOLETE',
  Cancelled = 'CANCELLED',
}

/**
 * "At `dueAt`, remind the recipient about the subject, unless it no longer needs it." Written in the feature's
 * transaction; the sweep reads only due rows through a partial index, so its cost follows what is due, not what
 * is pending.
 */
@Entity()
@Index('UQ_reminder_occurrence', ['kind', 'subjectType', 'subjectId', 'recipientId'], { unique: true })
@Index('IDX_reminder_due', ['dueAt'], { where: `status = 'PENDING'` })
export class Reminder {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** What to remind of, e.g. CALL_DEADLINE_7D; a handler registered for the kind decides and writes the e-mail. */
  @Column({ length: 60 })
  kind!: string;

  @Column({ length: 40 })
  subjectType!: string;

  @Column({ type: 'uuid' })
  subjectId!: string;

  @Column({ type: 'uuid' })
  recipientId!: string;

  @Column({ type: 'timestamptz' })
  dueAt!: Date;

  /**
   * What the reason looked like when scheduled (e.g. the deadline). The handler compares it with today's state:
   * a deadline moved without rescheduling is not reminded of at the old time.
   */
  @Column({ type: 'jsonb', default: {} })
  expectation!: Record<string, string | number | boolean | null>;

  @Column({ type: 'enum', enum: ReminderStatus, enumName: 'reminder_status', default: ReminderStatus.Pending })
  status!: ReminderStatus;

  @Column({ type: 'timestamptz', nullable: true })
  settledAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
