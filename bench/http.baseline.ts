/**
 * The bare baseline of bench:http, a child process of its own that loads nothing else: plain Fastify with a pg Pool
 * of POOL_SIZE, one SELECT of the columns the API's agency view has, the row as JSON (404 when missing, 400 on a
 * malformed id). No authentication, no logging.
 */
import Fastify from 'fastify';
import { Pool } from 'pg';

const SQL = 'SELECT id, code, name, country, currency, timezone, is_home AS "isHome" FROM agency WHERE id = $1';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function serve(): Promise<void> {
  const fastify = Fastify({ logger: false });
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE) });
  fastify.get<{ Params: { id: string } }>('/agencies/:id', async (request, reply) => {
    if (!UUID.test(request.params.id)) return reply.code(400).send({ message: 'id must be a UUID' });
    const { rows } = await pool.query(SQL, [request.params.id]);
    return rows.length ? rows[0] : reply.code(404).send({ message: 'Agency not found' });
  });
  fastify.get('/health', async () => {
    await pool.query('SELECT 1');
    return { status: 'ok' };
  });
  const stop = () => void Promise.allSettled([fastify.close(), pool.end()]).then(() => process.exit(0));
  for (const event of ['SIGTERM', 'SIGINT', 'disconnect'] as const) process.on(event, stop); // disconnect: the benchmark died
  await fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
}

serve().catch((error: unknown) => {
  process.stderr.write(`baseline failed: ${String(error)}\n`);
  process.exit(1);
});
