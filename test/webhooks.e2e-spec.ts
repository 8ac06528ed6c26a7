import { INestApplicationContext } from '@nestjs/common';
import { Webhook } from 'standardwebhooks';
import request from 'supertest';
import { Role } from '../src/common/identity/role';
import { Agency } from '../src/reference-data/agency.entity';
import { Actor, expectProblem, loadAgencies, signedIn } from './support/actors';
import { callInput, publishedCall, submittedProposal } from './support/calls';
import { eventually } from './support/eventually';
import { SmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';
import { startTestWorker } from './support/test-worker';
import { ReceivedWebhook, WebhookReceiver } from './support/webhook-receiver';

const ALL_EVENTS = [
  'call.published',
  'call.closed',
  'proposal.submitted',
  'proposal.eligibility_recorded',
  'decision.recorded',
  'call.finalized',
  'award.report_submitted',
];

/** Verifies a delivery as an agency's system would, with the Standard Webhooks library; returns the event. */
const verified = (secret: string, webhook: ReceivedWebhook) =>
  new Webhook(secret).verify(webhook.body, {
    'webhook-id': webhook.id,
    'webhook-timestamp': webhook.timestamp,
    'webhook-signature': webhook.signature,
  }) as { type: string; timestamp: string; data: Record<string, unknown> };

describe('Webhooks: signed events of a call to the agencies party to it, in order, retried, replayable', () => {
  const smtp = new SmtpSink();
  const gacrSystem = new WebhookReceiver();
  const dfgSystem = new WebhookReceiver();
  let testApp: TestApp;
  let worker: INestApplicationContext;
  let agencies: Map<string, Agency>;
  let nstc: Actor;
  let gacr: Actor;
  let dfg: Actor;
  let homePi: Actor;
  let partnerPi: Actor;
  let gacrSecret: string;
  let gacrEndpoint: { id: string; version: number };
  const api = () => request(testApp.http);
  const deliveries = (status?: string) =>
    testApp.dataSource.query<{ id: string; status: string; attempts: number }[]>(
      `SELECT d.id, d.status, d.attempts FROM webhook_delivery d WHERE d.endpoint_id = $1 ${status ? 'AND d.status = $2' : ''} ORDER BY d.sequence`,
      status ? [gacrEndpoint.id, status] : [gacrEndpoint.id],
    );
  const allSettled = () =>
    eventually(deliveries, (rows) => rows.length > 0 && rows.every((row) => row.status === 'DELIVERED' || row.status === 'FAILED'), {
      what: 'every delivery settled',
    });

  beforeAll(async () => {
    await smtp.start();
    await gacrSystem.start();
    await dfgSystem.start();
    testApp = await startTestApp({
      SMTP_URL: smtp.url,
      SWEEP_INTERVAL_MS: '200',
      WEBHOOK_RETRY_BASE_MS: '100',
      WEBHOOK_TIMEOUT_MS: '400',
      WEBHOOK_MAX_ATTEMPTS: '3',
      WEBHOOK_DISABLE_AFTER_FAILURES: '5',
    });
    worker = await startTestWorker();
    agencies = await loadAgencies(testApp.dataSource);
    nstc = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('NSTC')!.id });
    gacr = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('GACR')!.id });
    dfg = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('DFG')!.id });
    homePi = await signedIn(testApp, [Role.Researcher]);
    partnerPi = await signedIn(testApp, [Role.Researcher]);
  }, 120_000);
  afterAll(async () => {
    await worker.close();
    await testApp.close();
    await Promise.all([gacrSystem.stop(), dfgSystem.stop(), smtp.stop()]);
  });

  const submitted = (callId: string) => submittedProposal(testApp, callId, homePi, partnerPi);

  it('registers an endpoint, shows its secret once and never again', async () => {
    const created = await api()
      .post('/api/v1/webhook-endpoints')
      .set(gacr.auth)
      .send({ url: gacrSystem.url, eventTypes: ALL_EVENTS, description: 'GAČR grants office' })
      .expect(201);
    expect(created.body).toMatchObject({ agencyId: agencies.get('GACR')!.id, active: true, secret: expect.stringMatching(/^whsec_/) });
    gacrSecret = created.body.secret;
    gacrEndpoint = created.body;
    const read = await api().get(`/api/v1/webhook-endpoints/${gacrEndpoint.id}`).set(gacr.auth).expect(200);
    expect(JSON.stringify(read.body)).not.toContain(gacrSecret.slice(6));
    expect(read.body).not.toHaveProperty('secret');
    const [stored] = await testApp.dataSource.query<{ sealed: Buffer }[]>(
      `SELECT secret_ciphertext AS sealed FROM webhook_endpoint WHERE id = $1`,
      [gacrEndpoint.id],
    );
    expect(stored.sealed.toString('latin1')).not.toContain(gacrSecret.slice(6));
    // Another agency's officer does not even see it.
    expectProblem(await api().get(`/api/v1/webhook-endpoints/${gacrEndpoint.id}`).set(dfg.auth), 404, 'WEBHOOK_ENDPOINT_NOT_FOUND');
    await api().post('/api/v1/webhook-endpoints').set(dfg.auth).send({ url: dfgSystem.url, eventTypes: ALL_EVENTS }).expect(201);
  });

  it('delivers the events of a call, signed, in the order they happened, once each; a third agency gets nothing', async () => {
    const call = await publishedCall(testApp, nstc, gacr, callInput(agencies));
    const proposalId = await submitted(call.id);
    await api().post(`/api/v1/proposals/${proposalId}/eligibility`).set(nstc.auth).send({ eligible: true, reason: 'Tenured.' }).expect(200);
    await api()
      .post(`/api/v1/proposals/${proposalId}/eligibility`)
      .set(gacr.auth)
      .send({ eligible: true, reason: 'Contract.' })
      .expect(200);
    await allSettled();

    const events = gacrSystem.accepted().map((webhook) => verified(gacrSecret, webhook));
    expect(events.map((event) => event.type)).toEqual([
      'call.published',
      'proposal.submitted',
      'proposal.eligibility_recorded',
      'proposal.eligibility_recorded',
    ]);
    expect(events[1].data).toMatchObject({
      proposalId,
      callId: call.id,
      homeBudget: { amount: '1000000.00', currency: 'TWD' },
      partnerBudget: { amount: '900000.50', currency: 'CZK' },
    });
    expect(events[3].data).toMatchObject({ agencyId: agencies.get('GACR')!.id, eligible: true, proposalState: 'ELIGIBLE' });
    const ids = gacrSystem.received.map((webhook) => webhook.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(dfgSystem.received).toEqual([]);
    // A tampered body does not verify.
    const [first] = gacrSystem.accepted();
    expect(() => verified(gacrSecret, { ...first, body: first.body.replace('call.published', 'call.cancelled') })).toThrow();
  });

  it('retries after a 500 and after a timeout with the same webhook-id, and never again after a 2xx', async () => {
    gacrSystem.answerNext(500, 'hang');
    const before = gacrSystem.received.length;
    await publishedCall(testApp, nstc, gacr, callInput(agencies));
    await allSettled();
    const attempts = gacrSystem.received.slice(before);
    expect(attempts.map((webhook) => webhook.answered)).toEqual([500, 'hung', 204]);
    expect(new Set(attempts.map((webhook) => webhook.id)).size).toBe(1);
    for (const attempt of attempts) expect(verified(gacrSecret, attempt).type).toBe('call.published');

    const [delivery] = (await deliveries()).filter((row) => row.id === attempts[0].id);
    expect(delivery).toMatchObject({ status: 'DELIVERED', attempts: 3 });
    const detail = await api().get(`/api/v1/webhook-deliveries/${delivery.id}`).set(gacr.auth).expect(200);
    expect(
      detail.body.attemptLog.map((attempt: { statusCode: number | null; error: string | null }) => attempt.statusCode ?? attempt.error),
    ).toEqual([500, 'no answer within 400 ms', 204]);
  });

  it('replays a delivery on request, with the same webhook-id', async () => {
    const [delivered] = await deliveries('DELIVERED');
    const before = gacrSystem.received.length;
    const replayed = await api().post(`/api/v1/webhook-deliveries/${delivered.id}/replay`).set(gacr.auth).expect(200);
    expect(replayed.body.id).toBe(delivered.id);
    await eventually(
      async () => gacrSystem.received.slice(before),
      (received) => received.length === 1,
      { what: 'the replayed delivery' },
    );
    expect(gacrSystem.received.at(-1)!.id).toBe(delivered.id);
    await allSettled();
    expectProblem(await api().post(`/api/v1/webhook-deliveries/${delivered.id}/replay`).set(nstc.auth), 404, 'WEBHOOK_DELIVERY_NOT_FOUND');
  });

  it('disables an endpoint after a run of failures, tells its officers, and delivers what queued once resumed', async () => {
    gacrSystem.answerAlways(503);
    await publishedCall(testApp, nstc, gacr, callInput(agencies));
    await publishedCall(testApp, nstc, gacr, callInput(agencies));
    const [notice] = await smtp.waitUntil(gacr.email, (mail) => mail.subject.startsWith('Webhook endpoint disabled'));
    expect(notice.text).toContain('after 5 attempts in a row failed');
    // An officer's times are in their agency's zone.
    expect(notice.text).toMatch(/Disabled on: .*\(Europe\/Prague, GMT\+[12]\)/);
    expect(notice.text).toContain(`/webhook-endpoints/${gacrEndpoint.id}`);
    const disabled = await api().get(`/api/v1/webhook-endpoints/${gacrEndpoint.id}`).set(gacr.auth).expect(200);
    expect(disabled.body).toMatchObject({ active: false, disabledReason: expect.stringContaining('HTTP 503') });

    // Events go on queueing while it is disabled.
    await publishedCall(testApp, nstc, gacr, callInput(agencies));
    gacrSystem.recover();
    await api()
      .patch(`/api/v1/webhook-endpoints/${gacrEndpoint.id}`)
      .set(gacr.auth)
      .send({ active: true, version: disabled.body.version })
      .expect(200);
    await eventually(deliveries, (rows) => rows.filter((row) => row.status === 'PENDING' || row.status === 'SENDING').length === 0, {
      what: 'the queue drained',
    });
    const failed = await deliveries('FAILED');
    expect(failed.length).toBeGreaterThanOrEqual(1);
    const log = await api().get(`/api/v1/webhook-deliveries?status=FAILED&endpointId=${gacrEndpoint.id}`).set(gacr.auth).expect(200);
    expect(log.body.total).toBe(failed.length);
    expect(log.body.items[0]).toMatchObject({ status: 'FAILED', lastStatusCode: 503, eventType: 'call.published' });
  });

  it('signs with both the new and the previous secret for a day after a rotation', async () => {
    const rotated = await api().post(`/api/v1/webhook-endpoints/${gacrEndpoint.id}/rotate-secret`).set(gacr.auth).expect(200);
    expect(rotated.body.secret).not.toBe(gacrSecret);
    const before = gacrSystem.received.length;
    await publishedCall(testApp, nstc, gacr, callInput(agencies));
    await eventually(
      async () => gacrSystem.received.slice(before),
      (received) => received.length === 1,
      { what: 'one delivery' },
    );
    const delivery = gacrSystem.received.at(-1)!;
    expect(delivery.signature.split(' ')).toHaveLength(2);
    expect(verified(rotated.body.secret, delivery).type).toBe('call.published');
    expect(verified(gacrSecret, delivery).type).toBe('call.published');
  });
});
