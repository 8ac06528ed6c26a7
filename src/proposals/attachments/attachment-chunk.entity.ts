import { Column, Entity, ManyToOne, PrimaryColumn } from 'typeorm';
import { Attachment } from './attachment.entity';

/**
 * One slice (about CHUNK_BYTES, 256 KiB) of an attachment's bytes. Stored in PostgreSQL so every API replica serves every file;
 * written and read a slice at a time, so a 20 MiB file is never held whole in memory.
 */
@Entity()
export class AttachmentChunk {
  @ManyToOne(() => Attachment, { onDelete: 'CASCADE' })
  attachment!: Attachment;

  @PrimaryColumn({ type: 'uuid' })
  attachmentId!: string;

  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  @Column({ type: 'bytea' })
  data!: Buffer;
}
