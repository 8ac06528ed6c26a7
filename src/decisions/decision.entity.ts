import { Check, Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { Call } from '../calls/call.entity';
import { Proposal } from '../proposals/proposal.entity';

export enum DecisionKind {
  Fund = 'FUND',
  Reject = 'REJECT',
  Waitlist = 'WAITLIST',
}

/**
 * One agency's funding decision on one proposal: FUND (with the amount it grants, in its own currency), REJECT or
 * WAITLIST, with a note. Changed, against its version, until the call is finalized.
 */
@Entity()
@Index(['proposalId', 'agencyId'], { unique: true })
@Index(['callId', 'agencyId'])
@Check('CHK_decision_amount_iff_fund', `(kind = 'FUND') = (amount IS NOT NULL)`)
export class Decision {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne(() => Proposal, { onDelete: 'CASCADE' })
  proposal!: Proposal;

  @Column({ type: 'uuid' })
  proposalId!: string;

  /** The proposal's call, so that an agency's decisions in a call are summed without a join. */
  @ManyToOne(() => Call, { onDelete: 'RESTRICT' })
  call!: Call;

  @Column({ type: 'uuid' })
  callId!: string;

  @Column({ type: 'uuid' })
  agencyId!: string;

  @Column({ type: 'enum', enum: DecisionKind, enumName: 'decision_kind' })
  kind!: DecisionKind;

  /** FUND only: the amount granted, in the agency's currency, at most what was requested from it. */
  @Column({ type: 'numeric', precision: 15, scale: 2, nullable: true })
  amount!: string | null;

  @Column({ type: 'text', default: '' })
  note!: string;

  /** The officer who recorded it last. */
  @Column({ type: 'uuid' })
  officerId!: string;

  @Column({ type: 'timestamptz' })
  recordedAt!: Date;

  @VersionColumn()
  version!: number;
}
