import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';

/** The server tests run against; each test file gets a database of its own on it. The benchmarks name their own. */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const databaseUrl = (name: string, server = TEST_SERVER_URL) => {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
};

export async function onServer<T>(work: (client: Client) => Promise<T>, server = TEST_SERVER_URL): Promise<T> {
  const client = new Client({ connectionString: server });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export const uniqueName = (stem: string) => `${stem}_${process.pid}_${randomBytes(4).toString('hex')}`;

/** An empty database, or a copy of `template` (milliseconds, where migrating takes seconds). */
export async function createDatabase(name: string, options: { template?: string; server?: string } = {}): Promise<void> {
  await onServer(
    (client) => client.query(`CREATE DATABASE ${name}${options.template ? ` TEMPLATE ${options.template}` : ''}`),
    options.server,
  );
}

/** FORCE (PostgreSQL 13+) ends the sessions a crashed process may have left. */
export async function dropDatabase(name: string, server?: string): Promise<void> {
  await onServer((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`), server);
}

/** Runs every migration on the database at `url`, as the deployment's `migration:run` does. */
export async function migrate(url: string): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
