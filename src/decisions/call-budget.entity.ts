import { Check, Column, Entity, ManyToOne, PrimaryColumn } from 'typeorm';
import { Call } from '../calls/call.entity';

/**
 * An agency's budget ledger for one call: the call's total for that agency and the sum of its FUND decisions so
 * far. Every FUND decision moves `committed` with one conditional UPDATE of this row (budget-ledger.ts), and the
 * CHECK below makes a total exceeded impossible whatever the code does.
 */
@Entity()
@Check('CHK_call_budget_within_total', 'committed >= 0 AND committed <= total')
export class CallBudget {
  @ManyToOne(() => Call, { onDelete: 'CASCADE' })
  call!: Call;

  @PrimaryColumn({ type: 'uuid' })
  callId!: string;

  @PrimaryColumn({ type: 'uuid' })
  agencyId!: string;

  /** ISO 4217: the agency's currency. */
  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ type: 'numeric', precision: 15, scale: 2 })
  total!: string;

  /** The sum of the agency's FUND amounts in the call. */
  @Column({ type: 'numeric', precision: 15, scale: 2, default: 0 })
  committed!: string;
}
