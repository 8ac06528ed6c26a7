import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Call } from './call.entity';

/** One agency's approval of a call's text, as of one version; any later edit withdraws it. */
@Entity()
@Index(['callId', 'agencyId'], { unique: true })
export class CallApproval {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne('Call', (call: Call) => call.approvals, { onDelete: 'CASCADE' })
  call!: Call;

  @Column({ type: 'uuid' })
  callId!: string;

  @Column({ type: 'uuid' })
  agencyId!: string;

  @Column({ type: 'uuid' })
  officerId!: string;

  /** The call version the officer read and approved. */
  @Column({ type: 'integer' })
  callVersion!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  approvedAt!: Date;
}
