import { INestApplicationContext, Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import request from 'supertest';
import { ClaimedElsewhere, EmailDeliveryService } from '../src/notifications/delivery/email-delivery.service';
import { EmailRelayService } from '../src/notifications/delivery/email-relay.service';
import { EmailType } from '../src/notifications/email-types';
import { EmailRequest, InvalidRecipientError, OutboxService } from '../src/notifications/outbox.service';
import { HandlesReminder, ReminderHandler } from '../src/notifications/reminders/reminder-handler';
import { Reminder } from '../src/notifications/reminders/reminder.entity';
import { ReminderSweepService } from '../src/notifications/reminders/reminder-sweep.service';
import { ReminderService } from '../src/notifications/reminders/reminder.service';
import { Language, Role } from '../src/common/identity/role';
import { User } from '../src/users/user.entity';
import { expectProblem, loadAgencies, signedIn } from './support/actors';
import { eventually } from './support/eventually';
import { SmtpSink } from './support/smtp-sink';
import { TcpProxy } from './support/tcp-proxy';
import { startTestApp, TestApp } from './support/test-app';
import { startTestWorker } from './support/test-worker';

/**
 * Reminds a user to finish their profile: the reason is gone once the user is deactivated, and the reminder is
 * stale when the user's name no longer matches what it was scheduled for (as a moved deadline would).
 */
@Injectable()
@HandlesReminder('TEST_PROFILE')
class ProfileReminderHandler implements ReminderHandler {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  async evaluate(reminder: Reminder): Promise<EmailRequest[]> {
    const user = await this.txHost.tx.getRepository(User).findOneByOrFail({ id: reminder.recipientId });
    if (!user.active || user.name !== reminder.expectation.name) return [];
    return [welcomeTo(user.email, 'reminder', user.name)];
  }
}

const welcomeTo = (email: string, occurrence: string, name = 'Tester', agencyIds: string[] = []): EmailRequest<EmailType.Welcome> => ({
  type: EmailType.Welcome,
  to: { email, name, language: Language.English },
  about: { type: 'TEST', id: '3f1d7a52-6c57-4a8e-9e0e-4d0f0e6e9a01' },
  occurrence,
  variables: { name, loginUrl: 'http://localhost/login' },
  agencyIds,
});

describe('Notifications: transactional e-mail and reminders', () => {
  const smtp = new SmtpSink();
  let redisProxy: TcpProxy;
  let testApp: TestApp;
  let worker: INestApplicationContext;
  let secondWorker: INestApplicationContext | undefined;

  const inTransaction = <T>(work: () => Promise<T>) => testApp.app.get(TransactionHost).withTransaction(work);
  const requestEmail = (email: EmailRequest) => inTransaction(() => testApp.app.get(OutboxService).request(email));
  const statusOf = async (address: string) =>
    testApp.dataSource.query<{ status: string; attempts: number; last_error: string | null }[]>(
      `SELECT status, attempts, last_error FROM outbound_email WHERE recipient_email = $1`,
      [address],
    );
  /** The SMTP server has a message a moment before the worker marks its row: wait for the mark. */
  const settled = (address: string, status: 'SENT' | 'FAILED') =>
    eventually(
      () => statusOf(address),
      (rows) => rows[0]?.status === status,
      { what: `the e-mail to ${address} marked ${status}` },
    );

  beforeAll(async () => {
    await smtp.start();
    redisProxy = await new TcpProxy('127.0.0.1', 6379).start();
    testApp = await startTestApp({
      SMTP_URL: smtp.url,
      REDIS_URL: redisProxy.url,
      SWEEP_INTERVAL_MS: '200',
      MAIL_RETRY_BASE_MS: '100',
      MAIL_MAX_ATTEMPTS: '3',
    });
    worker = await startTestWorker([ProfileReminderHandler]);
  });
  afterAll(async () => {
    await secondWorker?.close();
    await worker.close();
    await testApp.close();
    await redisProxy.cut();
    await smtp.stop();
  });

  it('sends an e-mail committed with its change, in both parts, and never one whose transaction rolled back', async () => {
    await expect(
      inTransaction(async () => {
        await testApp.app.get(OutboxService).request(welcomeTo('rolled-back@example.org', 'x'));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await requestEmail(welcomeTo('committed@example.org', 'x'));

    const [mail] = await smtp.waitFor('committed@example.org');
    expect(mail.text).toContain('http://localhost/login');
    expect(mail.html).toContain('style="');
    expect(mail.messageId).toMatch(/@joint-calls>$/);
    // Nothing of the rolled-back change exists to be relayed: no row, so no e-mail, now or later.
    expect(await statusOf('rolled-back@example.org')).toEqual([]);
    expect(smtp.to('rolled-back@example.org')).toEqual([]);
    await settled('committed@example.org', 'SENT');
    expect(await statusOf('committed@example.org')).toEqual([{ status: 'SENT', attempts: 1, last_error: null }]);
  });

  it('refuses recipients that would smuggle a header or another recipient', async () => {
    await expect(requestEmail(welcomeTo('victim@example.org\r\nBcc: all@example.org', 'x'))).rejects.toThrow(InvalidRecipientError);
    await expect(requestEmail(welcomeTo('not an address', 'x'))).rejects.toThrow(InvalidRecipientError);
    await expect(requestEmail(welcomeTo('ok@example.org', 'x', 'Name\r\nBcc: all@example.org'))).rejects.toThrow(InvalidRecipientError);
    expect(await statusOf('ok@example.org')).toEqual([]);
  });

  it('requests an occurrence once: a repeated request is ignored', async () => {
    expect(await requestEmail(welcomeTo('once@example.org', 'same'))).toBe(true);
    expect(await requestEmail(welcomeTo('once@example.org', 'same'))).toBe(false);
    await smtp.waitFor('once@example.org');
    // One row, sent once: a SENT row is never claimed again.
    await settled('once@example.org', 'SENT');
    expect(await statusOf('once@example.org')).toEqual([{ status: 'SENT', attempts: 1, last_error: null }]);
    expect(smtp.to('once@example.org')).toHaveLength(1);
  });

  it('sends one e-mail when its job is processed twice, even at the same moment', async () => {
    await requestEmail(welcomeTo('twice@example.org', 'x'));
    const [{ id }] = await testApp.dataSource.query<{ id: string }[]>(
      `SELECT id FROM outbound_email WHERE recipient_email = 'twice@example.org'`,
    );
    const delivery = worker.get(EmailDeliveryService);
    // A job that finds the row claimed by another is thrown back to the queue (ClaimedElsewhere) to look again later.
    const settledCalls = await Promise.allSettled([delivery.deliver(id, false), delivery.deliver(id, false), delivery.deliver(id, false)]);
    const outcomes = settledCalls.flatMap((call) => (call.status === 'fulfilled' ? [call.value] : []));
    const refusals = settledCalls.flatMap((call) => (call.status === 'rejected' ? [call.reason as Error] : []));
    expect(refusals.every((error) => error instanceof ClaimedElsewhere)).toBe(true);
    await smtp.waitFor('twice@example.org');
    // The queue's own job may have delivered it too: wait until the row is settled, then count.
    await settled('twice@example.org', 'SENT');
    expect(smtp.to('twice@example.org')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'sent').length).toBeLessThanOrEqual(1);
  });

  it('retries through an SMTP outage with backoff and delivers in the end', async () => {
    smtp.failNext(2);
    await requestEmail(welcomeTo('outage@example.org', 'x'));
    await smtp.waitFor('outage@example.org');
    await settled('outage@example.org', 'SENT');
    expect(await statusOf('outage@example.org')).toEqual([{ status: 'SENT', attempts: 3, last_error: null }]);
  });

  it('marks an e-mail FAILED after the last attempt and shows it in the log', async () => {
    const agencies = await loadAgencies(testApp.dataSource);
    const nstc = agencies.get('NSTC')!.id;
    smtp.refuseAlways('bounces@example.org');
    await requestEmail(welcomeTo('bounces@example.org', 'x', 'Tester', [nstc]));
    await settled('bounces@example.org', 'FAILED');
    expect(await statusOf('bounces@example.org')).toEqual([{ status: 'FAILED', attempts: 3, last_error: expect.stringContaining('451') }]);

    const officer = await signedIn(testApp, [Role.Officer], { agencyId: nstc });
    const otherOfficer = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('DFG')!.id });
    const log = await request(testApp.http).get('/api/v1/notifications?status=FAILED').set(officer.auth).expect(200);
    expect(log.body.items).toEqual([expect.objectContaining({ recipientEmail: 'bounces@example.org', status: 'FAILED', attempts: 3 })]);
    expect(log.body.items[0]).not.toHaveProperty('variables');
    const foreign = await request(testApp.http).get('/api/v1/notifications?status=FAILED').set(otherOfficer.auth).expect(200);
    expect(foreign.body.total).toBe(0);
    const researcher = await signedIn(testApp, [Role.Researcher]);
    expectProblem(await request(testApp.http).get('/api/v1/notifications').set(researcher.auth), 403, 'ROLE_REQUIRED');
  });

  it('keeps e-mails requested while Redis is unreachable and sends them once it is back', async () => {
    await redisProxy.cut();
    await requestEmail(welcomeTo('redis-down@example.org', 'x'));
    // A relay pass while Redis is away enqueues nothing and leaves the row pending.
    expect(await worker.get(EmailRelayService).wake()).toBe(0);
    expect(smtp.to('redis-down@example.org')).toEqual([]);
    expect(await statusOf('redis-down@example.org')).toEqual([expect.objectContaining({ status: 'PENDING', attempts: 0 })]);
    await redisProxy.start();
    await smtp.waitFor('redis-down@example.org', 1, 20_000);
  });

  it('delivers each message once with two workers running', async () => {
    secondWorker = await startTestWorker([ProfileReminderHandler]);
    const addresses = Array.from({ length: 40 }, (_, i) => `pair-${i}@example.org`);
    await inTransaction(async () => {
      for (const address of addresses) await testApp.app.get(OutboxService).request(welcomeTo(address, 'x'));
    });
    for (const address of addresses) await smtp.waitFor(address);
    const unsettled = `SELECT count(*)::int AS n FROM outbound_email WHERE recipient_email LIKE 'pair-%' AND status <> 'SENT'`;
    await eventually(
      () => testApp.dataSource.query<{ n: number }[]>(unsettled),
      ([{ n }]) => n === 0,
      { what: 'every e-mail marked SENT' },
    );
    expect(addresses.filter((address) => smtp.to(address).length !== 1)).toEqual([]);
  });

  describe('reminders', () => {
    const HOUR = 3600_000;
    const schedule = (user: { id: string }, dueInMs: number, name: string) =>
      inTransaction(() =>
        testApp.app.get(ReminderService).schedule({
          kind: 'TEST_PROFILE',
          subject: { type: 'USER', id: user.id },
          recipientId: user.id,
          dueAt: new Date(Date.now() + dueInMs),
          expectation: { name },
        }),
      );
    const userNamed = async (name: string) => {
      const actor = await signedIn(testApp, [Role.Researcher]);
      await testApp.dataSource.getRepository(User).update(actor.id, { name });
      return actor;
    };
    const remindersOf = (user: { id: string }) =>
      testApp.dataSource.query<{ status: string; due_at: Date }[]>(`SELECT status, due_at FROM reminder WHERE recipient_id = $1`, [
        user.id,
      ]);
    /** Due is decided by the database clock: instead of waiting for it, bring the reminder's time to now. */
    const makeDue = (user: { id: string }) =>
      testApp.dataSource.query(`UPDATE reminder SET due_at = now() WHERE recipient_id = $1`, [user.id]);
    const sweep = () => worker.get(ReminderSweepService).sweep();
    /**
     * Sweeps until the user's reminder reaches `status`: the worker's own scheduled sweep may hold the row when ours
     * runs (SKIP LOCKED makes ours pass it by), so the fact is the row's status, whichever pass wrote it.
     */
    const sweptTo = async (user: { id: string }, status: string) =>
      eventually(
        async () => {
          await sweep();
          return remindersOf(user);
        },
        (rows) => rows.length === 1 && rows[0].status === status,
        { what: `the reminder to become ${status}` },
      );

    it('sends a reminder at its time while its reason holds, and not before', async () => {
      const user = await userNamed('Due Soon');
      await schedule(user, HOUR, 'Due Soon');
      await sweep();
      expect(await remindersOf(user)).toEqual([expect.objectContaining({ status: 'PENDING' })]);
      await makeDue(user);
      await sweep();
      await smtp.waitFor(user.email);
      expect(await remindersOf(user)).toEqual([expect.objectContaining({ status: 'FIRED' })]);
    });

    it('does not send a cancelled reminder', async () => {
      const user = await userNamed('Cancelled');
      await schedule(user, HOUR, 'Cancelled');
      await inTransaction(() => testApp.app.get(ReminderService).cancel({ type: 'USER', id: user.id }));
      await makeDue(user);
      await sweptTo(user, 'CANCELLED');
      expect(smtp.to(user.email)).toEqual([]);
    });

    it('does not send a reminder whose reason is gone at its time', async () => {
      const user = await userNamed('Gone');
      await schedule(user, HOUR, 'Gone');
      await testApp.dataSource.getRepository(User).update(user.id, { active: false });
      await makeDue(user);
      await sweptTo(user, 'OBSOLETE');
      expect(smtp.to(user.email)).toEqual([]);
    });

    it('moves a rescheduled reminder: one reminder, at the new time', async () => {
      const user = await userNamed('Moved');
      await schedule(user, HOUR, 'Moved');
      const movedTo = Date.now() + 2 * HOUR;
      await schedule(user, 2 * HOUR, 'Moved');
      const [moved, ...others] = await remindersOf(user);
      expect(others).toEqual([]);
      expect(moved.status).toBe('PENDING');
      expect(Math.abs(new Date(moved.due_at).getTime() - movedTo)).toBeLessThan(1000);
      await makeDue(user);
      await sweep();
      await smtp.waitFor(user.email);
      expect(await remindersOf(user)).toEqual([expect.objectContaining({ status: 'FIRED' })]);
      expect(smtp.to(user.email)).toHaveLength(1);
    });
  });
});
