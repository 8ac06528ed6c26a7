import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A funding agency: NSTC (the home agency) or a counterpart abroad. */
@Entity()
export class Agency {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Short stable code: NSTC, DFG, ANR. */
  @Index({ unique: true })
  @Column({ length: 20 })
  code!: string;

  @Column({ length: 200 })
  name!: string;

  /** ISO 3166-1 alpha-2, or a code such as EU for international organisations. */
  @Column({ type: 'char', length: 2 })
  country!: string;

  /** ISO 4217: the currency applicants request budgets from this agency in. */
  @Column({ type: 'char', length: 3 })
  currency!: string;

  /** IANA time zone, for deadlines shown to this agency's applicants. */
  @Column({ length: 64 })
  timezone!: string;

  @Column({ default: false })
  isHome!: boolean;
}
