import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { WebhookDelivery } from './webhook-delivery.entity';

/** The log of one attempt: when, how it ended (status code or error) and how long the endpoint took. */
@Entity()
@Index(['deliveryId', 'attemptedAt'])
export class WebhookAttempt {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id!: string;

  @ManyToOne('WebhookDelivery', (delivery: WebhookDelivery) => delivery.attemptLog, { onDelete: 'CASCADE' })
  delivery!: WebhookDelivery;

  @Column({ type: 'uuid' })
  deliveryId!: string;

  @Column({ type: 'timestamptz' })
  attemptedAt!: Date;

  @Column({ type: 'smallint', nullable: true })
  statusCode!: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error!: string | null;

  @Column({ type: 'integer' })
  durationMs!: number;
}
