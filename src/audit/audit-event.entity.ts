import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One state change: who, when, which entity, from which state to which, and why. Append-only. */
@Entity()
@Index(['entityType', 'entityId', 'occurredAt'])
export class AuditEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  occurredAt!: Date;

  /** Null when the system acted (a scheduled job). */
  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ length: 40 })
  entityType!: string;

  @Column({ type: 'uuid' })
  entityId!: string;

  /** What happened, in the domain's words: SUBMITTED, ROLE_GRANTED, PASSWORD_CHANGED. */
  @Column({ length: 60 })
  action!: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  fromState!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  toState!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  data!: Record<string, unknown> | null;
}
