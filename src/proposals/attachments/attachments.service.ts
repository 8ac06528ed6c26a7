import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { fileTypeFromBuffer } from 'file-type';
import { AuditService } from '../../audit/audit.service';
import { Principal } from '../../common/access/principal';
import { discard } from '../../common/http/multipart';
import { assertPi } from '../proposal-access';
import { PROPOSAL_STATE, ProposalAction } from '../proposal-state';
import { PROPOSAL_ERRORS } from '../proposal.errors';
import { ProposalsService } from '../proposals.service';
import { AttachmentStore } from './attachment-store';
import { MAX_ATTACHMENT_BYTES } from './attachment.limits';
import { Attachment } from './attachment.entity';

const PDF = 'application/pdf';

export interface Upload {
  filename: string;
  content: Readable;
}

/** PDFs attached to a draft: one per kind of the call, checked by their content, not their name. */
@Injectable()
export class AttachmentsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly proposals: ProposalsService,
    private readonly store: AttachmentStore,
    private readonly audit: AuditService,
  ) {}

  /** Stores the upload as the proposal's attachment of this kind, replacing an earlier one. */
  @Transactional()
  async upload(user: Principal, proposalId: string, kind: string, upload: Upload): Promise<Attachment> {
    const { proposal, call } = await this.proposals.load(proposalId, true);
    assertPi(user, proposal, call);
    PROPOSAL_STATE.next(proposal.state, ProposalAction.Edit);
    if (!call.requiredAttachmentKinds.includes(kind)) {
      discard(upload.content);
      throw PROPOSAL_ERRORS.ATTACHMENT_KIND_UNKNOWN(
        `This call takes attachments of the kinds: ${call.requiredAttachmentKinds.join(', ')}`,
        [{ field: 'kind', message: `"${kind}" is not one of the call's attachment kinds` }],
      );
    }
    const stored = await this.storePdf(proposalId, kind, user.id, upload);
    await this.audit.record({
      actorId: user.id,
      entityType: 'PROPOSAL',
      entityId: proposalId,
      action: 'ATTACHMENT_UPLOADED',
      data: { kind, size: stored.size, sha256: stored.sha256 },
    });
    return stored;
  }

  /**
   * Stores a PDF as the proposal's attachment of this kind, replacing an earlier one, in the caller's transaction:
   * streamed in slices, refused unless its content is a PDF, refused (and rolled back) when over the size limit.
   * Award reports reuse it for their files (kinds report-interim and report-final).
   */
  async storePdf(proposalId: string, kind: string, uploadedById: string, upload: Upload): Promise<Attachment> {
    const attachments = this.txHost.tx.getRepository(Attachment);
    await attachments.delete({ proposalId, kind });
    const attachment = await attachments.save(
      attachments.create({
        proposalId,
        kind,
        filename: safeFilename(upload.filename),
        contentType: PDF,
        size: 0,
        sha256: '0'.repeat(64),
        uploadedById,
      }),
    );
    const stored = await this.store.write(attachment.id, upload.content, async (head) => {
      const detected = await fileTypeFromBuffer(head);
      if (detected?.mime !== PDF) {
        discard(upload.content);
        throw PROPOSAL_ERRORS.ATTACHMENT_NOT_PDF(
          `The file is ${detected ? detected.mime : 'not a recognisable type'}; attachments must be PDF documents`,
          [{ field: 'file', message: 'must be a PDF document (checked by content, not by name)' }],
        );
      }
    });
    // @fastify/multipart ends an over-long file stream quietly and flags it: refuse it, and roll the slices back.
    if ((upload.content as Readable & { truncated?: boolean }).truncated) {
      throw PROPOSAL_ERRORS.ATTACHMENT_TOO_LARGE(`Attachments may be at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MiB`, [
        { field: 'file', message: `must be at most ${MAX_ATTACHMENT_BYTES} bytes` },
      ]);
    }
    await attachments.update(attachment.id, stored);
    return { ...attachment, ...stored };
  }

  async download(user: Principal, proposalId: string, attachmentId: string): Promise<{ attachment: Attachment; content: Readable }> {
    const { proposal } = await this.proposals.getVisible(user, proposalId);
    const attachment = proposal.attachments.find((candidate) => candidate.id === attachmentId);
    if (!attachment) throw PROPOSAL_ERRORS.ATTACHMENT_NOT_FOUND();
    return { attachment, content: this.store.read(attachment.id) };
  }
}

/** Keeps a file name printable and header-safe; the content decides the type, so the extension is cosmetic. */
export const safeFilename = (name: string): string => {
  const printable = [...name.normalize('NFC')].map((character) => {
    const code = character.charCodeAt(0);
    return code < 32 || code === 127 || '"\\/'.includes(character) ? '_' : character;
  });
  return (printable.join('').trim() || 'attachment.pdf').slice(0, 255);
};
