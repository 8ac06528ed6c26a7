import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createTransport, Transporter } from 'nodemailer';
import { Environment } from '../../config/environment';

export interface Mail {
  to: { name: string; address: string };
  subject: string;
  html: string;
  text: string;
  /** BCP 47 language of the content, e.g. zh-TW. */
  language: string;
  /** Stable per occurrence, so that even a message re-sent after a crash is recognisable as the same. */
  messageId: string;
}

/** The SMTP side: one pooled nodemailer transport per worker. */
@Injectable()
export class MailerService implements OnModuleDestroy {
  private readonly transport: Transporter;
  private readonly from: string;

  constructor(config: ConfigService<Environment, true>) {
    this.from = config.get('MAIL_FROM', { infer: true });
    this.transport = createTransport(config.get('SMTP_URL', { infer: true }), {});
  }

  async send(mail: Mail): Promise<string> {
    const { language, ...message } = mail;
    const info = (await this.transport.sendMail({ from: this.from, ...message, headers: { 'Content-Language': language } })) as {
      messageId: string;
    };
    return info.messageId;
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
