import { createServer, Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { WEBHOOK_EVENT_TYPES } from '../webhooks/webhook-events.types';
import { callApi, signInAs } from './demo-api';

interface Delivery {
  receivedAt: string;
  id: string;
  type: string;
  verified: boolean;
  payload: unknown;
}

/**
 * The demo's stand-in for an agency's own system: it receives the GAČR officer's webhook deliveries, verifies each
 * signature with the Standard Webhooks library as the agency would, prints one line per event and lists the last
 * ones as JSON at `GET /`.
 */
export class AgencyReceiver {
  private readonly deliveries: Delivery[] = [];
  private verifier?: Webhook;
  private server?: Server;

  constructor(private readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/gacr/joint-calls`;
  }

  /** The secret the API showed when the endpoint was registered or its secret rotated. */
  trust(secret: string): void {
    this.verifier = new Webhook(secret);
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      if (request.method === 'GET') {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.deliveries, null, 2));
        return;
      }
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let payload: unknown = null;
        let verified = false;
        try {
          payload = this.verifier?.verify(body, request.headers as Record<string, string>) ?? null;
          verified = payload !== null;
        } catch {
          verified = false;
        }
        const type = (payload as { type?: string } | null)?.type ?? '(unverified)';
        const id = String(request.headers['webhook-id']);
        this.deliveries.unshift({ receivedAt: new Date().toISOString(), id, type, verified, payload });
        this.deliveries.length = Math.min(this.deliveries.length, 100);
        console.log(`  webhook → GAČR system: ${type} (${id}), signature ${verified ? 'verified' : 'NOT verified'}`);
        response.writeHead(verified ? 204 : 401).end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', resolve);
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/**
 * Registers the receiver as the GAČR officer's endpoint through the public API, as an officer would in Swagger UI,
 * and trusts the secret shown once. A second demo run finds the endpoint and rotates its secret instead.
 */
export async function connectAgencyReceiver(api: string, receiver: AgencyReceiver, officerEmail: string): Promise<void> {
  const accessToken = await signInAs(api, officerEmail);
  const { items } = (await callApi(api, '/api/v1/webhook-endpoints', { token: accessToken })) as { items: { id: string; url: string }[] };
  const existing = items.find((endpoint) => endpoint.url === receiver.url);
  const registered = existing
    ? await callApi(api, `/api/v1/webhook-endpoints/${existing.id}/rotate-secret`, { method: 'POST', token: accessToken })
    : await callApi(api, '/api/v1/webhook-endpoints', {
        method: 'POST',
        token: accessToken,
        body: JSON.stringify({
          url: receiver.url,
          eventTypes: WEBHOOK_EVENT_TYPES,
          description: 'Demo: the GAČR grants system (npm run demo prints each delivery)',
        }),
      });
  receiver.trust(String(registered.secret));
}
