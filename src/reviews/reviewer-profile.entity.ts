import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Agency } from '../reference-data/agency.entity';
import { User } from '../users/user.entity';

/**
 * What a reviewer offers and where they stand: expertise (keywords and a description, searched in full text),
 * institution, e-mail domain and country (for conflicts of interest), and the agency that recruited them, whose pool
 * they are in. One per reviewer account.
 */
@Entity()
@Index('IDX_reviewer_profile_expertise_vector', ['expertiseVector'], { type: 'gin' })
@Index('IDX_reviewer_profile_expertise_keywords', ['expertiseKeywords'], { type: 'gin' })
export class ReviewerProfile {
  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  user!: User;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  recruitingAgency!: Agency;

  @Index()
  @Column({ type: 'uuid' })
  recruitingAgencyId!: string;

  @Column({ length: 300 })
  institution!: string;

  /** The institution's mail domain (e.g. kit.edu), compared with the team's addresses; webmail domains never match. */
  @Column({ length: 253 })
  emailDomain!: string;

  @Column({ type: 'char', length: 2 })
  country!: string;

  /** Lower-cased, trimmed, distinct: compared with the proposals' keywords as they are. */
  @Column({ type: 'text', array: true, default: [] })
  expertiseKeywords!: string[];

  @Column({ type: 'text', default: '' })
  expertiseDescription!: string;

  /** The keywords and the description as an English tsvector (EXPERTISE_VECTOR_SQL), rewritten with every change. */
  @Column({ type: 'tsvector', nullable: true, select: false })
  expertiseVector!: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdById!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @VersionColumn()
  version!: number;
}

/** The reviewer's expertise document, from the row's own columns: what suggestions rank against a proposal. */
export const EXPERTISE_VECTOR_SQL = `setweight(to_tsvector('english', array_to_string(expertise_keywords, ' ')), 'A') || setweight(to_tsvector('english', expertise_description), 'B')`;
