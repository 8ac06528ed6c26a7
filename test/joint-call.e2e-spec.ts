import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { Agency } from '../src/reference-data/agency.entity';
import { Language, Role } from '../src/common/identity/role';
import { Actor, loadAgencies, signedIn } from './support/actors';
import { callInput, hoursFromNow, PDF, publishedCall } from './support/calls';
import { eventually } from './support/eventually';
import { bothEligible, callMove, closeCall, submittedJointProposal } from './support/joint-calls';
import { recruit } from './support/reviews';
import { SmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';
import { startTestWorker } from './support/test-worker';

const HAN = /\p{Script=Han}/u;

/**
 * A whole joint call, through the API as its people use it: published by both agencies, three joint proposals
 * submitted, both verdicts, reviews by a reviewer of each agency, each agency's decisions (one proposal awarded, one rejected, one waitlisted),
 * finalization with its letters and summaries in each recipient's language, and an award's interim report from
 * its reminder to its acceptance by both agencies.
 */
describe('A whole joint call, from publication to an accepted report', () => {
  const smtp = new SmtpSink();
  let testApp: TestApp;
  let worker: INestApplicationContext | undefined;
  let agencies: Map<string, Agency>;
  let nstc: Actor;
  let gacr: Actor;
  let homePi: Actor;
  let partnerPi: Actor;
  let callId: string;
  const proposals: Record<'awarded' | 'rejected' | 'waitlisted', string> = { awarded: '', rejected: '', waitlisted: '' };
  let awardId: string;
  let reportId: string;
  const api = () => request(testApp.http);
  const decide = (officer: Actor, proposalId: string, body: object) =>
    api().put(`/api/v1/proposals/${proposalId}/decisions/mine`).set(officer.auth).send(body).expect(200);

  beforeAll(async () => {
    await smtp.start();
    testApp = await startTestApp({ SMTP_URL: smtp.url, SWEEP_INTERVAL_MS: '300', PUBLIC_URL: 'https://joint-calls.example.org' });
    worker = await startTestWorker([], testApp.clock);
    agencies = await loadAgencies(testApp.dataSource);
    nstc = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('NSTC')!.id, language: Language.TraditionalChinese });
    gacr = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('GACR')!.id });
    homePi = await signedIn(testApp, [Role.Researcher], { language: Language.TraditionalChinese });
    partnerPi = await signedIn(testApp, [Role.Researcher]);
  }, 120_000);
  afterAll(async () => {
    await worker?.close();
    await testApp.close();
    await smtp.stop();
  });

  it('publishes the call with both agencies’ approval and takes three joint proposals', async () => {
    const call = await publishedCall(
      testApp,
      nstc,
      gacr,
      callInput(agencies, { closesAt: hoursFromNow(6), projectStartsAt: '2027-08-01T00:00:00+08:00' }),
    );
    callId = call.id;
    expect(call.state).toBe('PUBLISHED');
    const titles = {
      awarded: 'Quantum sensors for seismic early warning',
      rejected: 'Soft robotics for elderly care',
      waitlisted: 'Typhoon-resilient power grids',
    };
    for (const outcome of ['awarded', 'rejected', 'waitlisted'] as const) {
      proposals[outcome] = await submittedJointProposal(testApp, callId, homePi, partnerPi, { title: titles[outcome] }, smtp);
    }
    const { body } = await api().get(`/api/v1/calls/${callId}/proposals`).set(gacr.auth).expect(200);
    expect(body.items.map((proposal: { state: string }) => proposal.state)).toEqual(['SUBMITTED', 'SUBMITTED', 'SUBMITTED']);
  }, 120_000);

  it('finds every applicant eligible, closes, and has each proposal reviewed by a reviewer of each agency', async () => {
    for (const proposalId of Object.values(proposals)) await bothEligible(testApp, proposalId, nstc, gacr);
    await closeCall(testApp.dataSource, callId);
    await callMove(testApp, callId, 'start-review', gacr);
    const pools = [
      { officer: nstc, email: `ingrid.${process.pid}@uio.example`, institution: 'University of Oslo', country: 'NO' },
      { officer: gacr, email: `marta.${process.pid}@ethz.example`, institution: 'ETH Zurich', country: 'CH' },
    ];
    for (const [index, pool] of pools.entries()) {
      const reviewer = await signedIn(testApp, [Role.Reviewer], { email: pool.email });
      await recruit(
        testApp,
        pool.officer,
        { ...reviewer, name: index === 0 ? 'Ingrid Larsen' : 'Marta Keller' },
        {
          institution: pool.institution,
          country: pool.country,
        },
      );
      for (const [outcome, proposalId] of Object.entries(proposals)) {
        const { body: assignment } = await api()
          .post(`/api/v1/proposals/${proposalId}/review-assignments`)
          .set(pool.officer.auth)
          .send({ reviewerId: reviewer.id })
          .expect(201);
        await api()
          .post(`/api/v1/review-assignments/${assignment.id}/accept`)
          .set(reviewer.auth)
          .send({ declareNoConflict: true })
          .expect(200);
        await api()
          .put(`/api/v1/review-assignments/${assignment.id}/review`)
          .set(reviewer.auth)
          .send({
            version: 1,
            scores: { excellence: outcome === 'awarded' ? 5 : 3, collaboration: 4 },
            recommendation: outcome === 'awarded' ? 'FUND' : 'FUND_IF_POSSIBLE',
            commentsToApplicants: `Reviewer ${index + 1} on ${outcome}: the work plan is clear.`,
            confidentialComments: `Confidential ${index + 1}: not for the applicants.`,
          })
          .expect(200);
        await api().post(`/api/v1/review-assignments/${assignment.id}/submit`).set(reviewer.auth).send({}).expect(200);
      }
    }
    const { body } = await api().get(`/api/v1/calls/${callId}/proposals`).set(nstc.auth).expect(200);
    expect(body.items.map((proposal: { state: string }) => proposal.state)).toEqual(['UNDER_REVIEW', 'UNDER_REVIEW', 'UNDER_REVIEW']);
    const statistics = await api().get(`/api/v1/calls/${callId}/statistics`).set(gacr.auth).expect(200);
    expect(statistics.body.reviews).toEqual({ done: 6, due: 0, overdue: 0 });
    await callMove(testApp, callId, 'start-decision', nstc);
  }, 120_000);

  it('records each agency’s decisions: one awarded, one rejected, one waitlisted', async () => {
    await decide(nstc, proposals.awarded, { decision: 'FUND', amount: { amount: '2500000.00', currency: 'TWD' } });
    await decide(gacr, proposals.awarded, { decision: 'FUND', amount: { amount: '2400000.00', currency: 'CZK' } });
    await decide(nstc, proposals.rejected, { decision: 'REJECT', note: 'Below the funding line.' });
    await decide(gacr, proposals.rejected, { decision: 'FUND', amount: { amount: '900000.00', currency: 'CZK' } });
    await decide(nstc, proposals.waitlisted, { decision: 'FUND', amount: { amount: '1000000.00', currency: 'TWD' } });
    const last = await decide(gacr, proposals.waitlisted, { decision: 'WAITLIST' });
    expect(last.body.outcome).toBe('WAITLISTED');
  });

  it('finalizes, and each PI reads the letters in their language, each agency its summary', async () => {
    await api().post(`/api/v1/calls/${callId}/finalize`).set(nstc.auth).send({}).expect(200);
    const states = await testApp.dataSource.query(`SELECT id, state FROM proposal WHERE call_id = $1`, [callId]);
    expect(Object.fromEntries(states.map((row: { id: string; state: string }) => [row.id, row.state]))).toEqual({
      [proposals.awarded]: 'AWARDED',
      [proposals.rejected]: 'REJECTED',
      [proposals.waitlisted]: 'WAITLISTED',
    });
    const zhLetters = await waitForLetters(homePi.email, '審查結果通知');
    expect(zhLetters.map((mail) => mail.subject).sort()).toEqual([
      '【雙邊合作研究計畫】審查結果通知：計畫「Quantum sensors for seismic early warning」獲雙方機構補助',
      '【雙邊合作研究計畫】審查結果通知：計畫「Soft robotics for elderly care」未獲補助',
      '【雙邊合作研究計畫】審查結果通知：計畫「Typhoon-resilient power grids」列入備取',
    ]);
    zhLetters.forEach((mail) => expect(mail.language).toBe('zh-TW'));
    const enLetters = await waitForLetters(partnerPi.email, 'Decision on');
    expect(enLetters.map((mail) => mail.subject).sort()).toEqual([
      'Decision on “Quantum sensors for seismic early warning”: funded by both agencies',
      'Decision on “Soft robotics for elderly care”: not funded',
      'Decision on “Typhoon-resilient power grids”: on the waiting list',
    ]);
    enLetters.forEach((mail) => expect(HAN.test(mail.text)).toBe(false));
    // The reviewers' comments to the applicants, and nothing the applicants may not read: no reviewer's name, no
    // confidential comment, no officer's note.
    const awardedLetter = enLetters.find((mail) => mail.subject.includes('Quantum'))!;
    expect(awardedLetter.text).toContain('> Reviewer 1 on awarded: the work plan is clear.');
    expect(awardedLetter.text).toContain('> Reviewer 2 on awarded: the work plan is clear.');
    for (const mail of [...zhLetters, ...enLetters]) {
      expect(mail.text).not.toMatch(/Ingrid|Larsen|Marta|Keller|Confidential|Below the funding line/);
      expect(mail.html).not.toMatch(/Ingrid|Larsen|Marta|Keller|Confidential|Below the funding line/);
    }
    const reviews = await api().get(`/api/v1/proposals/${proposals.rejected}/reviews`).set(homePi.auth).expect(200);
    expect(JSON.stringify(reviews.body)).toContain('Reviewer 2 on rejected: the work plan is clear.');
    expect(JSON.stringify(reviews.body)).not.toMatch(/Ingrid|Marta|Confidential/);

    const [zhSummary] = await smtp.waitUntil(nstc.email, (mail) => mail.subject.includes('徵求案已定案'));
    expect(zhSummary.text).toContain('獲雙方補助：1 件');
    const [enSummary] = await smtp.waitUntil(gacr.email, (mail) => mail.subject.startsWith('Call finalized'));
    expect(enSummary.text).toContain('Rejected: 1');
    expect(enSummary.text).toContain('Waitlisted: 1');

    const awards = await api().get('/api/v1/awards').set(homePi.auth).expect(200);
    expect(awards.body.items).toHaveLength(1);
    awardId = awards.body.items[0].id;
    reportId = awards.body.items[0].reports[0].id;
  });

  it('reminds the PIs of the interim report as its due date nears', async () => {
    await testApp.dataSource.query(`UPDATE reminder SET due_at = now() WHERE subject_id = $1 AND kind = 'AWARD_REPORT_7D'`, [reportId]);
    const [zh] = await smtp.waitUntil(homePi.email, (mail) => mail.subject.includes('報告繳交提醒'));
    expect(zh.text).toContain(`https://joint-calls.example.org/awards/${awardId}?lang=zh-TW`);
    await smtp.waitUntil(
      partnerPi.email,
      (mail) => mail.subject === 'Reminder: the interim report of “Quantum sensors for seismic early warning”',
    );
  });

  it('takes the report, a revision request, the resubmission and both acceptances', async () => {
    const upload = (pi: Actor) =>
      api().post(`/api/v1/awards/${awardId}/reports`).set(pi.auth).attach('file', PDF, 'interim-report.pdf').expect(201);
    expect((await upload(homePi)).body).toMatchObject({ id: reportId, state: 'SUBMITTED', submission: 1 });
    await smtp.waitUntil(gacr.email, (mail) => mail.subject.startsWith('Interim report submitted'));

    await api()
      .post(`/api/v1/reports/${reportId}/request-revision`)
      .set(gacr.auth)
      .send({ comment: 'Please report the Czech spending by budget line.' })
      .expect(200);
    const [revision] = await smtp.waitUntil(homePi.email, (mail) => mail.subject.includes('報告修正通知'));
    expect(revision.text).toContain('Please report the Czech spending by budget line.');

    expect((await upload(partnerPi)).body).toMatchObject({ state: 'SUBMITTED', submission: 2 });
    expect((await api().post(`/api/v1/reports/${reportId}/accept`).set(nstc.auth).send({}).expect(200)).body.state).toBe('SUBMITTED');
    expect((await api().post(`/api/v1/reports/${reportId}/accept`).set(gacr.auth).send({}).expect(200)).body.state).toBe('ACCEPTED');
    await smtp.waitUntil(partnerPi.email, (mail) => mail.subject.startsWith('Report accepted: the interim report'));
    const award = await api().get(`/api/v1/awards/${awardId}`).set(partnerPi.auth).expect(200);
    expect(award.body.reports.map((report: { kind: string; state: string }) => `${report.kind} ${report.state}`)).toEqual([
      'INTERIM ACCEPTED',
      'FINAL DUE',
    ]);
  });

  /** The three decision letters to the address, once they have arrived. */
  async function waitForLetters(address: string, subject: string) {
    await eventually(
      async () => smtp.to(address).filter((mail) => mail.subject.includes(subject)).length,
      (count) => count === 3,
      { what: `three decision letters to ${address}` },
    );
    return smtp.to(address).filter((mail) => mail.subject.includes(subject));
  }
});
