import { call, Deployment } from '../support/deployment';
import { eventually } from '../support/eventually';
import { waitForLog } from '../support/processes';
import { SmtpSink } from '../support/smtp-sink';
import { WebhookReceiver } from '../support/webhook-receiver';

const EMAILS = 100;
const WEBHOOKS = 100;

/**
 * The mail server and an agency's webhook receiver are down (connections refused) while work piles up, and come back
 * later: every e-mail and every webhook is delivered once they return, each exactly once, the webhooks in order.
 */
describe('The mail server and a webhook receiver down for a while', () => {
  const smtp = new SmtpSink({ headersOnly: true });
  const receiver = new WebhookReceiver();
  let deployment: Deployment;

  beforeAll(async () => {
    await smtp.start();
    await receiver.start();
    deployment = await Deployment.create({
      SMTP_URL: smtp.url,
      MAIL_RETRY_BASE_MS: '500',
      WEBHOOK_RETRY_BASE_MS: '500',
      WEBHOOK_TIMEOUT_MS: '2000',
    });
  }, 120_000);
  afterAll(async () => {
    await deployment?.close();
    await receiver.stop().catch(() => undefined);
    await smtp.stop().catch(() => undefined);
  });

  it('delivers everything exactly once after they return', async () => {
    const { url } = await deployment.api();
    const admin = await deployment.admin(url);
    const officer = await deployment.user(url, admin, ['OFFICER'], await deployment.agencyId('NSTC'));
    const endpoint = await call(url, 'POST', '/webhook-endpoints', {
      auth: officer.auth,
      body: { url: receiver.url, eventTypes: ['proposal.submitted'] },
    });
    expect(endpoint.status).toBe(201);
    const worker = deployment.worker();
    await waitForLog(worker, /Worker started/);
    // The account e-mails of the setup are delivered before the outage; only the outage's work counts below.
    await eventually(
      async () => (await deployment.pool.query(`SELECT 1 FROM outbound_email WHERE status <> 'SENT'`)).rowCount,
      (unsent) => unsent === 0,
      { what: 'the setup e-mails' },
    );
    const before = smtp.received.length;

    await smtp.stop();
    await receiver.stop();
    const db = deployment.pool;
    await db.query(
      `INSERT INTO outbound_email (idempotency_key, type, recipient_email, recipient_name, language, variables, subject_type, subject_id)
       SELECT 'outage|' || n, 'welcome', 'outage-' || n || '@example.org', 'Person ' || n, 'en',
              jsonb_build_object('name', 'Person ' || n, 'loginUrl', 'http://localhost:3000/sign-in'), 'USER', gen_random_uuid()
       FROM generate_series(1, $1) AS n`,
      [EMAILS],
    );
    await db.query(
      `WITH events AS (
         INSERT INTO webhook_event (type, call_id, agency_ids, body)
         SELECT 'proposal.submitted', gen_random_uuid(), ARRAY[]::uuid[], json_build_object('n', n)::text FROM generate_series(1, $1) AS n
         RETURNING id, sequence
       )
       INSERT INTO webhook_delivery (event_id, endpoint_id, sequence) SELECT id, $2, sequence FROM events`,
      [WEBHOOKS, endpoint.body.id],
    );
    await db.query(`SELECT pg_notify('outbound_email', ''), pg_notify('webhook_delivery', '')`);
    // Both are tried and fail, more than once, before they come back.
    const failures = await eventually(
      async () =>
        (
          await db.query<{ mails: number; webhooks: number }>(
            `SELECT (SELECT count(*)::int FROM outbound_email WHERE attempts >= 2 AND status = 'PENDING') AS mails,
                    (SELECT count(*)::int FROM webhook_attempt) AS webhooks`,
          )
        ).rows[0],
      ({ mails, webhooks }) => mails > 0 && webhooks >= 2,
      { timeoutMs: 60_000, what: 'failed attempts while both are down' },
    );

    await smtp.start();
    await receiver.start();
    await eventually(
      async () =>
        (
          await db.query<{ mails: number; webhooks: number }>(
            `SELECT (SELECT count(*)::int FROM outbound_email WHERE status = 'SENT' AND idempotency_key LIKE 'outage|%') AS mails,
                    (SELECT count(*)::int FROM webhook_delivery WHERE status = 'DELIVERED') AS webhooks`,
          )
        ).rows[0],
      ({ mails, webhooks }) => mails === EMAILS && webhooks === WEBHOOKS,
      { timeoutMs: 180_000, everyMs: 500, what: 'everything delivered after the outage' },
    );
    const mailIds = smtp.received.slice(before).map((mail) => mail.messageId);
    const webhookIds = receiver.accepted().map((webhook) => webhook.id);
    process.stdout.write(
      `receivers-down: ${failures.mails} e-mails and ${failures.webhooks} webhook attempts failed during the outage; ` +
        `${new Set(mailIds).size} e-mails and ${new Set(webhookIds).size} webhooks delivered after it\n`,
    );
    expect({ mails: mailIds.length, distinct: new Set(mailIds).size }).toEqual({ mails: EMAILS, distinct: EMAILS });
    expect({ webhooks: webhookIds.length, distinct: new Set(webhookIds).size }).toEqual({ webhooks: WEBHOOKS, distinct: WEBHOOKS });
    // In the order the events happened.
    const order = receiver.accepted().map((webhook) => (JSON.parse(webhook.body) as { n: number }).n);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // Whatever happened, the logs of the run hold none of the deployment's secrets.
    expect(deployment.leakedSecrets()).toEqual([]);
  }, 400_000);
});
