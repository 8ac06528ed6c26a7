import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Agency } from '../reference-data/agency.entity';
import { Language, Role } from '../common/identity/role';

@Entity()
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stored lower-cased; unique. */
  @Index({ unique: true })
  @Column({ length: 254 })
  email!: string;

  @Column({ length: 200 })
  name!: string;

  @Column({ select: false })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 5, default: Language.English })
  language!: Language;

  @Column({ type: 'enum', enum: Role, enumName: 'role', array: true, default: [Role.Researcher] })
  roles!: Role[];

  /** The agency an officer works for. */
  @ManyToOne(() => Agency, { nullable: true, onDelete: 'RESTRICT' })
  agency!: Agency | null;

  @Column({ type: 'uuid', nullable: true })
  agencyId!: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  institution!: string | null;

  /** ISO 3166-1 alpha-2 country of the user's institution. */
  @Column({ type: 'char', length: 2, nullable: true })
  country!: string | null;

  /** Free keywords a reviewer is expert in; used to suggest reviewers. */
  @Column({ type: 'text', array: true, default: [] })
  expertise!: string[];

  @Column({ default: true })
  active!: boolean;

  /**
   * When the person proved they read this address. A self-registered account is unverified until its e-mailed link
   * is used, and cannot sign in before; accounts opened by an admin, an officer or the seed are verified at once.
   * Verified by default: only self-registration says otherwise, so no other way of opening an account (a seed, a
   * script, a bulk import) can make one that cannot sign in.
   */
  @Column({ type: 'timestamptz', nullable: true, default: () => 'now()' })
  emailVerifiedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @VersionColumn()
  version!: number;
}
