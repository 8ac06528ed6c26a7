import { Client } from 'pg';

/**
 * LISTEN on a PostgreSQL channel on a connection of its own (NOTIFY is delivered only when the notifying
 * transaction commits). A lost connection only delays the listener to its next periodic sweep; it reconnects in the
 * background until closed.
 */
export class PgListener {
  private client?: Client;
  private closed = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly channel: string,
    private readonly onNotify: () => void,
  ) {}

  async start(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl });
    client.on('notification', () => this.onNotify());
    client.on('error', () => {
      this.client = undefined;
      if (!this.closed) setTimeout(() => void this.start().catch(() => undefined), 1000).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${this.channel}`);
    this.client = client;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client?.end().catch(() => undefined);
  }
}
