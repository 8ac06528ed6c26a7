import { Column, CreateDateColumn, Entity, Index, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { WebhookAttempt } from './webhook-attempt.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookEvent } from './webhook-event.entity';

export enum DeliveryStatus {
  /** Waiting for its turn or its next attempt. */
  Pending = 'PENDING',
  /** Claimed by a worker that is talking to the endpoint. */
  Sending = 'SENDING',
  Delivered = 'DELIVERED',
  /** Every attempt failed. An officer may replay it. */
  Failed = 'FAILED',
}

/**
 * One event for one endpoint. Its id is the `webhook-id` header of every attempt, so a receiver recognises a retry
 * (or a replay) of what it already has.
 */
@Entity()
@Index(['eventId', 'endpointId'], { unique: true })
@Index('IDX_webhook_delivery_queue', ['endpointId', 'sequence'], { where: `status IN ('PENDING', 'SENDING')` })
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne(() => WebhookEvent, { onDelete: 'CASCADE' })
  event!: WebhookEvent;

  @Column({ type: 'uuid' })
  eventId!: string;

  @ManyToOne(() => WebhookEndpoint, { onDelete: 'CASCADE' })
  endpoint!: WebhookEndpoint;

  @Column({ type: 'uuid' })
  endpointId!: string;

  /** The event's sequence, copied so that an endpoint's queue is one index range. */
  @Column({ type: 'bigint' })
  sequence!: string;

  @Column({ type: 'enum', enum: DeliveryStatus, enumName: 'webhook_delivery_status', default: DeliveryStatus.Pending })
  status!: DeliveryStatus;

  @Column({ type: 'smallint', default: 0 })
  attempts!: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  /** While SENDING: after this a crashed worker's claim may be taken over. */
  @Column({ type: 'timestamptz', nullable: true })
  leaseUntil!: Date | null;

  @Column({ type: 'smallint', nullable: true })
  lastStatusCode!: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @OneToMany(() => WebhookAttempt, (attempt) => attempt.delivery)
  attemptLog!: WebhookAttempt[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
