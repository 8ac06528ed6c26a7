import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DataSource } from 'typeorm';
import { Semaphore } from '../../common/concurrency/semaphore';
import { prepared } from '../../database/prepared';

/**
 * Slices are written once they reach this size: about what an upload holds in memory at a time (with the copies the
 * PostgreSQL protocol makes of a parameter while it is sent, three or four times this). 1 MiB slices made 20
 * parallel uploads grow the API by 130 MiB; a quarter of that keeps the growth to a few MiB per upload.
 */
export const CHUNK_BYTES = 256 * 1024;

/**
 * Slices being sent to PostgreSQL at once, across all uploads: each is copied twice more while it is sent, and an
 * upload waiting for its turn reads nothing more from its client (the bytes wait in the kernel's socket buffers,
 * not in this process), so the memory parallel uploads take stays bounded however many there are.
 */
const SLICE_WRITES = new Semaphore(4);

export interface StoredContent {
  size: number;
  sha256: string;
}

/**
 * Attachment bytes in PostgreSQL, where every API replica reaches them: written slice by slice from the upload
 * stream inside the caller's transaction, and read back slice by slice, so no file is ever held whole in memory.
 */
@Injectable()
export class AttachmentStore {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * Streams `content` into the attachment's slices. `inspect` sees the first slice before anything is written
   * (to check the file type by content) and may throw to refuse the file.
   */
  async write(attachmentId: string, content: AsyncIterable<Buffer>, inspect: (head: Buffer) => Promise<void>): Promise<StoredContent> {
    const hash = createHash('sha256');
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let seq = 0;
    let size = 0;
    const flush = async () => {
      const data = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      if (seq === 0) await inspect(data);
      const slice = seq++;
      await SLICE_WRITES.use(() =>
        prepared(this.txHost.tx, 'INSERT INTO attachment_chunk (attachment_id, seq, data) VALUES ($1, $2, $3)', [
          attachmentId,
          slice,
          data,
        ]),
      );
    };
    for await (const piece of content) {
      hash.update(piece);
      size += piece.length;
      pending.push(piece);
      pendingBytes += piece.length;
      if (pendingBytes >= CHUNK_BYTES) await flush();
    }
    if (pendingBytes > 0 || seq === 0) await flush();
    return { size, sha256: hash.digest('hex') };
  }

  /** Reads the content back one slice per query; the next slice is fetched only when the client has taken the last. */
  read(attachmentId: string): Readable {
    const dataSource = this.dataSource;
    return Readable.from(
      (async function* () {
        for (let seq = 0; ; seq++) {
          const [chunk] = await dataSource.query<{ data: Buffer }[]>(
            'SELECT data FROM attachment_chunk WHERE attachment_id = $1 AND seq = $2',
            [attachmentId, seq],
          );
          if (!chunk) return;
          yield chunk.data;
        }
      })(),
      { objectMode: false },
    );
  }
}
