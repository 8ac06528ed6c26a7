import { INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { Agency } from '../src/reference-data/agency.entity';
import { Language, Role } from '../src/common/identity/role';
import { Actor, expectProblem, loadAgencies, signedIn } from './support/actors';
import { callInput, hoursFromNow, PDF, publishedCall } from './support/calls';
import { eventually } from './support/eventually';
import { callMove, closeCall, seedProposalsUnderReview } from './support/joint-calls';
import { SmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';
import { startTestWorker } from './support/test-worker';

const HAN = /\p{Script=Han}/u;

describe('Finalization, awards and their reports', () => {
  const smtp = new SmtpSink();
  let testApp: TestApp;
  let worker: INestApplicationContext | undefined;
  let agencies: Map<string, Agency>;
  let nstc: Actor;
  let gacr: Actor;
  let dfg: Actor;
  let homePi: Actor;
  let partnerPi: Actor;
  let stranger: Actor;
  let callId: string;
  let awarded: string;
  let rejected: string;
  let waitlisted: string;
  let awardId: string;
  const api = () => request(testApp.http);
  const decide = (officer: Actor, proposalId: string, body: object) =>
    api().put(`/api/v1/proposals/${proposalId}/decisions/mine`).set(officer.auth).send(body);
  const fund = (amount: string, currency: string) => ({ decision: 'FUND', amount: { amount, currency } });
  const projectStartsAt = '2027-08-01T00:00:00+08:00';

  beforeAll(async () => {
    await smtp.start();
    testApp = await startTestApp({ SMTP_URL: smtp.url, SWEEP_INTERVAL_MS: '300', PUBLIC_URL: 'https://joint-calls.example.org' });
    worker = await startTestWorker([], testApp.clock);
    agencies = await loadAgencies(testApp.dataSource);
    nstc = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('NSTC')!.id, language: Language.TraditionalChinese });
    gacr = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('GACR')!.id });
    dfg = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('DFG')!.id });
    homePi = await signedIn(testApp, [Role.Researcher], { language: Language.TraditionalChinese });
    partnerPi = await signedIn(testApp, [Role.Researcher]);
    stranger = await signedIn(testApp, [Role.Researcher]);

    const call = await publishedCall(
      testApp,
      nstc,
      gacr,
      callInput(agencies, { closesAt: hoursFromNow(2), decisionExpectedAt: hoursFromNow(24 * 90), projectStartsAt }),
    );
    callId = call.id;
    await closeCall(testApp.dataSource, callId);
    await callMove(testApp, callId, 'start-review', nstc);
    [awarded, rejected, waitlisted] = await seedProposalsUnderReview(testApp.dataSource, callId, { home: homePi, partner: partnerPi }, [
      { title: 'Quantum sensors for seismic early warning', homeBudget: '2800000.00', partnerBudget: '2400000.00', durationMonths: 36 },
      { title: 'Soft robotics for elderly care', homeBudget: '1500000.00', partnerBudget: '900000.00' },
      { title: 'Typhoon-resilient power grids', homeBudget: '2000000.00', partnerBudget: '1000000.00' },
    ]);
    await callMove(testApp, callId, 'start-decision', nstc);
  }, 120_000);
  afterAll(async () => {
    await worker?.close();
    await testApp.close();
    await smtp.stop();
  });

  it('refuses to finalize while a proposal misses a decision, naming each and whose', async () => {
    await decide(nstc, awarded, fund('2500000', 'TWD')).expect(200);
    await decide(gacr, rejected, { decision: 'REJECT' }).expect(200);
    const refused = await api().post(`/api/v1/calls/${callId}/finalize`).set(gacr.auth).send({});
    const problem = expectProblem(refused, 409, 'DECISIONS_MISSING') as ReturnType<typeof expectProblem> & { missing: unknown };
    expect(problem.errors).toEqual([
      { field: `proposals.${awarded}`, message: '“Quantum sensors for seismic early warning” has no decision of GACR yet' },
      { field: `proposals.${rejected}`, message: '“Soft robotics for elderly care” has no decision of NSTC yet' },
      { field: `proposals.${waitlisted}`, message: '“Typhoon-resilient power grids” has no decision of NSTC yet' },
      { field: `proposals.${waitlisted}`, message: '“Typhoon-resilient power grids” has no decision of GACR yet' },
    ]);
    expect(problem.missing).toEqual([
      {
        proposalId: awarded,
        title: 'Quantum sensors for seismic early warning',
        agencies: [{ agencyId: agencies.get('GACR')!.id, code: 'GACR' }],
      },
      { proposalId: rejected, title: 'Soft robotics for elderly care', agencies: [{ agencyId: agencies.get('NSTC')!.id, code: 'NSTC' }] },
      {
        proposalId: waitlisted,
        title: 'Typhoon-resilient power grids',
        agencies: [
          { agencyId: agencies.get('NSTC')!.id, code: 'NSTC' },
          { agencyId: agencies.get('GACR')!.id, code: 'GACR' },
        ],
      },
    ]);
    const [{ state }] = await testApp.dataSource.query(`SELECT state FROM call WHERE id = $1`, [callId]);
    expect(state).toBe('IN_DECISION');
  });

  it('finalizes in one go: outcomes, the award with both amounts and its report calendar', async () => {
    await decide(gacr, awarded, fund('2400000.00', 'CZK')).expect(200);
    await decide(nstc, rejected, fund('1500000', 'TWD')).expect(200);
    await decide(nstc, waitlisted, { decision: 'WAITLIST' }).expect(200);
    await decide(gacr, waitlisted, fund('1000000', 'CZK')).expect(200);
    expectProblem(await api().post(`/api/v1/calls/${callId}/finalize`).set(dfg.auth).send({}), 403, 'CALL_PARTY_OFFICER_REQUIRED');

    const finalized = await api().post(`/api/v1/calls/${callId}/finalize`).set(gacr.auth).send({}).expect(200);
    expect(finalized.body).toMatchObject({ state: 'FINALIZED', projectStartsAt: '2027-07-31T16:00:00.000Z' });
    const states = await testApp.dataSource.query(`SELECT id, state FROM proposal WHERE call_id = $1`, [callId]);
    expect(Object.fromEntries(states.map((row: { id: string; state: string }) => [row.id, row.state]))).toEqual({
      [awarded]: 'AWARDED',
      [rejected]: 'REJECTED',
      [waitlisted]: 'WAITLISTED',
    });

    const awards = await api().get(`/api/v1/awards?callId=${callId}`).set(nstc.auth).expect(200);
    expect(awards.body.total).toBe(1);
    const [award] = awards.body.items;
    awardId = award.id;
    expect(award).toMatchObject({
      callId,
      proposal: { id: awarded, title: 'Quantum sensors for seismic early warning' },
      amounts: { home: { amount: '2500000.00', currency: 'TWD' }, partner: { amount: '2400000.00', currency: 'CZK' } },
      startsAt: '2027-07-31T16:00:00.000Z',
      endsAt: '2030-07-31T16:00:00.000Z',
      timezone: 'Asia/Taipei',
      reports: [
        { kind: 'INTERIM', dueAt: '2029-01-31T16:00:00.000Z', state: 'DUE', overdue: false, submission: 0, file: null, verdicts: [] },
        { kind: 'FINAL', dueAt: '2030-10-31T16:00:00.000Z', state: 'DUE', overdue: false, submission: 0, file: null, verdicts: [] },
      ],
    });
    const reminders = await testApp.dataSource.query(
      `SELECT kind, count(*)::int AS pending FROM reminder WHERE subject_type = 'REPORT' AND status = 'PENDING' GROUP BY kind ORDER BY kind`,
    );
    // Two reports, each reminded to both PIs 30 and 7 days before and once overdue.
    expect(reminders).toEqual([
      { kind: 'AWARD_REPORT_30D', pending: 4 },
      { kind: 'AWARD_REPORT_7D', pending: 4 },
      { kind: 'AWARD_REPORT_OVERDUE', pending: 4 },
    ]);
  });

  it('sends each PI a decision letter per proposal in their language, and each agency’s officers their summary', async () => {
    const zh = await smtp.waitFor(homePi.email, 3);
    const letters = zh.filter((mail) => mail.subject.includes('審查結果通知'));
    expect(letters.map((mail) => mail.subject).sort()).toEqual([
      '【雙邊合作研究計畫】審查結果通知：計畫「Quantum sensors for seismic early warning」獲雙方機構補助',
      '【雙邊合作研究計畫】審查結果通知：計畫「Soft robotics for elderly care」未獲補助',
      '【雙邊合作研究計畫】審查結果通知：計畫「Typhoon-resilient power grids」列入備取',
    ]);
    const awardedLetter = letters.find((mail) => mail.subject.includes('Quantum'))!;
    expect(awardedLetter.text).toContain('National Science and Technology Council：補助其申請人，金額 2,500,000.00 TWD');
    expect(awardedLetter.text).toContain('期中報告，繳交期限：2029年2月1日 星期四 00:00（Asia/Taipei，GMT+8）');
    expect(awardedLetter.text).toContain(`https://joint-calls.example.org/awards/${awardId}?lang=zh-TW`);

    const en = (await smtp.waitFor(partnerPi.email, 3)).filter((mail) => mail.subject.startsWith('Decision on'));
    expect(en.map((mail) => mail.subject).sort()).toEqual([
      'Decision on “Quantum sensors for seismic early warning”: funded by both agencies',
      'Decision on “Soft robotics for elderly care”: not funded',
      'Decision on “Typhoon-resilient power grids”: on the waiting list',
    ]);
    en.forEach((mail) => expect(HAN.test(mail.text)).toBe(false));
    const rejectedLetter = en.find((mail) => mail.subject.includes('Soft robotics'))!;
    expect(rejectedLetter.text).toContain('Czech Science Foundation (GAČR): does not fund it.');
    expect(rejectedLetter.text).toContain(`https://joint-calls.example.org/proposals/${rejected}?lang=en`);

    const [nstcSummary] = await smtp.waitUntil(nstc.email, (mail) => mail.subject.includes('已定案'));
    expect(nstcSummary.subject).toBe('【雙邊合作研究計畫】徵求案已定案：NSTC–GAČR Joint Research Projects 2027（核定補助 1 件）');
    expect(nstcSummary.text).toContain('補助總額為 2,500,000.00 TWD');
    const [gacrSummary] = await smtp.waitUntil(gacr.email, (mail) => mail.subject.startsWith('Call finalized'));
    expect(gacrSummary.text).toContain('grants 2,400,000.00 CZK in total, of its');
    expect(gacrSummary.text).toContain(' * Quantum sensors for seismic early warning: 2,400,000.00 CZK');
    expect(smtp.to(dfg.email)).toEqual([]);
  });

  it('freezes the decisions once finalized', async () => {
    expectProblem(await decide(nstc, waitlisted, { decision: 'REJECT', version: 1 }), 409, 'CALL_NOT_IN_DECISION');
    expectProblem(await api().post(`/api/v1/calls/${callId}/finalize`).set(nstc.auth).send({}), 409, 'CALL_TRANSITION_FORBIDDEN');
    const decisions = await api().get(`/api/v1/proposals/${waitlisted}/decisions`).set(gacr.auth).expect(200);
    expect(decisions.body).toMatchObject({ outcome: 'WAITLISTED', frozen: true, home: { decision: 'WAITLIST', version: 1 } });
    const events = await testApp.dataSource.query<{ body: string }[]>(`SELECT body FROM webhook_event WHERE type = 'call.finalized'`);
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].body).data).toMatchObject({
      callId,
      outcomes: { AWARDED: 1, REJECTED: 1, WAITLISTED: 1 },
      awards: [
        {
          awardId,
          proposalId: awarded,
          home: { amount: '2500000.00', currency: 'TWD' },
          partner: { amount: '2400000.00', currency: 'CZK' },
        },
      ],
    });
  });

  it('shows an award to its PIs and its call’s officers, and to nobody else', async () => {
    for (const actor of [homePi, partnerPi, nstc, gacr]) {
      const list = await api().get('/api/v1/awards').set(actor.auth).expect(200);
      expect(list.body.items.map((award: { id: string }) => award.id)).toEqual([awardId]);
      await api().get(`/api/v1/awards/${awardId}`).set(actor.auth).expect(200);
    }
    for (const actor of [dfg, stranger]) {
      expect((await api().get('/api/v1/awards').set(actor.auth).expect(200)).body).toEqual({ items: [], total: 0, limit: 20, offset: 0 });
      expectProblem(await api().get(`/api/v1/awards/${awardId}`).set(actor.auth), 404, 'AWARD_NOT_FOUND');
    }
  });

  describe('the interim report', () => {
    let reportId: string;
    const upload = (actor: Actor, content: Buffer, filename = 'interim.pdf') =>
      api().post(`/api/v1/awards/${awardId}/reports?kind=INTERIM`).set(actor.auth).attach('file', content, filename);

    it('is refused unless it is a PDF, and from anyone but the PIs', async () => {
      expectProblem(await upload(homePi, Buffer.from('not a pdf at all')), 422, 'ATTACHMENT_NOT_PDF');
      expectProblem(await upload(stranger, PDF), 404, 'AWARD_NOT_FOUND');
      expectProblem(await upload(gacr, PDF), 403, 'ROLE_REQUIRED');
      const [{ count }] = await testApp.dataSource.query(`SELECT count(*)::int AS count FROM attachment WHERE proposal_id = $1`, [awarded]);
      expect(count).toBe(0);
    });

    it('goes to the agencies once uploaded, and back to the PIs with a revision request', async () => {
      const submitted = await upload(homePi, PDF).expect(201);
      reportId = submitted.body.id;
      expect(submitted.body).toMatchObject({
        kind: 'INTERIM',
        state: 'SUBMITTED',
        submission: 1,
        file: { filename: 'interim.pdf', size: PDF.length, href: expect.stringMatching(`/api/v1/proposals/${awarded}/attachments/`) },
      });
      const file = await api().get(submitted.body.file.href).set(gacr.auth).expect(200);
      expect(Buffer.from(file.body as Buffer).equals(PDF)).toBe(true);
      await smtp.waitUntil(gacr.email, (mail) => mail.subject === 'Interim report submitted: “Quantum sensors for seismic early warning”');
      expectProblem(await upload(partnerPi, PDF), 409, 'REPORT_NOT_AWAITED');

      expectProblem(
        await api().post(`/api/v1/reports/${reportId}/request-revision`).set(gacr.auth).send({ comment: '' }),
        400,
        'VALIDATION_FAILED',
      );
      const revision = await api()
        .post(`/api/v1/reports/${reportId}/request-revision`)
        .set(gacr.auth)
        .send({ comment: 'Please add the spending of the Czech side by budget line.' })
        .expect(200);
      expect(revision.body).toMatchObject({
        state: 'REVISION_REQUESTED',
        verdicts: [{ submission: 1, agencyId: agencies.get('GACR')!.id, verdict: 'REVISION_REQUESTED' }],
      });
      const [mail] = await smtp.waitUntil(partnerPi.email, (candidate) => candidate.subject.startsWith('Revision requested'));
      expect(mail.text).toContain('Please add the spending of the Czech side by budget line.');
      expectProblem(await api().post(`/api/v1/reports/${reportId}/accept`).set(nstc.auth).send({}), 409, 'REPORT_TRANSITION_FORBIDDEN');
      expectProblem(await api().post(`/api/v1/reports/${reportId}/accept`).set(dfg.auth).send({}), 404, 'REPORT_NOT_FOUND');
    });

    it('is ACCEPTED once both agencies accept the resubmission, and its reminders stop', async () => {
      const resubmitted = await upload(partnerPi, PDF, 'interim-revised.pdf').expect(201);
      expect(resubmitted.body).toMatchObject({ state: 'SUBMITTED', submission: 2, file: { filename: 'interim-revised.pdf' } });
      const first = await api()
        .post(`/api/v1/reports/${reportId}/accept`)
        .set(nstc.auth)
        .send({ version: resubmitted.body.version })
        .expect(200);
      expect(first.body.state).toBe('SUBMITTED');
      expectProblem(await api().post(`/api/v1/reports/${reportId}/accept`).set(nstc.auth).send({}), 409, 'REPORT_ALREADY_REVIEWED');
      const both = await api().post(`/api/v1/reports/${reportId}/accept`).set(gacr.auth).send({ comment: 'Thank you.' }).expect(200);
      expect(both.body).toMatchObject({ state: 'ACCEPTED', acceptedAt: expect.any(String) });
      expect(
        both.body.verdicts.map((verdict: { submission: number; verdict: string }) => `${verdict.submission} ${verdict.verdict}`),
      ).toEqual(['1 REVISION_REQUESTED', '2 ACCEPTED', '2 ACCEPTED']);
      const pending = await testApp.dataSource.query(
        `SELECT count(*)::int AS count FROM reminder WHERE subject_id = $1 AND status = 'PENDING'`,
        [reportId],
      );
      expect(pending).toEqual([{ count: 0 }]);
      await smtp.waitUntil(homePi.email, (mail) => mail.subject.includes('報告審查通過'));

      const submissions = await testApp.dataSource.query(
        `SELECT body FROM webhook_event WHERE type = 'award.report_submitted' ORDER BY sequence`,
      );
      expect(
        submissions.map((row: { body: string }) => (JSON.parse(row.body) as { data: { submission: number } }).data.submission),
      ).toEqual([1, 2]);
      const audit = await api().get(`/api/v1/audit?entityType=AWARD&entityId=${awardId}`).set(gacr.auth).expect(200);
      expect(audit.body.items.map((item: { action: string }) => item.action)).toEqual([
        'CREATED',
        'REPORT_SUBMITTED',
        'REPORT_REVISION_REQUESTED',
        'REPORT_SUBMITTED',
        'REPORT_ACCEPTED_BY_AGENCY',
        'REPORT_ACCEPTED_BY_AGENCY',
      ]);
      expectProblem(await api().get(`/api/v1/audit?entityType=AWARD&entityId=${awardId}`).set(dfg.auth), 404, 'AWARD_NOT_FOUND');
    });
  });

  it('reminds the PIs of the final report when its time comes, in their language', async () => {
    await testApp.dataSource.query(
      `UPDATE reminder SET due_at = now() WHERE kind = 'AWARD_REPORT_30D' AND status = 'PENDING' AND subject_id =
         (SELECT id FROM report WHERE award_id = $1 AND kind = 'FINAL')`,
      [awardId],
    );
    const [zh] = await smtp.waitUntil(homePi.email, (mail) => mail.subject.includes('報告繳交提醒'));
    expect(zh.subject).toBe('【雙邊合作研究計畫】報告繳交提醒：計畫「Quantum sensors for seismic early warning」期末報告');
    expect(zh.text).toContain('2030年11月1日 星期五 00:00（Asia/Taipei，GMT+8）');
    const [en] = await smtp.waitUntil(partnerPi.email, (mail) => mail.subject.startsWith('Reminder: the final report'));
    expect(en.text).toContain('Friday, 1 November 2030, 00:00 (Asia/Taipei, GMT+8)');
    expect(en.text).toContain('Thursday, 31 October 2030, 17:00 (Europe/Prague, GMT+1)');
    await eventually(
      () =>
        testApp.dataSource.query(`SELECT status FROM reminder WHERE kind = 'AWARD_REPORT_30D' AND due_at <= now() AND status <> 'PENDING'`),
      (rows) => rows.length === 2,
      { what: 'both reminders settled' },
    );
  });
});
