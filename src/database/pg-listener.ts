import { Client } from 'pg';

/**
 * LISTEN on a PostgreSQL channel on a connection of its own (NOTIFY is delivered only when the notifying
 * transaction commits). A lost connection only delays the listener's work to the next periodic sweep: it
 * reconnects in the background, backing off up to 30 s, for as long as the database is away, and wakes its owner
 * once it is back (a notification sent meanwhile was lost).
 */
export class PgListener {
  private client?: Client;
  private closed = false;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly databaseUrl: string,
    private readonly channel: string,
    private readonly onNotify: () => void,
  ) {}

  /** Connects now; fails if the database is not there (a process does not start without it). */
  async start(): Promise<void> {
    await this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    // A reconnection already waiting must not run after close (the process, or a test, is ending).
    clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl });
    client.on('notification', () => this.onNotify());
    const lost = () => {
      if (this.client !== client) return;
      this.client = undefined;
      this.reconnect(1000);
    };
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
  }

  private reconnect(delayMs: number): void {
    if (this.closed) return;
    this.retry = setTimeout(() => {
      if (this.closed) return;
      this.connect().then(
        () => this.onNotify(),
        () => this.reconnect(Math.min(delayMs * 2, 30_000)),
      );
    }, delayMs).unref();
  }
}
