import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { PASSWORD } from '../support/actors';
import { callInput } from '../support/calls';
import { call, Deployment } from '../support/deployment';
import { eventually } from '../support/eventually';
import { waitForLog } from '../support/processes';
import { REDIS_URL } from '../support/redis';
import { SmtpSink } from '../support/smtp-sink';

const CALLS = 5;
const SWEEP_MS = 1_000;

/**
 * Two API replicas and two workers on one database: nothing one replica keeps in memory is missed by the other
 * (a session, a rate limit), and every scheduled sweep runs once per interval across both workers, not once per
 * worker; the calls it closes are closed once and announced once.
 */
describe('Two API replicas and two workers', () => {
  const smtp = new SmtpSink({ headersOnly: true });
  let deployment: Deployment;

  beforeAll(async () => {
    await smtp.start();
    deployment = await Deployment.create({ SMTP_URL: smtp.url, SWEEP_INTERVAL_MS: String(SWEEP_MS), LOGIN_RATE_LIMIT: '3' });
  }, 120_000);
  afterAll(async () => {
    await deployment?.close();
    await smtp.stop();
  });

  it('shares sessions and rate limits, and runs each sweep once per interval', async () => {
    const [one, two] = [await deployment.api('api-1'), await deployment.api('api-2')];
    const workers = [deployment.worker('worker-1'), deployment.worker('worker-2')];
    for (const worker of workers) await waitForLog(worker, /Worker started/);

    // A session opened on one replica works on the other; a limit counted on one holds on the other.
    const admin = await deployment.admin(one.url);
    expect((await call(two.url, 'GET', '/me', { auth: admin.auth })).status).toBe(200);
    const guess = (url: string) => call(url, 'POST', '/auth/login', { body: { email: 'target@example.org', password: `not ${PASSWORD}` } });
    const statuses = [await guess(one.url), await guess(two.url), await guess(one.url), await guess(two.url)].map(
      (answer) => answer.status,
    );
    expect(statuses).toEqual([401, 401, 401, 429]);

    // Calls whose deadline passes while both workers run: the closing sweep closes each once.
    const agencies = new Map([
      ['GACR', { id: await deployment.agencyId('GACR') }],
      ['NSTC', { id: await deployment.agencyId('NSTC') }],
    ]);
    const nstc = await deployment.user(one.url, admin, ['OFFICER'], agencies.get('NSTC')!.id);
    const gacr = await deployment.user(two.url, admin, ['OFFICER'], agencies.get('GACR')!.id);
    const closesAt = new Date(Date.now() + 15_000).toISOString();
    const ids: string[] = [];
    for (let n = 0; n < CALLS; n++) {
      const created = await call(one.url, 'POST', '/calls', {
        auth: nstc.auth,
        body: callInput(agencies, { title: `Replicated ${n}`, closesAt }),
      });
      const id = created.body.id as string;
      await call(one.url, 'POST', `/calls/${id}/approve`, { auth: nstc.auth, body: { version: 1 } });
      await call(two.url, 'POST', `/calls/${id}/approve`, { auth: gacr.auth, body: { version: 1 } });
      expect((await call(two.url, 'POST', `/calls/${id}/publish`, { auth: gacr.auth })).status).toBe(200);
      ids.push(id);
    }
    const closed = await eventually(
      async () =>
        (
          await deployment.pool.query<{ entity_id: string }>(
            `SELECT entity_id FROM audit_event WHERE entity_type = 'CALL' AND to_state = 'CLOSED' AND entity_id = ANY($1)`,
            [ids],
          )
        ).rows,
      (rows) => rows.length >= CALLS,
      { timeoutMs: 60_000, what: 'the calls closed by the sweep' },
    );
    // Both workers keep sweeping a while longer: still one closing per call, one announcement per officer and call.
    await waitForSweeps(deployment, 5);
    const closings = await deployment.pool.query<{ entity_id: string }>(
      `SELECT entity_id FROM audit_event WHERE entity_type = 'CALL' AND to_state = 'CLOSED' AND entity_id = ANY($1)`,
      [ids],
    );
    expect(closings.rows.map((row) => row.entity_id).sort()).toEqual([...ids].sort());
    expect(closed.length).toBe(CALLS);
    const announcements = await deployment.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbound_email WHERE type = 'call-closed' AND subject_id = ANY($1)
       GROUP BY subject_id, recipient_email HAVING count(*) > 1`,
      [ids],
    );
    expect(announcements.rows).toEqual([]);

    // The sweeps' runs, as BullMQ recorded them: each sweep ran at most once per interval, by either worker.
    const runs = await sweepRuns(deployment);
    const byName = new Map<string, { at: number; by: string }[]>();
    for (const run of runs) byName.set(run.name, [...(byName.get(run.name) ?? []), run]);
    const closestApart = new Map<string, number>();
    for (const [name, list] of byName) {
      const times = list.map((run) => run.at).sort((a, b) => a - b);
      closestApart.set(name, Math.min(...times.slice(1).map((time, index) => time - times[index])));
    }
    const report = [...byName].map(
      ([name, list]) =>
        `${name}: ${list.length} runs, ${new Set(list.map((run) => run.by)).size} workers, closest ${closestApart.get(name)} ms apart`,
    );
    process.stdout.write(`replicas: ${report.join('; ')}\n`);
    // One job per interval: two runs of one sweep never come from the same tick.
    for (const [name, closest] of closestApart) expect({ name, tooClose: closest < SWEEP_MS * 0.5 }).toEqual({ name, tooClose: false });
    const workersSeen = new Set(runs.map((run) => run.by));
    expect(workersSeen.size).toBe(2);
    // Whatever happened, the logs of the run hold none of the deployment's secrets.
    expect(deployment.leakedSecrets()).toEqual([]);
  }, 300_000);
});

/** The completed runs of the sweeps kept by BullMQ (the last 100 per sweep), with who ran them and when. */
async function sweepRuns(deployment: Deployment): Promise<{ name: string; at: number; by: string }[]> {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('maintenance', { connection, prefix: `${deployment.redisPrefix}:bull` });
  try {
    const jobs = await queue.getJobs(['completed'], 0, 1000);
    return jobs.map((job) => ({ name: job.name, at: job.processedOn ?? 0, by: job.processedBy ?? '?' }));
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/** Waits until the sweeps have run for `count` more intervals (BullMQ keeps only the last 100 runs: counted by time). */
async function waitForSweeps(deployment: Deployment, count: number): Promise<void> {
  const until = Date.now() + count * SWEEP_MS;
  await eventually(
    () => sweepRuns(deployment).then((runs) => Math.max(0, ...runs.map((run) => run.at))),
    (latest) => latest >= until,
    { timeoutMs: 60_000, what: `${count} more sweeps` },
  );
}
