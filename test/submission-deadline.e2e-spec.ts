import request from 'supertest';
import { CallClosingSweep } from '../src/calls/call-closing.sweep';
import { Role } from '../src/common/identity/role';
import { expectProblem, loadAgencies, signedIn } from './support/actors';
import { eventually } from './support/eventually';
import { callInput, completeDraft, hoursFromNow, publishedCall } from './support/calls';
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
  });
  afterAll(async () => {
    await testApp.close();
    await smtp.stop();
  });

  it('refuses a complete submission after the deadline before the closing job ran, then the job closes the call and tells both agencies', async () => {
    const agencies = await loadAgencies(testApp.dataSource);
    const nstc = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('NSTC')!.id });
    const gacr = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('GACR')!.id });
    const homePi = await signedIn(testApp, [Role.Researcher]);
    const partnerPi = await signedIn(testApp, [Role.Researcher]);
    const api = () => request(testApp.http);

    const call = await publishedCall(testApp, nstc, gacr, callInput(agencies, { closesAt: hoursFromNow(1) }));
    const proposalId = await completeDraft(testApp, call.id, homePi, partnerPi, { title: 'Just too late' });

    // The database clock judges the deadline: rather than wait for it, the deadline passes in the data.
    await testApp.dataSource.query(`UPDATE call SET closes_at = now() - interval '1 second' WHERE id = $1`, [call.id]);
    expectProblem(await api().post(`/api/v1/proposals/${proposalId}/submit`).set(homePi.auth), 409, 'CALL_CLOSED');
    const state = async (table: string, id: string) =>
      (await testApp.dataSource.query<{ state: string }[]>(`SELECT state FROM ${table} WHERE id = $1`, [id]))[0].state;
    expect([await state('call', call.id), await state('proposal', proposalId)]).toEqual(['PUBLISHED', 'DRAFT']);

    const worker = await startTestWorker();
    try {
      // The worker's own scheduled sweep may close it first: either way it is closed once, and a further sweep is idle.
      // A scheduled pass holding the row makes ours skip it (SKIP LOCKED): wait for whichever pass commits.
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
      const [notice] = await smtp.waitFor(gacr.email);
      expect(notice.subject).toContain('NSTC–GAČR');
      expect(notice.subject).toMatch(/\(proposals submitted: 0\)$/);
      expect(notice.text).toContain('Proposals submitted: 0');
      await smtp.waitFor(nstc.email);
    } finally {
      await testApp.app.close();
      await worker.close();
    }
  });
});
