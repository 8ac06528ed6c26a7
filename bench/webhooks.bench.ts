/**
 * Webhook delivery: 10,000 events recorded in transactions for one agency's endpoint, delivered by a worker process
 * (claim, sign, POST, settle) to a local HTTP receiver, against a bare loop of fetch calls signed the same way to the
 * same receiver, in the same run. Two cases: the endpoint's events in order (one in flight, the default) and eight in
 * flight (WEBHOOK_ENDPOINT_CONCURRENCY=8, order not kept); the bare loop runs with the same number in flight.
 * Settings: bench/README.md.
 */
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { WebhookEvents } from '../src/webhooks/webhook-events';
import { newSigningSecret, SecretBox } from '../src/webhooks/webhook-secrets';
import { agenciesByCode, connect, prepareDatabase } from './lib/database';
import { mapLimit } from './lib/load';
import { benchContext } from './lib/nest';
import { cpuWindow, CpuUse, startWorkers } from './lib/processes';
import { HttpReceiver } from './lib/receiver';
import { Cell, cpuTable, finishReport, fixed, table, times } from './lib/report';
import { Bench, log, numberEnv } from './lib/run';
import { ratio } from './lib/stats';

const config = {
  events: numberEnv('BENCH_EVENTS', 10_000),
  inFlight: numberEnv('BENCH_IN_FLIGHT', 8),
  timeoutS: numberEnv('BENCH_TIMEOUT_S', 900, { min: 60 }),
};

interface Case {
  name: string;
  inFlight: number;
  systemPerSecond: number;
  baselinePerSecond: number;
  inOrder: boolean;
  cpu: CpuUse;
}

/** Events per second between the first and the last arrival of `count` requests. */
const throughput = (receiver: HttpReceiver, from: number, count: number): number => {
  const arrivals = receiver.arrivals.slice(from, from + count);
  const seconds = (arrivals[arrivals.length - 1].at - arrivals[0].at) / 1000;
  return seconds > 0 ? (arrivals.length - 1) / seconds : Infinity;
};

async function main(bench: Bench): Promise<number> {
  await prepareDatabase(bench, { seed: 'reference' });
  const db = await connect(bench);
  const agencies = await agenciesByCode(db);
  const call = { id: randomUUID(), homeAgencyId: agencies.get('NSTC')!.id, partnerAgencyId: agencies.get('GACR')!.id };
  const receiver = await new HttpReceiver({ status: 204 }).start();
  bench.onCleanup(() => receiver.stop());
  const secret = newSigningSecret();
  const box = new SecretBox(bench.secrets.WEBHOOK_SECRETS_KEY);
  const context = await benchContext(bench, { providers: [WebhookEvents] });
  const events = context.get(WebhookEvents);
  const { TransactionHost } = await import('@nestjs-cls/transactional');
  const txHost = context.get(TransactionHost);

  const problems: string[] = [];
  const cases: Case[] = [];
  for (const inFlight of [1, config.inFlight]) {
    const name = inFlight === 1 ? 'in order (1 in flight)' : `${inFlight} in flight`;
    // One endpoint per case: the previous case's would receive this case's events too.
    await db.query(`DELETE FROM webhook_endpoint`);
    const endpointId = randomUUID();
    await db.query(
      `INSERT INTO webhook_endpoint (id, agency_id, url, event_types, secret_ciphertext, created_by_id, version)
       VALUES ($1, $2, $3, ARRAY['proposal.submitted'], $4, $5, 1)`,
      [endpointId, call.partnerAgencyId, `${receiver.url}/hooks/${endpointId}`, box.seal(secret), randomUUID()],
    );
    log(`${name}: recording ${config.events} events`);
    for (let done = 0; done < config.events; done += 100) {
      await txHost.withTransaction(async () => {
        for (let i = done; i < Math.min(done + 100, config.events); i++) {
          await events.record({ type: 'proposal.submitted', call, data: { n: i, proposalId: randomUUID(), callId: call.id } });
        }
      });
    }

    const from = receiver.arrivals.length;
    const workers = await startWorkers(bench, 1, { WEBHOOK_ENDPOINT_CONCURRENCY: String(inFlight), WEBHOOK_CONCURRENCY: '20' });
    const cpu = cpuWindow(bench, { app: workers.map((worker) => worker.pid) });
    await receiver.waitFor(from + config.events, config.timeoutS * 1000);
    const cpuUse = cpu();
    const systemPerSecond = throughput(receiver, from, config.events);
    for (const worker of workers) await worker.stop();

    // Checks: each event once, signed, in order when one is in flight; every row DELIVERED after one attempt.
    const arrived = receiver.arrivals.slice(from, from + config.events);
    const ids = new Set(arrived.map((arrival) => String(arrival.headers['webhook-id'])));
    if (ids.size !== config.events) problems.push(`${name}: ${ids.size} distinct webhook-ids for ${config.events} events`);
    if (receiver.arrivals.length !== from + config.events)
      problems.push(`${name}: ${receiver.arrivals.length - from} requests for ${config.events} events`);
    const { rows } = await db.query<{ delivered: number; retried: number }>(
      `SELECT count(*) FILTER (WHERE status = 'DELIVERED')::int AS delivered, count(*) FILTER (WHERE attempts <> 1)::int AS retried
       FROM webhook_delivery WHERE endpoint_id = $1`,
      [endpointId],
    );
    if (rows[0].delivered !== config.events || rows[0].retried !== 0)
      problems.push(`${name}: ${rows[0].delivered} DELIVERED, ${rows[0].retried} after more than one attempt`);
    const failures = await db.query<{ error: string; n: number }>(
      `SELECT coalesce(a.error, 'HTTP ' || a.status_code) AS error, count(*)::int AS n FROM webhook_attempt a
       JOIN webhook_delivery d ON d.id = a.delivery_id WHERE d.endpoint_id = $1 AND (a.status_code IS NULL OR a.status_code >= 300)
       GROUP BY 1`,
      [endpointId],
    );
    for (const failure of failures.rows) problems.push(`${name}: ${failure.n} attempts failed: ${failure.error}`);
    const sequence = await db.query<{ id: string }>(`SELECT id FROM webhook_delivery WHERE endpoint_id = $1 ORDER BY sequence`, [
      endpointId,
    ]);
    const inOrder = sequence.rows.every((row, i) => row.id === arrived[i]?.headers['webhook-id']);
    if (inFlight === 1 && !inOrder) problems.push(`${name}: the events did not arrive in the order they happened`);

    log(`${name}: bare loop of signed fetch calls, ${inFlight} in flight`);
    const signer = new Webhook(secret);
    const body = JSON.stringify({
      type: 'proposal.submitted',
      timestamp: new Date().toISOString(),
      data: { n: 0, proposalId: randomUUID() },
    });
    const baselineFrom = receiver.arrivals.length;
    await mapLimit(
      Array.from({ length: config.events }, () => randomUUID()),
      inFlight,
      async (id) => {
        const now = new Date();
        const response = await fetch(`${receiver.url}/baseline`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'webhook-id': id,
            'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
            'webhook-signature': signer.sign(id, now, body),
          },
          body,
          redirect: 'manual',
        });
        await response.arrayBuffer();
      },
    );
    const baselinePerSecond = throughput(receiver, baselineFrom, config.events);
    cases.push({ name, inFlight, systemPerSecond, baselinePerSecond, inOrder, cpu: cpuUse });
    log(`${name}: ${fixed(systemPerSecond, 0)} vs ${fixed(baselinePerSecond, 0)} events/s`);
  }

  const rows: Cell[][] = [
    ['case', 'system events/s', 'bare signed fetch events/s', 'ratio', 'arrived in order'],
    ...cases.map((c) => [
      c.name,
      fixed(c.systemPerSecond, 0),
      fixed(c.baselinePerSecond, 0),
      times(ratio(c.systemPerSecond, c.baselinePerSecond)),
      c.inOrder ? 'yes' : 'no',
    ]),
  ];
  return finishReport(
    'bench:webhooks',
    {
      title: `bench:webhooks: ${config.events} events to one endpoint, delivered by one worker, vs a bare loop of signed fetch calls`,
      blocks: [
        table(rows),
        cpuTable(
          cases.map((c) => [c.name, c.cpu] as const),
          { app: 'worker', bench: 'bench (receiver, producer)', pgBench: 'pg (bench db)', redis: 'redis', other: 'other' },
        ),
      ],
      checked: `each of ${config.events} events arrived once per case with its own webhook-id, every delivery DELIVERED after one attempt, in order with one in flight`,
      problems,
      notes: [
        'System: WebhookEvents.record in transactions of 100, then one `node dist/src/worker.js` claims (one UPDATE with a lease), signs (Standard Webhooks), POSTs and marks the success (one statement: attempt log, status) for each delivery.',
        'Baseline: the same receiver, the same body size, signed with the standardwebhooks library, fetch with the same number in flight, no database.',
        'Throughput is measured between the first and the last arrival at the receiver.',
      ],
    },
    { config, cases },
  );
}

new Bench('webhooks', { timeoutS: config.timeoutS }).run(main);
