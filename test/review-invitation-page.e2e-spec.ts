import { INestApplicationContext } from '@nestjs/common';
import { Browser } from 'playwright-core';
import request from 'supertest';
import { Language, Role } from '../src/common/identity/role';
import { formatDateTime } from '../src/notifications/email-renderer';
import { Agency } from '../src/reference-data/agency.entity';
import { Actor, loadAgencies, signedIn } from './support/actors';
import { launchChromium, startListeningTestApp, signIn, visitorTabs } from './support/browser';
import { callInReview, recruit, seedProposal } from './support/reviews';
import { ReceivedMail, SmtpSink } from './support/smtp-sink';
import { TestApp } from './support/test-app';
import { startTestWorker } from './support/test-worker';

/** The link of an e-mail whose path matches, as the recipient would click it. */
function linkIn(mail: ReceivedMail, path: RegExp): string {
  const link = mail.text.match(/https?:\/\/[^\s\]]+/g)?.find((url) => path.test(new URL(url).pathname));
  if (!link) throw new Error(`No link to ${path} in the e-mail “${mail.subject}”`);
  return link;
}

// A browser and argon2 sign-ins on a shared 2-core machine: a minute per case leaves room.
jest.setTimeout(60_000);

describe('The review invitation, followed from its e-mail in a real browser', () => {
  const smtp = new SmtpSink();
  let testApp: TestApp;
  let baseUrl: string;
  let worker: INestApplicationContext;
  let browser: Browser;
  let agencies: Map<string, Agency>;
  let nstc: Actor;
  let gacr: Actor;
  let callId: string;
  const api = () => request(testApp.http);

  beforeAll(async () => {
    const launching = launchChromium();
    await smtp.start();
    ({ testApp, baseUrl } = await startListeningTestApp({ SMTP_URL: smtp.url, SWEEP_INTERVAL_MS: '300' }));
    worker = await startTestWorker();
    browser = await launching;
    agencies = await loadAgencies(testApp.dataSource);
    nstc = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('NSTC')!.id });
    gacr = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('GACR')!.id });
    callId = await callInReview(testApp, nstc, gacr, agencies, { timezone: 'Asia/Taipei' });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await testApp?.close();
    await smtp.stop();
  });

  const { visitor } = visitorTabs(() => browser);

  /** A proposal, a reviewer of the GAČR pool invited to it by an officer, and the link of the invitation e-mail. */
  async function invitation(
    title: string,
    language: Language,
  ): Promise<{ reviewer: Actor; proposalId: string; assignmentId: string; link: string }> {
    const proposalId = await seedProposal(testApp.dataSource, callId, {
      title,
      acronym: 'QSEW',
      home: { name: 'Chen Mei-ling', email: 'mlchen@ntu.edu.tw', institution: 'National Taiwan University' },
      partner: { name: 'Jana Nováková', email: 'novakova@cuni.cz', institution: 'Charles University', country: 'CZ' },
    });
    const reviewer = await signedIn(testApp, [Role.Reviewer], { language });
    await recruit(testApp, gacr, reviewer, { institution: 'Karlsruhe Institute of Technology', country: 'DE', emailDomain: 'kit.edu' });
    const { body } = await api()
      .post(`/api/v1/proposals/${proposalId}/review-assignments`)
      .set(gacr.auth)
      .send({ reviewerId: reviewer.id, dueAt: '2099-06-15T09:00:00Z' })
      .expect(201);
    const [mail] = await smtp.waitUntil(reviewer.email, (candidate) => candidate.text.includes(`/review-assignments/${body.id}`));
    return { reviewer, proposalId, assignmentId: body.id, link: linkIn(mail, /^\/review-assignments\//) };
  }

  it('takes a reviewer from the e-mail through sign-in to accepting, declaring no conflict, and on to the proposal', async () => {
    const { reviewer, proposalId, assignmentId, link } = await invitation('Quantum sensors for seismic early warning', Language.English);
    expect(link).toBe(`${baseUrl}/review-assignments/${assignmentId}?lang=en`);
    const page = await visitor();
    const response = await page.goto(link);
    expect(response!.headers()).toMatchObject({
      'content-security-policy': expect.stringContaining("default-src 'none'"),
      'cache-control': 'no-store',
    });
    await page.getByRole('heading', { name: 'Invitation to review' }).waitFor();
    await signIn(page, reviewer.email);

    await page.getByRole('heading', { name: 'QSEW: Quantum sensors for seismic early warning' }).waitFor();
    expect(await page.locator('[data-field="call"]').textContent()).toBe('NSTC–GAČR Joint Research Projects 2027');
    expect((await page.locator('[data-field="due"] li').allTextContents())[0]).toBe(
      formatDateTime('2099-06-15T09:00:00Z', 'Asia/Taipei', Language.English),
    );
    expect(await page.locator('[data-field="state"]').textContent()).toBe('Invited, awaiting your answer');

    // Accepting needs the declaration: the browser holds the form back until it is ticked.
    await page.getByRole('button', { name: 'Accept the invitation' }).click();
    expect((await api().get(`/api/v1/review-assignments/${assignmentId}`).set(nstc.auth)).body.state).toBe('INVITED');
    await page.getByLabel('I declare that I have no conflict of interest with this proposal').check();
    await page.getByRole('button', { name: 'Accept the invitation' }).click();
    await page.getByText('You accepted. Read the proposal, then write your review').waitFor();
    expect(await page.locator('[data-field="state"]').textContent()).toBe('Accepted, review in progress');
    expect(await page.locator('#answer').isHidden()).toBe(true);
    const assignment = await api().get(`/api/v1/review-assignments/${assignmentId}`).set(nstc.auth).expect(200);
    expect(assignment.body).toMatchObject({ state: 'ACCEPTED', respondedAt: expect.any(String) });

    await page.getByRole('link', { name: 'Read the proposal and its attachments' }).click();
    await page.waitForURL(`${baseUrl}/proposals/${proposalId}?lang=en`);
    await page.getByRole('heading', { name: 'QSEW: Quantum sensors for seismic early warning' }).waitFor();
  });

  it('lets the reviewer write the review on the page: a draft saved and found again, then submitted once complete', async () => {
    const { reviewer, assignmentId, link } = await invitation('Typhoon-resilient power grids', Language.English);
    const page = await visitor();
    await page.goto(link);
    await signIn(page, reviewer.email);
    await page.getByLabel('I declare that I have no conflict of interest with this proposal').check();
    await page.getByRole('button', { name: 'Accept the invitation' }).click();
    await page.getByRole('heading', { name: 'Your review' }).waitFor();

    // A draft may leave scores out; it is the reviewer's own until submitted.
    await page.getByLabel('Scientific excellence (1 to 5; weight 0.6)').selectOption('4');
    await page.getByLabel('Recommendation').selectOption({ label: 'Fund' });
    await page.getByLabel('Comments to the applicants').fill('A convincing plan; the travel budget is thin.');
    await page.getByLabel('Confidential comments').fill('The Czech team is stronger than the Taiwanese one.');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText(/^Draft saved \(/).waitFor();
    const draft = await api().get(`/api/v1/review-assignments/${assignmentId}/review`).set(reviewer.auth).expect(200);
    expect(draft.body).toMatchObject({
      scores: { excellence: 4 },
      recommendation: 'FUND',
      commentsToApplicants: 'A convincing plan; the travel budget is thin.',
      confidentialComments: 'The Czech team is stronger than the Taiwanese one.',
      submittedAt: null,
      version: 2,
    });

    // Back later: the draft is where it was left. Submitting it incomplete names what is missing and changes nothing.
    await page.reload();
    await page.getByRole('heading', { name: 'Your review' }).waitFor();
    expect(await page.getByLabel('Scientific excellence (1 to 5; weight 0.6)').inputValue()).toBe('4');
    expect(await page.getByLabel('Added value of the collaboration (1 to 5; weight 0.4)').inputValue()).toBe('');
    await page.getByRole('button', { name: 'Submit my review' }).click();
    await page.getByText('the score for “Added value of the collaboration” is missing').waitFor();
    expect((await api().get(`/api/v1/review-assignments/${assignmentId}`).set(gacr.auth)).body.state).toBe('ACCEPTED');

    await page.getByLabel('Added value of the collaboration (1 to 5; weight 0.4)').selectOption('5');
    await page.getByRole('button', { name: 'Submit my review' }).click();
    await page.getByText(/^Submitted on .+\. Total: 88 of 100\. Thank you\.$/).waitFor();
    expect(await page.locator('[data-field="state"]').textContent()).toBe('Review submitted');
    expect(await page.getByLabel('Comments to the applicants').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Submit my review' }).isHidden()).toBe(true);
    const submitted = await api().get(`/api/v1/review-assignments/${assignmentId}/review`).set(gacr.auth).expect(200);
    expect(submitted.body).toMatchObject({ scores: { excellence: 4, collaboration: 5 }, total: 88, submittedAt: expect.any(String) });

    // The sign-in page is the reviewer's way back: their invitations, not proposals they have none of.
    await page.goto(`${baseUrl}/sign-in?lang=en`);
    await page.getByRole('heading', { name: 'Your invitations to review' }).waitFor();
    expect(await page.locator('[data-field="reviews"] li').allTextContents()).toEqual(['Typhoon-resilient power grids · Review submitted']);
    expect(await page.getByRole('link', { name: 'Typhoon-resilient power grids' }).getAttribute('href')).toBe(
      `/review-assignments/${assignmentId}?lang=en`,
    );
    expect(await page.getByRole('heading', { name: 'Your proposals' }).isHidden()).toBe(true);
  });

  it('lets a zh-TW reviewer decline with a reason, which the inviting officer reads', async () => {
    const { reviewer, assignmentId, link } = await invitation('Soft robotics for elderly care', Language.TraditionalChinese);
    expect(link).toBe(`${baseUrl}/review-assignments/${assignmentId}?lang=zh-TW`);
    const page = await visitor('zh-TW');
    await page.goto(link);
    await signIn(page, reviewer.email);
    await page.getByRole('heading', { name: '計畫審查邀請' }).waitFor();
    await page.getByLabel('婉拒原因').fill('下個月出國，無法如期完成審查。');
    await page.getByRole('button', { name: '婉拒邀請' }).click();
    await page.getByText('您已婉拒此邀請，感謝您說明原因。').waitFor();
    const listed = await api().get(`/api/v1/review-assignments/${assignmentId}`).set(gacr.auth).expect(200);
    expect(listed.body).toMatchObject({ state: 'DECLINED', declineReason: '下個月出國，無法如期完成審查。' });

    // Opened again later, the invitation says it is answered and offers nothing more.
    const again = await visitor('zh-TW');
    await again.goto(link);
    await signIn(again, reviewer.email);
    await again.getByText('已婉拒', { exact: true }).waitFor();
    expect(await again.locator('#answer').isHidden()).toBe(true);
  });

  it('tells a reviewer who declared a conflict since the invitation why they cannot accept, and to decline instead', async () => {
    const { reviewer, proposalId, assignmentId, link } = await invitation('Seismic imaging of fault zones', Language.English);
    await api().post('/api/v1/me/conflicts').set(reviewer.auth).send({ kind: 'PROPOSAL', proposalId }).expect(201);
    const page = await visitor();
    await page.goto(link);
    await signIn(page, reviewer.email);
    await page.getByLabel('I declare that I have no conflict of interest with this proposal').check();
    await page.getByRole('button', { name: 'Accept the invitation' }).click();
    await page
      .getByText(
        'You cannot accept: you have a conflict of interest with this proposal (the reviewer declared a conflict with this proposal). ' +
          'Decline the invitation instead, giving the conflict as your reason, so that the agency can invite someone else.',
      )
      .waitFor();
    expect(await page.locator('[data-field="state"]').textContent()).toBe('Invited, awaiting your answer');
    expect((await api().get(`/api/v1/review-assignments/${assignmentId}`).set(nstc.auth)).body.state).toBe('INVITED');
  });

  it('tells another account that the invitation is not theirs', async () => {
    const { link } = await invitation('Ocean acoustics for typhoon forecasting', Language.English);
    const someoneElse = await signedIn(testApp, [Role.Reviewer]);
    const page = await visitor();
    await page.goto(link);
    await signIn(page, someoneElse.email);
    await page.getByText('This invitation does not exist, or it was sent to another account.').waitFor();
    expect(await page.locator('#assignment').isHidden()).toBe(true);
  });
});
