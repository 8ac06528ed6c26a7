import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Proposal } from '../proposal.entity';

/** A PDF attached to a proposal, one per kind; its bytes live in attachment_chunk rows (see AttachmentStorage). */
@Entity()
@Index(['proposalId', 'kind'], { unique: true })
export class Attachment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne('Proposal', (proposal: Proposal) => proposal.attachments, { onDelete: 'CASCADE' })
  proposal!: Proposal;

  @Column({ type: 'uuid' })
  proposalId!: string;

  /** One of the call's attachment kinds, e.g. project-description. */
  @Column({ length: 40 })
  kind!: string;

  @Column({ length: 255 })
  filename!: string;

  /** Detected from the content, not taken from the client. */
  @Column({ length: 100 })
  contentType!: string;

  @Column({ type: 'integer' })
  size!: number;

  /** Hex SHA-256 of the content. */
  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ type: 'uuid' })
  uploadedById!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  uploadedAt!: Date;
}
