import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One event as it happened, written in the transaction of the change; its deliveries fan out in the same one. */
@Entity()
@Index(['callId', 'sequence'])
export class WebhookEvent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Order of occurrence across the system; deliveries of one endpoint go out in this order. */
  @Column({ type: 'bigint', generatedIdentity: 'ALWAYS', generated: 'identity', unique: true })
  sequence!: string;

  @Column({ length: 60 })
  type!: string;

  @Column({ type: 'uuid' })
  callId!: string;

  @Column({ type: 'uuid', array: true })
  agencyIds!: string[];

  /** The exact body sent (and signed) on every attempt: `{ type, timestamp, data }`. */
  @Column({ type: 'text' })
  body!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  occurredAt!: Date;
}
