import { createServer, IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  id: string;
  timestamp: string;
  signature: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** What the receiver answered: a status, or nothing (it hung up after the sender's deadline). */
  answered: number | 'hung';
}

type Behaviour = number | 'hang';

/**
 * An agency's system in the test process: records every request and answers 204, or, for the next requests a test
 * scripts, another status or nothing at all (a hang, until the sender gives up).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly script: Behaviour[] = [];
  private always: Behaviour | null = null;
  private server!: Server;
  private readonly hanging = new Set<ServerResponse>();
  url = '';
  private port = 0;

  /** Starts listening: on a free port the first time, on the same port when started again after stop(). */
  async start(path = '/hooks/joint-calls'): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const behaviour = this.script.shift() ?? this.always ?? 204;
        this.received.push({
          id: String(request.headers['webhook-id']),
          timestamp: String(request.headers['webhook-timestamp']),
          signature: String(request.headers['webhook-signature']),
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          answered: behaviour === 'hang' ? 'hung' : behaviour,
        });
        if (behaviour === 'hang') {
          this.hanging.add(response);
          response.on('close', () => this.hanging.delete(response));
          return;
        }
        response.writeHead(behaviour).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}${path}`;
    return this;
  }

  /** The next requests get these answers, in order; then 204 again. */
  answerNext(...behaviours: Behaviour[]): void {
    this.script.push(...behaviours);
  }

  /** Every request gets this answer until `recover()`. */
  answerAlways(behaviour: Behaviour): void {
    this.always = behaviour;
  }

  recover(): void {
    this.always = null;
  }

  /** The requests answered 2xx, in the order they arrived. */
  accepted(): ReceivedWebhook[] {
    return this.received.filter((webhook) => typeof webhook.answered === 'number' && webhook.answered < 300);
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
