import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface Arrival {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  bytes: number;
  /** Date.now() when the whole body had arrived. */
  at: number;
}

/**
 * A local HTTP server that reads every request body and answers `status` with { bytes } (GET /health: 200), for
 * what the system sends out over HTTP (webhooks) or as a bare target that only moves bytes (bench:upload). In this
 * process it records every arrival; as a child (startReceiverChild in processes.ts) it only counts, and its CPU and
 * memory are its own: this file then loads nothing but node:http.
 */
export class HttpReceiver {
  readonly arrivals: Arrival[] = [];
  private server?: Server;
  url = '';

  constructor(private readonly options: { status?: number; record?: boolean } = {}) {}

  async start(port = 0): Promise<this> {
    this.server = createServer((request, response) => {
      let bytes = 0;
      request.on('data', (chunk: Buffer) => (bytes += chunk.length));
      request.on('end', () => {
        if (this.options.record !== false && request.url !== '/health') {
          this.arrivals.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, bytes, at: Date.now() });
        }
        response.writeHead(request.url === '/health' ? 200 : (this.options.status ?? 200), { 'content-type': 'application/json' });
        response.end(JSON.stringify({ bytes }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Waits until `count` requests have arrived; fails after the timeout. */
  async waitFor(count: number, timeoutMs = 60_000): Promise<Arrival[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.arrivals.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} requests at ${this.url}, got ${this.arrivals.length}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.arrivals;
  }

  /** Stops at once, closing idle keep-alive connections too. */
  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

if (require.main === module) {
  const receiver = new HttpReceiver({ status: Number(process.env.RECEIVER_STATUS), record: false });
  const stop = () => void receiver.stop().then(() => process.exit(0));
  for (const event of ['SIGTERM', 'SIGINT', 'disconnect'] as const) process.on(event, stop); // disconnect: the benchmark died
  void receiver.start(Number(process.env.RECEIVER_PORT));
}
