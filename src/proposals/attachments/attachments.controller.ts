import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated, Roles } from '../../common/access/access.decorators';
import { CurrentUser, Principal } from '../../common/access/principal';
import { COMMON_ERRORS } from '../../common/errors/common.errors';
import { filePart } from '../../common/http/multipart';
import { PROPOSAL_ERRORS } from '../proposal.errors';
import { Role } from '../../common/identity/role';
import { AttachmentView, ProposalView } from '../dto/proposal.view';
import { ProposalsService } from '../proposals.service';
import { AttachmentsService } from './attachments.service';

const KIND = /^[a-z][a-z0-9-]{0,39}$/;

@ApiTags('proposals')
@Controller('proposals/:id/attachments')
export class AttachmentsController {
  constructor(
    private readonly attachments: AttachmentsService,
    private readonly proposals: ProposalsService,
  ) {}

  /**
   * Upload the proposal's PDF of one kind (at most 20 MiB), replacing an earlier one
   * @remarks Streamed into storage; the file part is never buffered whole.
   */
  @Post()
  @Roles(Role.Researcher)
  @ApiConsumes('multipart/form-data')
  @ApiQuery({ name: 'kind', description: "One of the call's attachment kinds", example: 'project-description' })
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } })
  async upload(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Query('kind') kind: string,
    @Req() request: FastifyRequest,
  ): Promise<AttachmentView> {
    if (typeof kind !== 'string' || !KIND.test(kind)) {
      throw COMMON_ERRORS.VALIDATION_FAILED('Name the attachment kind: ?kind=project-description', [
        { field: 'kind', message: 'kind must be one of the call attachment kinds' },
      ]);
    }
    const file = await filePart(request);
    if (!file) throw PROPOSAL_ERRORS.ATTACHMENT_MISSING([{ field: 'file', message: 'no file was sent' }]);
    return AttachmentView.of(await this.attachments.upload(user, id, kind, file));
  }

  /** List a proposal's attachments */
  @Get()
  @Authenticated()
  async list(@CurrentUser() user: Principal, @Param('id', ParseUUIDPipe) id: string) {
    const { proposal, call } = await this.proposals.getVisible(user, id);
    return ProposalView.of(proposal, call).attachments;
  }

  /** Download an attachment */
  @Get(':attachmentId')
  @Authenticated()
  @ApiProduces('application/pdf')
  async download(
    @CurrentUser() user: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('attachmentId', ParseUUIDPipe) attachmentId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { attachment, content } = await this.attachments.download(user, id, attachmentId);
    await reply
      .header('content-type', attachment.contentType)
      .header('content-length', attachment.size)
      .header('etag', `"${attachment.sha256}"`)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`)
      .send(content);
  }
}
