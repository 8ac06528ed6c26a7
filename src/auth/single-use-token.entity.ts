import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';

/** What a token of an e-mailed link does; a token is accepted only for its own purpose. */
export enum TokenPurpose {
  /** Choose a new password: a reset, or the first password of an account an officer opened for a reviewer. */
  PasswordReset = 'PASSWORD_RESET',
  /** Prove that the person who registered an account reads its mailbox. */
  EmailVerification = 'EMAIL_VERIFICATION',
}

/** A single-use token of an e-mailed link that expires: only the token's SHA-256 digest is stored. */
@Entity()
export class SingleUseToken {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index({ unique: true })
  @Column({ type: 'bytea' })
  digest!: Buffer;

  @Column({ type: 'varchar', length: 20 })
  purpose!: TokenPurpose;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  user!: User;

  @Index()
  @Column({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
