import { eventually } from '../support/eventually';
import { call, Deployment } from '../support/deployment';
import { AppProcess, waitForLog } from '../support/processes';
import { SmtpSink } from '../support/smtp-sink';
import { WebhookReceiver } from '../support/webhook-receiver';

const EMAILS = 2_000;
const ENDPOINTS = 4;
const WEBHOOKS = 2_000;

/**
 * A worker killed with SIGKILL in the middle of 2,000 e-mails and 2,000 webhook deliveries, then a new one started:
 * every e-mail and every webhook arrives, and none arrives twice, except those the dead worker had already handed
 * over when it died but not yet recorded as sent. Those (at most the ones it had in flight) carry the same
 * Message-ID or webhook-id, so that the receiver recognises them; the suite prints how many there were.
 */
describe('A worker killed in the middle of its work', () => {
  const smtp = new SmtpSink({ headersOnly: true });
  const receiver = new WebhookReceiver();
  let deployment: Deployment;
  let worker: AppProcess;

  beforeAll(async () => {
    await smtp.start();
    await receiver.start();
    deployment = await Deployment.create({
      SMTP_URL: smtp.url,
      MAIL_CONCURRENCY: '10',
      // A claim of the killed worker lapses after this; the next attempt goes to the new one.
      MAIL_CLAIM_LEASE_SECONDS: '10',
      WEBHOOK_TIMEOUT_MS: '2000',
      WEBHOOK_CONCURRENCY: '8',
    });
  }, 120_000);
  afterAll(async () => {
    await deployment?.close();
    await receiver.stop();
    await smtp.stop();
  });

  it('delivers every e-mail and every webhook once the new worker runs, and nothing twice that was recorded', async () => {
    const { url } = await deployment.api();
    const admin = await deployment.admin(url);
    const officer = await deployment.user(url, admin, ['OFFICER'], await deployment.agencyId('NSTC'));
    const endpoints: string[] = [];
    for (let n = 0; n < ENDPOINTS; n++) {
      const created = await call(url, 'POST', '/webhook-endpoints', {
        auth: officer.auth,
        body: { url: `${receiver.url}?endpoint=${n}`, eventTypes: ['proposal.submitted'] },
      });
      expect(created.status).toBe(201);
      endpoints.push(created.body.id as string);
    }

    // The work, committed at once as the application's transactions would: outbox rows, events and their deliveries.
    const db = deployment.pool;
    await db.query(
      `INSERT INTO outbound_email (idempotency_key, type, recipient_email, recipient_name, language, variables, subject_type, subject_id)
       SELECT 'crash|' || n, 'welcome', 'crash-' || n || '@example.org', 'Person ' || n, 'en',
              jsonb_build_object('name', 'Person ' || n, 'loginUrl', 'http://localhost:3000/sign-in'), 'USER', gen_random_uuid()
       FROM generate_series(1, $1) AS n`,
      [EMAILS],
    );
    await db.query(
      `WITH events AS (
         INSERT INTO webhook_event (type, call_id, agency_ids, body)
         SELECT 'proposal.submitted', gen_random_uuid(), ARRAY[]::uuid[], json_build_object('type', 'proposal.submitted', 'data', json_build_object('n', n))::text
         FROM generate_series(1, $1) AS n
         RETURNING id, sequence
       )
       INSERT INTO webhook_delivery (event_id, endpoint_id, sequence)
       SELECT id, ($2::uuid[])[1 + sequence % $3], sequence FROM events`,
      [WEBHOOKS, endpoints, ENDPOINTS],
    );

    worker = deployment.worker('worker-1');
    await waitForLog(worker, /Worker started/);
    await db.query(`SELECT pg_notify('outbound_email', ''), pg_notify('webhook_delivery', '')`);
    // Killed once a good part is done, both kinds of work in full flight.
    await eventually(
      async () => ({ mails: smtp.received.length, webhooks: receiver.received.length }),
      ({ mails, webhooks }) => mails >= EMAILS * 0.3 && webhooks >= WEBHOOKS * 0.2,
      { timeoutMs: 120_000, what: 'a good part of the work' },
    );
    await worker.kill();
    const inFlight = (
      await db.query<{ mails: number; webhooks: number }>(
        `SELECT (SELECT count(*)::int FROM outbound_email WHERE status = 'SENDING') AS mails,
                (SELECT count(*)::int FROM webhook_delivery WHERE status = 'SENDING') AS webhooks`,
      )
    ).rows[0];
    const atKill = { mails: smtp.received.length, webhooks: receiver.received.length };

    const restarted = deployment.worker('worker-2');
    await waitForLog(restarted, /Worker started/);
    const settled = await eventually(
      async () =>
        (
          await db.query<{ mails: number; webhooks: number }>(
            `SELECT (SELECT count(*)::int FROM outbound_email WHERE status = 'SENT') AS mails,
                    (SELECT count(*)::int FROM webhook_delivery WHERE status = 'DELIVERED') AS webhooks`,
          )
        ).rows[0],
      ({ mails, webhooks }) => mails === EMAILS && webhooks === WEBHOOKS,
      { timeoutMs: 240_000, everyMs: 500, what: 'every e-mail SENT and every delivery DELIVERED' },
    );
    expect(settled).toEqual({ mails: EMAILS, webhooks: WEBHOOKS });

    // Every one arrived; a repeat is one the killed worker had in flight, arriving under the same identity.
    const mailIds = new Map<string, number>();
    for (const mail of smtp.received) mailIds.set(mail.messageId, (mailIds.get(mail.messageId) ?? 0) + 1);
    const webhookIds = new Map<string, number>();
    for (const webhook of receiver.accepted()) webhookIds.set(webhook.id, (webhookIds.get(webhook.id) ?? 0) + 1);
    const repeats = {
      mails: [...mailIds.values()].filter((count) => count > 1).length,
      webhooks: [...webhookIds.values()].filter((count) => count > 1).length,
    };
    process.stdout.write(
      `worker-crash: killed after ${atKill.mails} e-mails and ${atKill.webhooks} webhooks with ${inFlight.mails} and ` +
        `${inFlight.webhooks} in flight; all ${EMAILS} + ${WEBHOOKS} delivered; repeated: ${repeats.mails} e-mails, ${repeats.webhooks} webhooks\n`,
    );
    expect({ mails: mailIds.size, webhooks: webhookIds.size }).toEqual({ mails: EMAILS, webhooks: WEBHOOKS });
    expect(repeats.mails).toBeLessThanOrEqual(inFlight.mails);
    expect(repeats.webhooks).toBeLessThanOrEqual(inFlight.webhooks);
    // Whatever happened, the logs of the run hold none of the deployment's secrets.
    expect(deployment.leakedSecrets()).toEqual([]);
  }, 600_000);
});
