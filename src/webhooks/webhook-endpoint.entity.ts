import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/**
 * An agency's receiver of events. The signing secret is kept encrypted (see webhook-secrets.ts) because the worker
 * must sign with it; it is shown to the officer once, when created or rotated. After a rotation the previous
 * secret signs too for a day, so the agency can switch without losing deliveries.
 */
@Entity()
@Index(['agencyId'])
export class WebhookEndpoint {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  agencyId!: string;

  @Column({ length: 2000 })
  url!: string;

  @Column({ type: 'varchar', length: 300, default: '' })
  description!: string;

  @Column({ type: 'text', array: true })
  eventTypes!: string[];

  @Column({ type: 'bytea', select: false })
  secretCiphertext!: Buffer;

  @Column({ type: 'bytea', nullable: true, select: false })
  previousSecretCiphertext!: Buffer | null;

  @Column({ type: 'timestamptz', nullable: true })
  previousSecretExpiresAt!: Date | null;

  @Column({ default: true })
  active!: boolean;

  /** Failed attempts in a row, across deliveries; reset by any success. */
  @Column({ type: 'integer', default: 0 })
  consecutiveFailures!: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  disabledReason!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  @Column({ type: 'uuid' })
  createdById!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @VersionColumn()
  version!: number;
}
