import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One of NSTC's Science and Technology Divisions abroad: its liaison offices. */
@Entity()
export class Office {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index({ unique: true })
  @Column({ length: 200 })
  name!: string;

  @Column({ length: 100 })
  city!: string;

  /** ISO 3166-1 alpha-2. */
  @Column({ type: 'char', length: 2 })
  country!: string;

  @Column({ length: 64 })
  timezone!: string;
}
