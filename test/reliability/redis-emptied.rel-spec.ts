import { callInput } from '../support/calls';
import { call, Deployment } from '../support/deployment';
import { eventually } from '../support/eventually';
import { waitForLog } from '../support/processes';
import { clearRedisPrefix } from '../support/redis';
import { SmtpSink } from '../support/smtp-sink';

const DRAFTS = 20;
/** When the reminders one hour before the deadline fall due: late enough to empty Redis first. */
const DUE_IN_MS = 40_000;

/**
 * Redis loses everything (a restart without persistence: here every key of the deployment's prefix is deleted, the
 * shared Redis itself is left alone) while reminders are pending in PostgreSQL: the queues and the job schedulers of
 * the sweeps are gone. Each reminder is still sent at its time, once.
 */
describe('Redis emptied while reminders are pending', () => {
  const smtp = new SmtpSink({ headersOnly: true });
  let deployment: Deployment;

  beforeAll(async () => {
    await smtp.start();
    deployment = await Deployment.create({ SMTP_URL: smtp.url, SWEEP_INTERVAL_MS: '1000' });
  }, 120_000);
  afterAll(async () => {
    await deployment?.close();
    await smtp.stop();
  });

  it('sends every reminder at its time, once, after Redis lost the queues and the schedulers', async () => {
    const { url } = await deployment.api();
    const worker = deployment.worker();
    await waitForLog(worker, /Worker started/);
    const admin = await deployment.admin(url);
    const agencies = new Map([
      ['GACR', { id: await deployment.agencyId('GACR') }],
      ['NSTC', { id: await deployment.agencyId('NSTC') }],
    ]);
    const nstc = await deployment.user(url, admin, ['OFFICER'], agencies.get('NSTC')!.id);
    const gacr = await deployment.user(url, admin, ['OFFICER'], agencies.get('GACR')!.id);
    const closesAt = new Date(Date.now() + 3_600_000 + DUE_IN_MS);
    const created = await call(url, 'POST', '/calls', { auth: nstc.auth, body: callInput(agencies, { closesAt: closesAt.toISOString() }) });
    expect(created.status).toBe(201);
    const callId = created.body.id as string;
    for (const officer of [nstc, gacr]) {
      expect((await call(url, 'POST', `/calls/${callId}/approve`, { auth: officer.auth, body: { version: 1 } })).status).toBe(200);
    }
    expect((await call(url, 'POST', `/calls/${callId}/publish`, { auth: gacr.auth })).status).toBe(200);
    for (let n = 0; n < DRAFTS; n++) {
      const researcher = await deployment.user(url, admin, ['RESEARCHER']);
      const draft = await call(url, 'POST', `/calls/${callId}/proposals`, {
        auth: researcher.auth,
        body: { title: `Draft ${n}`, side: 'HOME', institution: 'National Taiwan University', country: 'TW' },
      });
      expect(draft.status).toBe(201);
    }
    const pending = await deployment.pool.query<{ due_at: Date }>(
      `SELECT due_at FROM reminder WHERE status = 'PENDING' AND kind = 'PROPOSAL_DEADLINE_1H'`,
    );
    expect(pending.rowCount).toBe(DRAFTS);
    const dueAt = pending.rows[0].due_at.getTime();
    expect(dueAt).toBeGreaterThan(Date.now() + 5_000);

    // Redis forgets everything of this deployment: the e-mail queue, the sweeps' schedulers, the rate limits.
    const deleted = await clearRedisPrefix(`${deployment.redisPrefix}:`);
    expect(deleted).toBeGreaterThan(0);

    // The reminders' e-mails, by the Message-ID each carries (<row id@joint-calls>); the accounts got welcomes too.
    const reminderMails = () =>
      deployment.pool
        .query<{ id: string; status: string }>(`SELECT id, status FROM outbound_email WHERE type = 'deadline-reminder'`)
        .then(({ rows }) => rows);
    const arrived = (id: string) => smtp.received.filter((mail) => mail.messageId === `<${id}@joint-calls>`);
    const mails = await eventually(reminderMails, (rows) => rows.length === DRAFTS && rows.every((row) => arrived(row.id).length > 0), {
      timeoutMs: dueAt - Date.now() + 60_000,
      everyMs: 250,
      what: 'a reminder to every draft owner',
    });
    const arrivals = mails.map((mail) => arrived(mail.id)[0].receivedAt);
    const late = Math.max(...arrivals) - dueAt;
    process.stdout.write(`redis-emptied: ${deleted} keys deleted; ${DRAFTS} reminders sent, the last ${late} ms after they fell due\n`);
    expect(Math.min(...arrivals)).toBeGreaterThanOrEqual(dueAt - 1_000);
    // "At its time": within a few sweeps (1 s apart here) of the due time, not whenever a worker happens to restart.
    expect(late).toBeLessThan(15_000);
    // Once each: one e-mail per draft owner (the idempotency key), each arrived once.
    expect(new Set(mails.map((mail) => mail.id)).size).toBe(DRAFTS);
    expect(mails.map((mail) => arrived(mail.id).length)).toEqual(mails.map(() => 1));
    const fired = await deployment.pool.query(`SELECT 1 FROM reminder WHERE status = 'FIRED' AND kind = 'PROPOSAL_DEADLINE_1H'`);
    expect(fired.rowCount).toBe(DRAFTS);
    // Whatever happened, the logs of the run hold none of the deployment's secrets.
    expect(deployment.leakedSecrets()).toEqual([]);
  }, 300_000);
});
