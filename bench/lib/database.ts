import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { createDatabase, dropDatabase, migrate } from '../../test/support/databases';
import { clearRedisPrefix } from '../../test/support/redis';
import { runStep } from './processes';
import { Bench, DIST, log } from './run';

/**
 * A fresh database for the run, migrated, then seeded by the application's own seed script: 'demo' (reference
 * data, the admin and the demo accounts), 'reference' (reference data and the admin) or 'none' (migrations only).
 * Stale Redis keys of an interrupted run go too. The run's cleanup drops the database again.
 *
 * For a large data set seeded once and measured several times, clone it: createDatabase(name, { template, server })
 * from test/support/databases.ts copies a database in milliseconds.
 */
export async function prepareDatabase(bench: Bench, { seed }: { seed: 'demo' | 'reference' | 'none' }): Promise<void> {
  if (!existsSync(join(DIST, 'src', 'main.js'))) throw new Error('dist/src/main.js is missing: run `npm run build:bench` first');
  log(`creating database ${bench.database} on ${new URL(bench.serverUrl).host}`);
  await dropDatabase(bench.database, bench.serverUrl);
  await createDatabase(bench.database, { server: bench.serverUrl });
  const stale = await clearRedisPrefix(`${bench.redisPrefix}:`, bench.redisUrl);
  if (stale > 0) log(`removed ${stale} stale Redis keys with prefix ${bench.redisPrefix}`);
  log('migrations...');
  await migrate(bench.databaseUrl);
  if (seed === 'none') return;
  // SEED_DEMO=true in production: the demo officers (officer.nstc@..., officer.gacr@...) create the calls.
  await runStep(bench, 'seed', 'dist/src/seed/seed.main.js', bench.appEnv({ SEED_DEMO: seed === 'demo' ? 'true' : 'false' }));
}

/** A client on the bench database, closed at cleanup. */
export async function connect(bench: Bench): Promise<Client> {
  const client = new Client({ connectionString: bench.databaseUrl, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  await client.connect();
  return bench.closeLater(client);
}

/** A pg Pool on the bench database with its `max` connections already open, closed at cleanup. */
export async function connectedPool(bench: Bench, max: number): Promise<Pool> {
  const pool = bench.closeLater(new Pool({ connectionString: bench.databaseUrl, max }));
  pool.on('error', () => undefined);
  const clients = await Promise.all(Array.from({ length: max }, () => pool.connect()));
  for (const client of clients) client.release();
  return pool;
}

/** Agencies of the seed by code, e.g. for callInput(). */
export async function agenciesByCode(db: Client): Promise<Map<string, { id: string }>> {
  const { rows } = await db.query<{ id: string; code: string }>('SELECT id, code FROM agency');
  return new Map(rows.map((row) => [row.code, { id: row.id }]));
}
