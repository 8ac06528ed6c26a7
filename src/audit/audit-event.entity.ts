import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Every kind of entity whose history is kept; a module adds its own when it starts auditing one. */
export const AUDITED_ENTITY_TYPES = [
  'USER',
  'AGENCY',
  'OFFICE',
  'AGREEMENT',
  'CALL',
  'PROPOSAL',
  'WEBHOOK_ENDPOINT',
  'REVIEWER',
  'REVIEW_ASSIGNMENT',
  'INSTITUTION_ALIAS',
  'AWARD',
] as const;
export type AuditEntityType = (typeof AUDITED_ENTITY_TYPES)[number];

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

  @Column({ type: 'varchar', length: 40 })
  entityType!: AuditEntityType;

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
