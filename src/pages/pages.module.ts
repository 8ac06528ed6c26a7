import { Module } from '@nestjs/common';
import { PageRenderer } from './page-renderer';
import { PageServer } from './page-server';

/** The small pages e-mails link to (sign in, invitation, password reset, a call, a proposal); API process only. */
@Module({
  providers: [PageRenderer, PageServer],
  exports: [PageServer],
})
export class PagesModule {}
