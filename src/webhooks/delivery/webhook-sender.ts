import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { publicOnlyLookup } from '../webhook-url.guard';
import { UrlPolicy } from '../webhook-url.rules';

/** What is read of an endpoint's answer at most; the rest is dropped with the connection. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

export interface SendOutcome {
  /** The HTTP status, when the endpoint answered at all. */
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/**
 * One POST to an agency's endpoint that cannot hold a worker: one deadline for connecting, sending and reading,
 * an answer read up to 64 KiB, redirects not followed, and under the production policy a connection only to
 * public addresses (checked as the socket connects). Connections are kept alive per worker.
 */
export class WebhookSender {
  private readonly http = new HttpAgent({ keepAlive: true, maxSockets: 64 });
  private readonly https = new HttpsAgent({ keepAlive: true, maxSockets: 64 });

  constructor(
    private readonly policy: UrlPolicy,
    private readonly timeoutMs: number,
  ) {}

  post(url: string, headers: Record<string, string>, body: string): Promise<SendOutcome> {
    const started = performance.now();
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    return new Promise<SendOutcome>((resolve) => {
      let statusCode: number | null = null;
      let settled = false;
      const finish = (error: string | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve({ statusCode, error: error?.slice(0, 500) ?? null, durationMs: Math.round(performance.now() - started) });
      };
      const request = (secure ? httpsRequest : httpRequest)(target, {
        method: 'POST',
        agent: secure ? this.https : this.http,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        ...(this.policy === 'public-https' ? { lookup: publicOnlyLookup } : {}),
      });
      const deadline = setTimeout(() => {
        request.destroy();
        finish(statusCode === null ? `no answer within ${this.timeoutMs} ms` : null);
      }, this.timeoutMs);
      request.on('response', (response) => {
        statusCode = response.statusCode ?? null;
        // The status is the answer; the body is read only so that the connection can be reused, and dropped past
        // the cap (or the deadline).
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) response.destroy();
        });
        response.on('end', () => finish(null));
        response.on('close', () => finish(null));
      });
      request.on('error', (error: NodeJS.ErrnoException) => finish(error.code ? `${error.code}: ${error.message}` : error.message));
      request.end(body);
    });
  }

  close(): void {
    this.http.destroy();
    this.https.destroy();
  }
}
