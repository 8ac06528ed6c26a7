import { Column, CreateDateColumn, Entity, Index, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { Call } from '../calls/call.entity';
import { Proposal } from '../proposals/proposal.entity';
import type { Report } from './report.entity';

const money = { type: 'numeric', precision: 15, scale: 2 } as const;

/**
 * A project both agencies fund, created when its call is finalized: each agency's amount in its own currency, the
 * project's dates, and its reports.
 */
@Entity()
export class Award {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne(() => Proposal, { onDelete: 'RESTRICT' })
  proposal!: Proposal;

  @Index({ unique: true })
  @Column({ type: 'uuid' })
  proposalId!: string;

  @ManyToOne(() => Call, { onDelete: 'RESTRICT' })
  call!: Call;

  @Index()
  @Column({ type: 'uuid' })
  callId!: string;

  /** Granted by NSTC, in its currency. */
  @Column(money)
  homeAmount!: string;

  @Column({ type: 'char', length: 3 })
  homeCurrency!: string;

  /** Granted by the partner agency, in its currency. */
  @Column(money)
  partnerAmount!: string;

  @Column({ type: 'char', length: 3 })
  partnerCurrency!: string;

  /** The call's projectStartsAt. */
  @Column({ type: 'timestamptz' })
  startsAt!: Date;

  /** startsAt plus the proposal's duration, in the call's time zone. */
  @Column({ type: 'timestamptz' })
  endsAt!: Date;

  @OneToMany('Report', (report: Report) => report.award)
  reports!: Report[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
