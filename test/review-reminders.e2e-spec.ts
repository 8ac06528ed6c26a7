import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { Language, Role } from '../src/common/identity/role';
import { formatDateTime } from '../src/notifications/email-renderer';
import { Actor, loadAgencies, signedIn } from './support/actors';
import { eventually } from './support/eventually';
import { callInReview, recruit, seedProposal } from './support/reviews';
import { SmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';
import { startTestWorker } from './support/test-worker';

const DAY_MS = 24 * 3600 * 1000;

interface ReminderRow {
  kind: string;
  due_at: Date;
  status: string;
  expectation: { dueAt: string };
}

jest.setTimeout(60_000);

/**
 * The reviewers' reminders at the in-process SMTP server: 3 days before the due date, on it, and 2 days after;
 * none once the review is submitted, declined or removed; moved with the due date. The worker's sweep reads the
 * database's clock, so the test moves the reminders' times rather than waiting days.
 */
describe('Review reminders', () => {
  const smtp = new SmtpSink();
  let testApp: TestApp;
  let worker: INestApplicationContext;
  let nstc: Actor;
  let gacr: Actor;
  let callId: string;
  const api = () => request(testApp.http);

  beforeAll(async () => {
    await smtp.start();
    testApp = await startTestApp({ SMTP_URL: smtp.url, SWEEP_INTERVAL_MS: '300', PUBLIC_URL: 'https://joint-calls.example.org' });
    worker = await startTestWorker();
    const agencies = await loadAgencies(testApp.dataSource);
    nstc = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('NSTC')!.id });
    gacr = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('GACR')!.id });
    callId = await callInReview(testApp, nstc, gacr, agencies);
  }, 120_000);
  afterAll(async () => {
    await worker?.close();
    await testApp?.close();
    await smtp.stop();
  });

  /** A fresh proposal and reviewer, the reviewer invited with the given due date. */
  async function invited(title: string, dueAt: Date): Promise<{ reviewer: Actor; assignmentId: string }> {
    const proposalId = await seedProposal(testApp.dataSource, callId, {
      title,
      home: { name: 'Chen Mei-ling', email: 'mlchen@ntu.edu.tw', institution: 'National Taiwan University' },
      partner: { name: 'Jana Nováková', email: 'novakova@cuni.cz', institution: 'Charles University', country: 'CZ' },
    });
    const reviewer = await signedIn(testApp, [Role.Reviewer]);
    await recruit(testApp, nstc, reviewer, { institution: 'Kyoto University', country: 'JP', emailDomain: 'kyoto-u.ac.jp' });
    const { body } = await api()
      .post(`/api/v1/proposals/${proposalId}/review-assignments`)
      .set(nstc.auth)
      .send({ reviewerId: reviewer.id, dueAt: dueAt.toISOString() })
      .expect(201);
    await smtp.waitUntil(reviewer.email, (mail) => mail.subject.startsWith('Invitation to review'));
    return { reviewer, assignmentId: body.id };
  }

  const remindersOf = (assignmentId: string) =>
    testApp.dataSource.query<ReminderRow[]>(
      `SELECT kind, due_at, status, expectation FROM reminder WHERE subject_type = 'REVIEW_ASSIGNMENT' AND subject_id = $1
       ORDER BY array_position(ARRAY['REVIEW_DUE_3D', 'REVIEW_DUE', 'REVIEW_OVERDUE_2D']::varchar[], kind)`,
      [assignmentId],
    );
  /** Brings a pending reminder's time to now, as if the days had passed. */
  const due = (assignmentId: string, kind: string) =>
    testApp.dataSource.query(`UPDATE reminder SET due_at = now() WHERE subject_id = $1 AND kind = $2 AND status = 'PENDING'`, [
      assignmentId,
      kind,
    ]);
  const remindersTo = (reviewer: Actor) => smtp.to(reviewer.email).filter((mail) => /^(Reminder|Overdue)/.test(mail.subject));

  it('reminds 3 days before the due date, on it and 2 days after, asking to answer while the invitation waits', async () => {
    // Due in 3 days and 2 seconds: the first reminder falls due in 2 seconds, on the database's clock.
    const dueAt = new Date(Date.now() + 3 * DAY_MS + 2000);
    const { reviewer, assignmentId } = await invited('Quantum sensors for seismic early warning', dueAt);
    expect((await remindersOf(assignmentId)).map((row) => [row.kind, row.due_at.getTime() - dueAt.getTime(), row.status])).toEqual([
      ['REVIEW_DUE_3D', -3 * DAY_MS, 'PENDING'],
      ['REVIEW_DUE', 0, 'PENDING'],
      ['REVIEW_OVERDUE_2D', 2 * DAY_MS, 'PENDING'],
    ]);

    const [first] = await smtp.waitUntil(reviewer.email, (mail) => mail.subject.startsWith('Reminder'));
    expect(first.subject).toBe('Reminder: your review of “Quantum sensors for seismic early warning”');
    expect(first.text).toContain('You have not yet answered the invitation');
    expect(first.text).toContain(formatDateTime(dueAt, 'Asia/Taipei', Language.English));
    expect(first.text).toContain(`https://joint-calls.example.org/review-assignments/${assignmentId}?lang=en`);

    await api().post(`/api/v1/review-assignments/${assignmentId}/accept`).set(reviewer.auth).send({ declareNoConflict: true }).expect(200);
    await due(assignmentId, 'REVIEW_DUE');
    const [onTheDay] = await smtp.waitUntil(reviewer.email, (mail) => mail.subject.startsWith('Reminder') && mail !== first);
    expect(onTheDay.text).toMatch(/Your review of the joint proposal\s+“Quantum sensors for seismic early warning”/);
    expect(onTheDay.text).not.toContain('You have not yet answered');
    await due(assignmentId, 'REVIEW_OVERDUE_2D');
    const [overdue] = await smtp.waitUntil(reviewer.email, (mail) => mail.subject.startsWith('Overdue'));
    expect(overdue.subject).toBe('Overdue: your review of “Quantum sensors for seismic early warning”');
    expect(overdue.text).toContain('was due');
    await eventually(
      () => remindersOf(assignmentId),
      (rows) => rows.every((row) => row.status === 'FIRED'),
      { what: 'every reminder fired' },
    );
    expect(remindersTo(reviewer)).toHaveLength(3);
  });

  it('sends none once the review is submitted, declined or removed', async () => {
    const dueAt = new Date(Date.now() + 10 * DAY_MS);
    const submitted = await invited('Submitted review', dueAt);
    const declined = await invited('Declined review', dueAt);
    const removed = await invited('Removed review', dueAt);

    await api()
      .post(`/api/v1/review-assignments/${submitted.assignmentId}/accept`)
      .set(submitted.reviewer.auth)
      .send({ declareNoConflict: true });
    await api()
      .put(`/api/v1/review-assignments/${submitted.assignmentId}/review`)
      .set(submitted.reviewer.auth)
      .send({ version: 1, scores: { excellence: 3, collaboration: 4 }, recommendation: 'FUND_IF_POSSIBLE' })
      .expect(200);
    await api().post(`/api/v1/review-assignments/${submitted.assignmentId}/submit`).set(submitted.reviewer.auth).expect(200);
    await api()
      .post(`/api/v1/review-assignments/${declined.assignmentId}/decline`)
      .set(declined.reviewer.auth)
      .send({ reason: 'On sabbatical' })
      .expect(200);
    await api().delete(`/api/v1/review-assignments/${removed.assignmentId}`).set(gacr.auth).expect(200);

    for (const { assignmentId } of [submitted, declined, removed]) {
      expect((await remindersOf(assignmentId)).map((row) => row.status)).toEqual(['CANCELLED', 'CANCELLED', 'CANCELLED']);
      for (const kind of ['REVIEW_DUE_3D', 'REVIEW_DUE', 'REVIEW_OVERDUE_2D']) await due(assignmentId, kind);
    }
    // A reminder made due on purpose for a live assignment shows the sweep ran meanwhile.
    const control = await invited('Control review', dueAt);
    await due(control.assignmentId, 'REVIEW_DUE_3D');
    await smtp.waitUntil(control.reviewer.email, (mail) => mail.subject.startsWith('Reminder'));
    for (const { reviewer } of [submitted, declined, removed]) expect(remindersTo(reviewer)).toEqual([]);
  });

  it('moves the reminders with the due date, and drops those whose time has passed', async () => {
    const { reviewer, assignmentId } = await invited('Moved review', new Date(Date.now() + 20 * DAY_MS));
    const later = new Date(Date.now() + 30 * DAY_MS);
    const moved = await api()
      .patch(`/api/v1/review-assignments/${assignmentId}`)
      .set(gacr.auth)
      .send({ version: 1, dueAt: later.toISOString() })
      .expect(200);
    expect(moved.body).toMatchObject({ dueAt: later.toISOString(), version: 2 });
    expect(
      (await remindersOf(assignmentId)).map((row) => [row.kind, row.due_at.getTime() - later.getTime(), row.status, row.expectation.dueAt]),
    ).toEqual([
      ['REVIEW_DUE_3D', -3 * DAY_MS, 'PENDING', later.toISOString()],
      ['REVIEW_DUE', 0, 'PENDING', later.toISOString()],
      ['REVIEW_OVERDUE_2D', 2 * DAY_MS, 'PENDING', later.toISOString()],
    ]);

    // Moved to 2 days from now: the 3-day reminder's time has passed; the others follow the new date.
    const sooner = new Date(Date.now() + 2 * DAY_MS);
    await api()
      .patch(`/api/v1/review-assignments/${assignmentId}`)
      .set(nstc.auth)
      .send({ version: 2, dueAt: sooner.toISOString() })
      .expect(200);
    expect((await remindersOf(assignmentId)).map((row) => [row.kind, row.status])).toEqual([
      ['REVIEW_DUE_3D', 'CANCELLED'],
      ['REVIEW_DUE', 'PENDING'],
      ['REVIEW_OVERDUE_2D', 'PENDING'],
    ]);
    await due(assignmentId, 'REVIEW_DUE');
    const [reminder] = await smtp.waitUntil(reviewer.email, (mail) => mail.subject.startsWith('Reminder'));
    expect(reminder.text).toContain(formatDateTime(sooner, 'Asia/Taipei', Language.English));
    const audit = await api().get(`/api/v1/audit?entityType=REVIEW_ASSIGNMENT&entityId=${assignmentId}`).set(nstc.auth).expect(200);
    expect(audit.body.items.map((event: { action: string }) => event.action)).toEqual(['ASSIGNED', 'DUE_DATE_MOVED', 'DUE_DATE_MOVED']);
    expect(
      (await api().patch(`/api/v1/review-assignments/${assignmentId}`).set(nstc.auth).send({ version: 3, dueAt: '2020-01-01T00:00:00Z' }))
        .status,
    ).toBe(422);
  });
});
