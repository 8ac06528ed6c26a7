import { INestApplicationContext } from '@nestjs/common';
import { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { Language, Role } from '../src/common/identity/role';
import { formatDateTime } from '../src/notifications/email-renderer';
import { Agency } from '../src/reference-data/agency.entity';
import { Actor, expectProblem, loadAgencies, logIn as signedInAs, PASSWORD, signedIn } from './support/actors';
import { launchChromium, startListeningTestApp, signIn, visitorTabs } from './support/browser';
import { callInput, PDF, publishedCall } from './support/calls';
import { ReceivedMail, SmtpSink } from './support/smtp-sink';
import { TestApp } from './support/test-app';
import { startTestWorker } from './support/test-worker';

/** The link of an e-mail whose path matches, as the recipient would click it. */
function linkIn(mail: ReceivedMail, path: RegExp): string {
  const link = mail.text.match(/https?:\/\/[^\s\]]+/g)?.find((url) => path.test(new URL(url).pathname));
  if (!link) throw new Error(`No link to ${path} in the e-mail “${mail.subject}”`);
  return link;
}

const tokenOf = (link: string) => new URLSearchParams(new URL(link).hash.slice(1)).get('token')!;

/** The cells of the team table's row of a member. */
const teamRowOf = (page: Page, name: string) => page.locator('[data-field="team"] tr', { hasText: name });

// A browser and argon2 sign-ins on a shared 2-core machine: each case took 3-16 s here under load; a minute leaves room.
jest.setTimeout(60_000);

describe('The pages e-mails link to, in a real browser', () => {
  const smtp = new SmtpSink();
  let testApp: TestApp;
  let baseUrl: string;
  let worker: INestApplicationContext;
  let browser: Browser;
  let agencies: Map<string, Agency>;
  let nstc: Actor;
  let gacr: Actor;
  let homePi: Actor;
  let partnerPi: Actor;
  let callId: string;
  let closesAt: string;
  const api = () => request(testApp.http);

  beforeAll(async () => {
    const launching = launchChromium(); // takes seconds: meanwhile the app starts
    await smtp.start();
    ({ testApp, baseUrl } = await startListeningTestApp({ SMTP_URL: smtp.url, SWEEP_INTERVAL_MS: '300' }));
    worker = await startTestWorker();
    browser = await launching;
    agencies = await loadAgencies(testApp.dataSource);
    nstc = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('NSTC')!.id });
    gacr = await signedIn(testApp, [Role.Officer], { agencyId: agencies.get('GACR')!.id });
    homePi = await signedIn(testApp, [Role.Researcher], { language: Language.TraditionalChinese });
    partnerPi = await signedIn(testApp, [Role.Researcher], { language: Language.English });
    ({ id: callId, closesAt } = await publishedCall(testApp, nstc, gacr, callInput(agencies)));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await testApp?.close();
    await smtp.stop();
  });

  const tabs = visitorTabs(() => browser);
  const { visitor } = tabs;

  /** A draft by the home PI, with an attachment, and the invitation e-mailed to `email`. */
  async function invitation(email: string, title: string): Promise<{ proposalId: string; link: string }> {
    const draft = await api()
      .post(`/api/v1/calls/${callId}/proposals`)
      .set(homePi.auth)
      .send({
        title,
        acronym: 'QSEW',
        abstract: 'Joint work on quantum sensing.',
        keywords: ['quantum'],
        scientificField: 'physics',
        durationMonths: 36,
        homeBudget: '2800000.00',
        partnerBudget: '2400000.00',
        side: 'HOME',
        institution: 'National Taiwan University',
        country: 'TW',
      })
      .expect(201);
    const proposalId = draft.body.id as string;
    await api()
      .post(`/api/v1/proposals/${proposalId}/attachments?kind=project-description`)
      .set(homePi.auth)
      .attach('file', PDF, '計畫書 description.pdf')
      .expect(201);
    await api()
      .post(`/api/v1/proposals/${proposalId}/invitations`)
      .set(homePi.auth)
      .send({ name: 'Petr Svoboda', email, institution: 'Charles University', country: 'CZ' })
      .expect(201);
    const [mail] = await smtp.waitUntil(email, (candidate) => candidate.text.includes(`/proposals/${proposalId}/invitation`));
    return { proposalId, link: linkIn(mail, /\/invitation$/) };
  }

  it('takes an invited PI from the e-mail through sign-in and confirmation to the proposal with its team updated', async () => {
    const { proposalId, link } = await invitation(partnerPi.email, 'Quantum sensors for seismic early warning');
    expect(link).toBe(`${baseUrl}/proposals/${proposalId}/invitation?lang=en#token=${tokenOf(link)}`);
    const page = await visitor();
    const response = await page.goto(link);
    expect(response!.headers()).toMatchObject({
      'content-security-policy': expect.stringContaining("default-src 'none'"),
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    await page.getByRole('heading', { name: 'Invitation to a joint proposal' }).waitFor();
    await page.locator('#sign-in-form').waitFor();
    // The script took the token out of the address bar (and so out of the history) at once.
    expect(page.url()).toBe(`${baseUrl}/proposals/${proposalId}/invitation?lang=en`);

    await signIn(page, partnerPi.email, PASSWORD);
    await page.getByRole('button', { name: 'Confirm my participation' }).click();
    await page.getByRole('heading', { name: 'QSEW: Quantum sensors for seismic early warning' }).waitFor();
    const partnerRow = teamRowOf(page, 'Partner side');
    expect(await partnerRow.locator('td').allTextContents()).toEqual([
      expect.stringMatching(/^Test researcher \d+$/i),
      'Principal investigator · Partner side',
      'Charles University',
      'CZ',
      'Confirmed',
    ]);
    expect(await page.locator('#session-name').textContent()).toMatch(/^Signed in as Test researcher \d+$/i);
    // The deadline in the call's zone and the partner agency's, as the invitation e-mail showed it.
    expect(await page.locator('[data-field="deadline"] li').allTextContents()).toEqual(
      ['Asia/Taipei', 'Europe/Prague'].map((zone) => formatDateTime(closesAt, zone, Language.English)),
    );

    // The API agrees, and the token never left the browser in a URL or a Referer.
    const proposal = await api().get(`/api/v1/proposals/${proposalId}`).set(partnerPi.auth).expect(200);
    expect(proposal.body.team).toContainEqual(
      expect.objectContaining({ side: 'PARTNER', email: partnerPi.email, confirmedAt: expect.any(String) }),
    );
    const sent = await Promise.all(tabs.open.flatMap((tab) => tab.requests));
    expect(sent.length).toBeGreaterThan(5);
    expect(sent.filter(({ url }) => url.includes(tokenOf(link)))).toEqual([]);
    expect(sent.filter(({ referer }) => referer !== null)).toEqual([]);
  });

  it('says so when the invitation link was already used', async () => {
    const { proposalId, link } = await invitation(partnerPi.email, 'Soft robotics for elderly care');
    await api()
      .post(`/api/v1/proposals/${proposalId}/confirm`)
      .set(partnerPi.auth)
      .send({ token: tokenOf(link) })
      .expect(200);

    const page = await visitor();
    await page.goto(link);
    await signIn(page, partnerPi.email, PASSWORD);
    await page.getByRole('button', { name: 'Confirm my participation' }).click();
    await page.getByRole('heading', { name: 'This invitation link cannot be used' }).waitFor();
    expect(await page.locator('#invalid').textContent()).toContain('The link is unknown or was already used.');
    expect(await page.locator('#confirm').isHidden()).toBe(true);

    // A link without its token (cut off when copied) is refused before anyone is asked to sign in.
    const cut = await visitor();
    await cut.goto(link.split('#')[0]);
    await cut.getByRole('heading', { name: 'This invitation link cannot be used' }).waitFor();
    expect(await cut.locator('#sign-in').isHidden()).toBe(true);
  });

  it('lets an invited PI without an account register, then confirm', async () => {
    const email = `new-pi-${process.pid}@example.org`;
    const { proposalId, link } = await invitation(email, 'Ocean acoustics for typhoon forecasting');
    const page = await visitor();
    await page.goto(link);
    const form = page.locator('#register-form');
    await form.getByLabel('Full name').fill('Jana Nováková');
    await form.getByLabel('E-mail address').fill(email);
    await form.getByLabel('Password (at least 12 characters)').fill('a long and new passphrase');
    await form.getByRole('button', { name: 'Create my account' }).click();
    await page.getByRole('button', { name: 'Confirm my participation' }).click();

    await teamRowOf(page, 'Jana Nováková').getByText('Confirmed').waitFor();
    expect(await page.locator('#session-name').textContent()).toBe('Signed in as Jana Nováková');
    const [member] = await testApp.dataSource.query<{ confirmed_at: Date | null; user_id: string | null }[]>(
      `SELECT confirmed_at, user_id FROM team_member WHERE proposal_id = $1 AND side = 'PARTNER'`,
      [proposalId],
    );
    expect(member.confirmed_at).toBeInstanceOf(Date);
    expect(member.user_id).toEqual(expect.any(String));
  });

  it('asks an invited PI who registers with another address to confirm it by e-mail; the link signs them in once', async () => {
    const own = `own-address-${process.pid}@example.org`;
    const passphrase = 'a long and new passphrase';
    const { proposalId, link } = await invitation(`invited-elsewhere-${process.pid}@example.org`, 'Coral reef resilience');
    const page = await visitor();
    await page.goto(link);
    const form = page.locator('#register-form');
    await form.getByLabel('Full name').fill('Jana Dvořáková');
    await form.getByLabel('E-mail address').fill(own);
    await form.getByLabel('Password (at least 12 characters)').fill(passphrase);
    await form.getByRole('button', { name: 'Create my account' }).click();
    await page.getByText(`Almost done: we sent a link to ${own}.`).waitFor();
    expect(await form.isHidden()).toBe(true);

    // Signing in before confirming says why, and sends a new link (the first may be lost).
    await signIn(page, own, passphrase);
    await page.getByText('Your e-mail address is not confirmed yet.').waitFor();
    const [mail] = await smtp.waitFor(own, 2);
    const verifyLink = linkIn(mail, /^\/verify-email$/);
    expect(verifyLink).toMatch(new RegExp(`^${baseUrl}/verify-email\\?lang=en#token=`));

    const tab = await visitor();
    await tab.goto(verifyLink);
    await tab.getByRole('heading', { name: 'Your e-mail address is confirmed, and you are signed in.' }).waitFor();
    expect(tab.url()).toBe(`${baseUrl}/verify-email?lang=en`);
    expect(await tab.locator('#session-name').textContent()).toBe('Signed in as Jana Dvořáková');
    await tab.getByRole('link', { name: 'Go to your proposals' }).click();
    await tab.getByRole('heading', { name: 'Welcome, Jana Dvořáková.' }).waitFor();

    // Back on the invitation's tab, which kept its token: sign in and confirm.
    await signIn(page, own, passphrase);
    await page.getByRole('button', { name: 'Confirm my participation' }).click();
    await teamRowOf(page, 'Jana Dvořáková').getByText('Confirmed').waitFor();
    const proposal = await api()
      .get(`/api/v1/proposals/${proposalId}`)
      .set((await signedInAs(testApp, own, passphrase)).auth)
      .expect(200);
    expect(proposal.body.team).toContainEqual(expect.objectContaining({ side: 'PARTNER', email: own, confirmedAt: expect.any(String) }));

    // The link works once; then the page offers a new one.
    const again = await visitor();
    await again.goto(verifyLink);
    await again.getByText('This confirmation link is unknown, expired or was already used.').waitFor();
    await again.getByRole('textbox', { name: 'E-mail address' }).fill(own);
    await again.getByRole('button', { name: 'Send me a new link' }).click();
    await again.getByText('If an account with this address is waiting for confirmation').waitFor();
  });

  it('sets a new password from the reset link, and the new password signs in', async () => {
    const user = await signedIn(testApp, [Role.Researcher], { language: Language.English });
    const page = await visitor();
    await page.goto(`${baseUrl}/sign-in?lang=en`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('E-mail address').fill(user.email);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await page.getByText('If an account uses this address').waitFor();

    const [mail] = await smtp.waitFor(user.email);
    const link = linkIn(mail, /^\/reset-password$/);
    expect(link).toMatch(new RegExp(`^${baseUrl}/reset-password\\?lang=en#token=`));
    // Opened over the page that asked for it: only the fragment changes, and the page takes the token all the same.
    await page.goto(link);
    await page.waitForURL(`${baseUrl}/reset-password?lang=en`);
    await page.getByLabel('New password (at least 12 characters)').fill('a brand new passphrase');
    await page.getByLabel('Repeat the new password').fill('a brand new passphras');
    await page.getByRole('button', { name: 'Set my new password' }).click();
    await page.getByText('The two passwords differ.').waitFor();
    await page.getByLabel('Repeat the new password').fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Set my new password' }).click();
    await page.getByRole('heading', { name: 'Your password is changed.' }).waitFor();

    await page.getByRole('link', { name: 'Sign in with the new password' }).click();
    await signIn(page, user.email, 'a brand new passphrase');
    await page.getByRole('heading', { name: /^Welcome, Test researcher \d+\.$/i }).waitFor();
    expectProblem(await api().post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD }), 401, 'INVALID_CREDENTIALS');

    // The link works once.
    const again = await visitor();
    await again.goto(link);
    await again.getByLabel('New password (at least 12 characters)').fill('yet another passphrase');
    await again.getByLabel('Repeat the new password').fill('yet another passphrase');
    await again.getByRole('button', { name: 'Set my new password' }).click();
    await again.getByText('This reset link is unknown, expired or was already used.').waitFor();
  });

  it('shows a zh-TW reader the proposal and its call in Chinese, with the attachment to download', async () => {
    // The home PI reads zh-TW, and so does their browser: the notice that the partner confirmed opens in Chinese.
    const [notice] = await smtp.waitUntil(homePi.email, (mail) => /\/proposals\/[0-9a-f-]{36}(?![/0-9a-f-])/.test(mail.text));
    const link = linkIn(notice, /^\/proposals\/[^/]+$/);
    const page = await visitor('zh-TW');
    await page.goto(link);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-TW');
    await page.getByRole('heading', { name: '登入' }).waitFor();
    await signIn(page, homePi.email, PASSWORD);

    await page.getByRole('heading', { name: '研究團隊' }).waitFor();
    await teamRowOf(page, '合作方').getByText('已確認').waitFor();
    expect(await page.locator('[data-field="state"]').textContent()).toBe('草稿');
    expect(await page.locator('[data-field="deadline"] li').first().textContent()).toBe(
      formatDateTime(closesAt, 'Asia/Taipei', Language.TraditionalChinese),
    );

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下載 計畫書 description.pdf' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('計畫書 description.pdf');
    // The attachment's kind in the reader's language, not the call's key.
    expect(await page.locator('tr', { hasText: '計畫書 description.pdf' }).locator('td').nth(1).textContent()).toBe('計畫書');

    await page.locator('[data-field="call"]').click();
    await page.getByRole('heading', { name: 'NSTC–GAČR Joint Research Projects 2027' }).waitFor();
    expect(await page.locator('[data-field="state"]').textContent()).toBe('受理申請中');
    expect(await page.locator('[data-field="proposals"] li').count()).toBeGreaterThan(0);

    await page.getByRole('link', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'NSTC–GAČR Joint Research Projects 2027' }).waitFor();
    expect(await page.locator('[data-field="state"]').textContent()).toBe('Open for proposals');
  });

  it('speaks the browser’s language when the link names none', async () => {
    const page = await visitor('zh-TW');
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByRole('button', { name: '登入' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-TW');
  });

  it('lets an officer resume a disabled webhook endpoint and send a given-up delivery again from its page', async () => {
    const created = await api()
      .post('/api/v1/webhook-endpoints')
      .set(gacr.auth)
      .send({ url: 'http://127.0.0.1:9/unreachable', eventTypes: ['call.published'], description: 'GAČR grants office' })
      .expect(201);
    const endpointId = created.body.id as string;
    // Disabled after a run of failures, with one delivery given up (as the worker leaves them).
    const [{ id: eventId }] = await testApp.dataSource.query<{ id: string }[]>(
      `INSERT INTO webhook_event (type, call_id, agency_ids, body) VALUES ('call.published', $1, $2, '{}') RETURNING id`,
      [callId, [agencies.get('NSTC')!.id, agencies.get('GACR')!.id]],
    );
    await testApp.dataSource.query(
      `INSERT INTO webhook_delivery (event_id, endpoint_id, sequence, status, attempts, last_error)
       SELECT $1, $2, sequence, 'FAILED', 12, 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9' FROM webhook_event WHERE id = $1`,
      [eventId, endpointId],
    );
    await testApp.dataSource.query(
      `UPDATE webhook_endpoint SET active = false, disabled_reason = 'Disabled after 50 failed attempts in a row' WHERE id = $1`,
      [endpointId],
    );

    const page = await visitor();
    await page.goto(`${baseUrl}/webhook-endpoints/${endpointId}?lang=en`);
    await signIn(page, gacr.email, PASSWORD);
    await page.locator('[data-field="state"]', { hasText: 'Disabled' }).waitFor();
    expect(await page.locator('[data-field="reason"]').textContent()).toBe('Disabled after 50 failed attempts in a row');
    const given = page.locator('[data-field="deliveries"] tr', { hasText: 'call.published' });
    expect(await given.locator('td').nth(2).textContent()).toBe('Given up');

    await page.getByRole('button', { name: 'Resume deliveries' }).click();
    await page.locator('[data-field="state"]', { hasText: 'Receiving events' }).waitFor();
    await given.getByRole('button', { name: 'Send again' }).click();
    await page.getByText('Queued to be sent again, with the same webhook-id.').waitFor();
    const [endpoint] = await testApp.dataSource.query<{ active: boolean }[]>(`SELECT active FROM webhook_endpoint WHERE id = $1`, [
      endpointId,
    ]);
    expect(endpoint.active).toBe(true);
  });
});
