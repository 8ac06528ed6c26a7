import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** "NTU" stands for "National Taiwan University": kept by admins, applied when institutions are compared. */
@Entity()
export class InstitutionAlias {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ length: 300 })
  alias!: string;

  /** normaliseInstitution(alias): unique, so one alias stands for one institution. */
  @Index({ unique: true })
  @Column({ length: 300 })
  aliasKey!: string;

  @Column({ length: 300 })
  institution!: string;

  /** normaliseInstitution(institution). */
  @Index()
  @Column({ length: 300 })
  institutionKey!: string;

  @Column({ type: 'uuid', nullable: true })
  createdById!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
