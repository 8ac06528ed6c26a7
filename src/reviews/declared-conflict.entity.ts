import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';
import { DeclaredConflictKind } from './conflicts.rules';

/** A conflict a reviewer declared in advance: with one proposal, one person (by e-mail) or one institution. */
@Entity()
export class DeclaredConflict {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  reviewer!: User;

  @Index()
  @Column({ type: 'uuid' })
  reviewerId!: string;

  @Column({ type: 'enum', enum: DeclaredConflictKind, enumName: 'declared_conflict_kind' })
  kind!: DeclaredConflictKind;

  @Column({ type: 'uuid', nullable: true })
  proposalId!: string | null;

  /** Lower-cased. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  personEmail!: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  institution!: string | null;

  @Column({ type: 'text', default: '' })
  reason!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
