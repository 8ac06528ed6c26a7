import { AddressInfo } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  language: string | undefined;
  receivedAt: number;
}

export interface SmtpSinkOptions {
  /**
   * Reads only the header block: the envelope recipient, Message-ID and Content-Language, no subject or body. For
   * the benchmarks, which receive thousands of messages and must not spend the machine's CPU parsing them.
   */
  headersOnly?: boolean;
}

/**
 * A real SMTP server in the test process. It can refuse the next N messages (an outage) or every message to some
 * recipients, with a temporary 4xx error as a busy mail server would.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  /** The same messages by recipient address: a benchmark asks for thousands of addresses among thousands of messages. */
  private readonly byRecipient = new Map<string, ReceivedMail[]>();
  /** SMTP connections accepted so far. */
  connections = 0;
  private refuseNext = 0;
  private refused = new Set<string>();
  private server!: SMTPServer;
  url = '';
  private port = 0;

  constructor(private readonly options: SmtpSinkOptions = {}) {}

  /** Starts listening: on a free port the first time, on the same port when started again after stop(). */
  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      disableReverseLookup: true,
      logger: false,
      onConnect: (_session, callback) => {
        this.connections++;
        callback();
      },
      onData: (stream, session, callback) => {
        const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address);
        if (this.refuseNext > 0 || recipients.some((address) => this.refused.has(address))) {
          if (this.refuseNext > 0) this.refuseNext--;
          stream.resume();
          return stream.on('end', () => callback(Object.assign(new Error('Mailbox busy, try later'), { responseCode: 451 })));
        }
        if (this.options.headersOnly) {
          let head = '';
          stream.on('data', (chunk: Buffer) => {
            if (!head.includes('\r\n\r\n')) head += chunk.toString('latin1');
          });
          return stream.on('end', () => {
            this.receive(headersOf(recipients[0] ?? '', head));
            callback();
          });
        }
        simpleParser(stream)
          .then((mail) => {
            this.receive(this.toReceived(mail));
            callback();
          })
          .catch(callback);
      },
    });
    // A client that dies mid-conversation (a worker killed on purpose) resets its connection: not the sink's failure.
    this.server.on('error', () => undefined);
    await new Promise<void>((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    this.url = `smtp://127.0.0.1:${this.port}`;
    return this;
  }

  failNext(count: number): void {
    this.refuseNext = count;
  }

  refuseAlways(address: string): void {
    this.refused.add(address);
  }

  to(address: string): ReceivedMail[] {
    return [...(this.byRecipient.get(address.toLowerCase()) ?? [])];
  }

  /** Waits until `count` messages to the address have arrived; fails after the timeout. */
  async waitFor(address: string, count = 1, timeoutMs = 15_000): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.to(address).length < count) {
      if (Date.now() > deadline) throw new Error(`Expected ${count} e-mail(s) to ${address}, got ${this.to(address).length}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.to(address);
  }

  /** Waits until a message to the address matches; returns the matching ones. */
  async waitUntil(address: string, matches: (mail: ReceivedMail) => boolean, timeoutMs = 15_000): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.to(address).filter(matches);
      if (found.length > 0) return found;
      if (Date.now() > deadline) throw new Error(`No matching e-mail to ${address} among ${this.to(address).length}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private receive(mail: ReceivedMail): void {
    this.received.push(mail);
    const list = this.byRecipient.get(mail.to);
    if (list) list.push(mail);
    else this.byRecipient.set(mail.to, [mail]);
  }

  private toReceived(mail: ParsedMail): ReceivedMail {
    const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
    return {
      to: (to?.value[0]?.address ?? '').toLowerCase(),
      subject: mail.subject ?? '',
      text: mail.text ?? '',
      html: typeof mail.html === 'string' ? mail.html : '',
      messageId: mail.messageId ?? '',
      language: mail.headers.get('content-language') as string | undefined,
      receivedAt: Date.now(),
    };
  }
}

/** What a message's header block says, the recipient taken from the envelope (headersOnly). */
function headersOf(to: string, data: string): ReceivedMail {
  const end = data.indexOf('\r\n\r\n');
  const head = end < 0 ? data : data.slice(0, end);
  const header = (name: string) => new RegExp(`^${name}:[ \\t]*(\\S+)`, 'im').exec(head)?.[1];
  return {
    to: to.toLowerCase(),
    subject: '',
    text: '',
    html: '',
    messageId: header('message-id') ?? '',
    language: header('content-language'),
    receivedAt: Date.now(),
  };
}
