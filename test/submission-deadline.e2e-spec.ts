import request from 'supertest';
import { CallClosingSweep } from '../src/calls/call-closing.sweep';
import { Role } from '../src/common/identity/role';
import { Actor, expectProblem, loadAgencies, signedIn } from './support/actors';
import { callInput, completeDraft, hoursFromNow, publishedCall } from './support/calls';
import { eventually } from './support/eventually';
import { SmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';
import { startTestWorker } from './support/test-worker';

/** No worker runs until the end here, so the closing job certainly has not run when the deadline passes. */
describe('The submission deadline', () => {
  const smtp = new SmtpSink();
  let testApp: TestApp;

  beforeAll(async () => {
    await smtp.start();
    testApp = await startTestApp({ SMTP_URL: smtp.url, SWEEP_INTERVAL_MS: '60000' });
  }, 120_000);
  afterAll(async () => {
    await testApp.close();
    await smtp.stop();
  });

  describe('counts a submission by when the API read the request', () => {
    let officers: { nstc: Actor; gacr: Actor };
    let homePi: Actor;
    let partnerPi: Actor;
    let agencies: Map<string, { id: string }>;
    const api = () => request(testApp.http);
    const db = () => testApp.dataSource;

    beforeAll(async () => {
      agencies = await loadAgencies(testApp.dataSource);
      officers = {
        nstc: await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('NSTC')!.id }),
        gacr: await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('GACR')!.id }),
      };
      homePi = await signedIn(testApp, [Role.Researcher]);
      partnerPi = await signedIn(testApp, [Role.Researcher]);
    }, 120_000);
    afterEach(() => testApp.clock.reset());

    /** A complete draft in a call of its own that closes in an hour: its deadline is then moved in the data. */
    async function draftInOwnCall(title: string): Promise<{ callId: string; proposalId: string }> {
      const call = await publishedCall(testApp, officers.nstc, officers.gacr, callInput(agencies, { closesAt: hoursFromNow(1) }));
      return { callId: call.id, proposalId: await completeDraft(testApp, call.id, homePi, partnerPi, { title }) };
    }

    /** Moves the deadline to the database's now + `offsetMs` (negative: past) and returns it. */
    async function deadlineAt(callId: string, offsetMs: number): Promise<Date> {
      // TypeORM answers an UPDATE with [rows, count].
      const [[{ closes_at }]] = await db().query<[{ closes_at: Date }[], number]>(
        `UPDATE call SET closes_at = date_trunc('milliseconds', clock_timestamp()) + $2 * interval '1 millisecond' WHERE id = $1 RETURNING closes_at`,
        [callId, offsetMs],
      );
      return closes_at;
    }

    const submit = (proposalId: string) => api().post(`/api/v1/proposals/${proposalId}/submit`).set(homePi.auth);
    const stored = async (proposalId: string) =>
      (
        await db().query<{ state: string; submitted_at: Date | null; receipts: number; audits: number }[]>(
          `SELECT state, submitted_at,
                  (SELECT count(*)::int FROM outbound_email WHERE subject_id = p.id AND type = 'submission-receipt') AS receipts,
                  (SELECT count(*)::int FROM audit_event WHERE entity_id = p.id AND action = 'SUBMITTED') AS audits
             FROM proposal p WHERE id = $1`,
          [proposalId],
        )
      )[0];
    const minus = (at: Date, ms: number) => new Date(at.getTime() - ms);

    it('accepts a request read 1 ms before closesAt whose transaction commits after it, and stores when it was read', async () => {
      const { callId, proposalId } = await draftInOwnCall('Read in time, committed late');
      const closesAt = await deadlineAt(callId, -5000); // by the database's clock, every commit from now on is after closesAt
      testApp.clock.freeze(minus(closesAt, 1));

      const { body } = await submit(proposalId).expect(200);
      expect(body).toMatchObject({ state: 'SUBMITTED', submittedAt: minus(closesAt, 1).toISOString() });
      expect(await stored(proposalId)).toEqual({ state: 'SUBMITTED', submitted_at: minus(closesAt, 1), receipts: 2, audits: 1 });
    });

    it('refuses a request read at closesAt, although the database has not reached it yet, and accepts one read 1 ms before', async () => {
      const late = await draftInOwnCall('Read at the deadline');
      const closesAt = await deadlineAt(late.callId, 3600_000);
      testApp.clock.freeze(closesAt);
      const problem = expectProblem(await submit(late.proposalId), 409, 'CALL_CLOSED');
      expect(problem.detail).toContain(`received at ${closesAt.toISOString()}`);
      expect(await stored(late.proposalId)).toEqual({ state: 'DRAFT', submitted_at: null, receipts: 0, audits: 0 });

      const onTime = await draftInOwnCall('Read just before the deadline');
      testApp.clock.freeze(minus(await deadlineAt(onTime.callId, 3600_000), 1));
      await submit(onTime.proposalId).expect(200);
    });

    it('accepts a request read before closesAt after the closing job has closed the call meanwhile', async () => {
      const { callId, proposalId } = await draftInOwnCall('Read before the closing job ran');
      const closesAt = await deadlineAt(callId, -5000);
      await db().query(`UPDATE call SET state = 'CLOSED' WHERE id = $1`, [callId]); // as the closing job does at closesAt
      testApp.clock.freeze(minus(closesAt, 1));
      await submit(proposalId).expect(200);
      expect((await stored(proposalId)).state).toBe('SUBMITTED');
    });

    it('refuses a request read before closesAt whose transaction commits more than 60 s after it was read, and accepts one within', async () => {
      const stuck = await draftInOwnCall('Stuck past the grace period');
      // Read 1 ms before a deadline 61 s ago: the transaction commits more than 60 s after the request was read.
      testApp.clock.freeze(minus(await deadlineAt(stuck.callId, -61_000), 1));
      expectProblem(await submit(stuck.proposalId), 409, 'CALL_CLOSED');
      expect(await stored(stuck.proposalId)).toEqual({ state: 'DRAFT', submitted_at: null, receipts: 0, audits: 0 });

      // Within the grace period (with 2 s for the request itself on a loaded machine).
      const slow = await draftInOwnCall('Slow but within the grace period');
      testApp.clock.freeze(minus(await deadlineAt(slow.callId, -58_000), 1));
      await submit(slow.proposalId).expect(200);
    });

    it('holds the stored submission time to the deadline in the database, whatever the application does', async () => {
      const { callId, proposalId } = await draftInOwnCall('Written around the API');
      const closesAt = await deadlineAt(callId, 3600_000);
      const submitInSql = (submittedAt: Date | null) =>
        db().query(`UPDATE proposal SET state = 'SUBMITTED', submitted_at = $2 WHERE id = $1`, [proposalId, submittedAt]);
      for (const submittedAt of [closesAt, null]) await expect(submitInSql(submittedAt)).rejects.toMatchObject({ code: 'JC001' });
      await db().query(`UPDATE call SET state = 'IN_REVIEW' WHERE id = $1`, [callId]);
      await expect(submitInSql(minus(closesAt, 1))).rejects.toMatchObject({ code: 'JC001' });
      expect((await stored(proposalId)).state).toBe('DRAFT');
    });
  });

  it('refuses a complete submission after the deadline before the closing job ran, then the job closes the call and tells both agencies', async () => {
    const agencies = await loadAgencies(testApp.dataSource);
    const nstc = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('NSTC')!.id });
    const gacr = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('GACR')!.id });
    const homePi = await signedIn(testApp, [Role.Researcher]);
    const partnerPi = await signedIn(testApp, [Role.Researcher]);
    const api = () => request(testApp.http);

    // A title of its own: the calls of the tests above close in the same sweep, and these officers hear of all of them.
    const title = 'NSTC–GAČR Call Closed Before Its Job Ran';
    const call = await publishedCall(testApp, nstc, gacr, callInput(agencies, { closesAt: hoursFromNow(1), title }));
    const proposalId = await completeDraft(testApp, call.id, homePi, partnerPi, { title: 'Just too late' });

    // The API's clock judges when the request was received: rather than wait for the deadline, it passes in the data.
    await testApp.dataSource.query(`UPDATE call SET closes_at = now() - interval '1 second' WHERE id = $1`, [call.id]);
    expectProblem(await api().post(`/api/v1/proposals/${proposalId}/submit`).set(homePi.auth), 409, 'CALL_CLOSED');
    const state = async (table: string, id: string) =>
      (await testApp.dataSource.query<{ state: string }[]>(`SELECT state FROM ${table} WHERE id = $1`, [id]))[0].state;
    expect([await state('call', call.id), await state('proposal', proposalId)]).toEqual(['PUBLISHED', 'DRAFT']);

    const worker = await startTestWorker();
    try {
      // The worker's own scheduled sweep may close it first: either way it is closed once, and a further sweep is idle.
      // A scheduled pass holding the row makes ours skip it (SKIP LOCKED), so wait for whichever pass commits.
      await worker.get(CallClosingSweep).sweep();
      await eventually(
        () => state('call', call.id),
        (current) => current === 'CLOSED',
        { what: 'the call closed' },
      );
      expect(await worker.get(CallClosingSweep).sweep()).toBe(0);
      const closings = await testApp.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1 AND action = 'CLOSED'`,
        [call.id],
      );
      expect(closings).toEqual([{ n: 1 }]);
      const [notice] = await smtp.waitUntil(gacr.email, (mail) => mail.subject.includes(title));
      expect(notice.subject).toMatch(/\(proposals submitted: 0\)$/);
      expect(notice.text).toContain('Proposals submitted: 0');
      await smtp.waitUntil(nstc.email, (mail) => mail.subject.includes(title));
    } finally {
      await testApp.app.close();
      await worker.close();
    }
  });
});
