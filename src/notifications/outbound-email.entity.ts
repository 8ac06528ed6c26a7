import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Language } from '../common/identity/role';

export enum EmailStatus {
  /** Committed, waiting to be relayed to the queue or retried. */
  Pending = 'PENDING',
  /** Claimed by a worker that is talking to the mail server. */
  Sending = 'SENDING',
  Sent = 'SENT',
  /** Every attempt failed; visible in the notification log. */
  Failed = 'FAILED',
}

/**
 * One e-mail occurrence: the outbox row written in the transaction of the change that causes it, and afterwards
 * its delivery log. The idempotency key (type, recipient, subject, occurrence) is unique, so the same occurrence
 * can never be requested, and therefore sent, twice.
 */
@Entity()
@Index('IDX_outbound_email_relay', ['relayAfter'], { where: `status = 'PENDING'` })
// The claims held right now: few, found without reading the sent ones when the relay looks for abandoned claims.
@Index('IDX_outbound_email_claimed', ['leaseUntil'], { where: `status = 'SENDING'` })
export class OutboundEmail {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index({ unique: true })
  @Column({ length: 400 })
  idempotencyKey!: string;

  @Column({ length: 60 })
  type!: string;

  @Column({ length: 254 })
  recipientEmail!: string;

  @Column({ length: 200 })
  recipientName!: string;

  @Column({ type: 'varchar', length: 5 })
  language!: Language;

  /** Template variables; cleared once sent when they hold a secret (a reset link). */
  @Column({ type: 'jsonb', nullable: true })
  variables!: object | null;

  @Column({ default: false })
  sensitive!: boolean;

  /** What the e-mail is about, for the log: PROPOSAL and its id. */
  @Column({ length: 40 })
  subjectType!: string;

  @Column({ type: 'uuid' })
  subjectId!: string;

  /** Agencies whose officers may see this e-mail in the log. */
  @Index('IDX_outbound_email_agencies', { synchronize: false })
  @Column({ type: 'uuid', array: true, default: [] })
  agencyIds!: string[];

  @Column({ type: 'enum', enum: EmailStatus, enumName: 'email_status', default: EmailStatus.Pending })
  status!: EmailStatus;

  @Column({ type: 'smallint', default: 0 })
  attempts!: number;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  /** When the relay may (re)hand this row to the queue: now for a new row, later while a job holds it. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  relayAfter!: Date;

  /** While SENDING: after this a crashed worker's claim may be taken over. */
  @Column({ type: 'timestamptz', nullable: true })
  leaseUntil!: Date | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  messageId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
