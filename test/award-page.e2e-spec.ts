import { INestApplicationContext } from '@nestjs/common';
import { Browser } from 'playwright-core';
import request from 'supertest';
import { Role } from '../src/common/identity/role';
import { Agency } from '../src/reference-data/agency.entity';
import { Actor, loadAgencies, signedIn } from './support/actors';
import { launchChromium, startListeningTestApp, signIn, visitorTabs } from './support/browser';
import { callInput, hoursFromNow, PDF, publishedCall } from './support/calls';
import { callMove, closeCall, seedProposalsUnderReview } from './support/joint-calls';
import { SmtpSink } from './support/smtp-sink';
import { TestApp } from './support/test-app';
import { startTestWorker } from './support/test-worker';

// A browser and argon2 sign-ins on a shared 2-core machine: a minute per case leaves room.
jest.setTimeout(60_000);

describe('The award page, opened from the decision letter in a real browser', () => {
  const smtp = new SmtpSink();
  let testApp: TestApp;
  let baseUrl: string;
  let worker: INestApplicationContext;
  let browser: Browser;
  let agencies: Map<string, Agency>;
  let gacr: Actor;
  let partnerPi: Actor;
  let awardId: string;
  const api = () => request(testApp.http);

  beforeAll(async () => {
    const launching = launchChromium();
    await smtp.start();
    ({ testApp, baseUrl } = await startListeningTestApp({ SMTP_URL: smtp.url, SWEEP_INTERVAL_MS: '300' }));
    worker = await startTestWorker();
    browser = await launching;
    agencies = await loadAgencies(testApp.dataSource);
    const nstc = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('NSTC')!.id });
    gacr = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('GACR')!.id });
    const homePi = await signedIn(testApp, [Role.Researcher]);
    partnerPi = await signedIn(testApp, [Role.Researcher]);
    const call = await publishedCall(testApp, nstc, gacr, callInput(agencies, { closesAt: hoursFromNow(2) }));
    await closeCall(testApp.dataSource, call.id);
    await callMove(testApp, call.id, 'start-review', nstc);
    const [proposalId] = await seedProposalsUnderReview(testApp.dataSource, call.id, { home: homePi, partner: partnerPi }, [
      { title: 'Quantum sensors for seismic early warning', homeBudget: '2800000.00', partnerBudget: '2400000.00' },
    ]);
    await callMove(testApp, call.id, 'start-decision', nstc);
    for (const [officer, amount] of [
      [nstc, { amount: '2500000.00', currency: 'TWD' }],
      [gacr, { amount: '2400000.00', currency: 'CZK' }],
    ] as const)
      await api().put(`/api/v1/proposals/${proposalId}/decisions/mine`).set(officer.auth).send({ decision: 'FUND', amount }).expect(200);
    await callMove(testApp, call.id, 'finalize', gacr);
    awardId = (await api().get('/api/v1/awards').set(partnerPi.auth).expect(200)).body.items[0].id;
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await testApp?.close();
    await smtp.stop();
  });

  const { visitor } = visitorTabs(() => browser);

  it('takes a PI from the letter’s link through sign-in to uploading the interim report', async () => {
    const [letter] = await smtp.waitUntil(partnerPi.email, (mail) => mail.subject.startsWith('Decision on'));
    const link = letter.text.match(/https?:\/\/[^\s\]]+/g)!.find((url) => new URL(url).pathname.startsWith('/awards/'))!;
    expect(link).toBe(`${baseUrl}/awards/${awardId}?lang=en`);
    const page = await visitor();
    await page.goto(link);
    await signIn(page, partnerPi.email);
    await page.getByRole('heading', { name: 'Quantum sensors for seismic early warning' }).waitFor();
    expect(await page.locator('[data-field="amounts"] li').allTextContents()).toEqual(['2,500,000.00\u00a0TWD', '2,400,000.00\u00a0CZK']);

    const interim = page.locator('section', { has: page.getByRole('heading', { name: 'Interim report' }) });
    expect(await interim.locator('.badge').textContent()).toBe('Awaited from the principal investigators');
    // A file that only claims to be a PDF is refused in the reader's words, not the API's.
    await interim
      .getByLabel('The report (PDF, at most 20 MiB)')
      .setInputFiles({ name: 'interim.pdf', mimeType: 'application/pdf', buffer: Buffer.from('Not a PDF at all, just text.') });
    await interim.getByRole('button', { name: 'Submit the report' }).click();
    await page.getByText('The file is not a PDF document (its content was checked, not its name). Choose a PDF.').waitFor();
    await interim
      .getByLabel('The report (PDF, at most 20 MiB)')
      .setInputFiles({ name: 'interim.pdf', mimeType: 'application/pdf', buffer: PDF });
    await interim.getByRole('button', { name: 'Submit the report' }).click();
    await page.getByText('The report is submitted; both agencies are told.').waitFor();
    expect(await interim.locator('.badge').textContent()).toBe('Submitted, with the agencies');
    const award = await api().get(`/api/v1/awards/${awardId}`).set(gacr.auth).expect(200);
    expect(award.body.reports[0]).toMatchObject({
      kind: 'INTERIM',
      state: 'SUBMITTED',
      file: { filename: 'interim.pdf', size: PDF.length },
    });
  });

  it('lets an officer ask for a revision with a comment, shown on the page and e-mailed to the PIs', async () => {
    const page = await visitor();
    await page.goto(`${baseUrl}/awards/${awardId}?lang=en`);
    await signIn(page, gacr.email);
    const interim = page.locator('section', { has: page.getByRole('heading', { name: 'Interim report' }) });
    await interim.getByLabel('Comment to the principal investigators').fill('Please add the Czech spending by budget line.');
    await interim.getByRole('button', { name: 'Ask for a revision' }).click();
    await page.getByText('The principal investigators are asked for a revision.').waitFor();
    expect(await interim.locator('.badge').textContent()).toBe('Revision requested');
    expect(await interim.locator('li').allTextContents()).toContainEqual(
      expect.stringContaining('asked for a revision: Please add the Czech spending by budget line.'),
    );
    await smtp.waitUntil(partnerPi.email, (mail) => mail.subject.startsWith('Revision requested'));
  });
});
