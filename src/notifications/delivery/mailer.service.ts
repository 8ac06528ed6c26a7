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

/** The SMTP side: one pooled nodemailer transport per worker process. */
@Injectable()
export class MailerService implements OnModuleDestroy {
  private readonly transport: Transporter;
  private readonly from: string;

  constructor(config: ConfigService<Environment, true>) {
    this.from = config.get('MAIL_FROM', { infer: true });
    // Pooled: one SMTP connection per concurrent delivery, reused, instead of a handshake per e-mail (the handshake
    // dominated delivery time in bench:mail). SMTP_URL's own query string wins.
    const url = new URL(config.get('SMTP_URL', { infer: true }));
    if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
    if (!url.searchParams.has('maxConnections'))
      url.searchParams.set('maxConnections', String(config.get('MAIL_CONCURRENCY', { infer: true })));
    // nodemailer closes a pooled connection after 100 messages by default: a new handshake (and a mail server's
    // greeting delay) every 100 e-mails for nothing. A connection the server drops is reopened anyway.
    if (!url.searchParams.has('maxMessages')) url.searchParams.set('maxMessages', 'Infinity');
    this.transport = createTransport(url.toString());
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
