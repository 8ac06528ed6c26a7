import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Proposal } from './proposal.entity';

/** One agency's verdict on its own applicant's eligibility, with its reason. */
@Entity()
@Index(['proposalId', 'agencyId'], { unique: true })
export class EligibilityVerdict {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne('Proposal', (proposal: Proposal) => proposal.verdicts, { onDelete: 'CASCADE' })
  proposal!: Proposal;

  @Column({ type: 'uuid' })
  proposalId!: string;

  @Column({ type: 'uuid' })
  agencyId!: string;

  @Column()
  eligible!: boolean;

  @Column({ type: 'text' })
  reason!: string;

  /** The officer who recorded it last. */
  @Column({ type: 'uuid' })
  officerId!: string;

  /** When the verdict was last recorded or corrected. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;
}
