import { Browser } from 'playwright-core';
import { Role } from '../src/common/identity/role';
import { Actor, PASSWORD, signedIn } from './support/actors';
import { launchChromium, startListeningTestApp } from './support/browser';
import { TestApp } from './support/test-app';

jest.setTimeout(60_000);

/**
 * The queue dashboard (Bull Board at /queues) that README offers admins, opened in a real browser: it must run under
 * the security headers every answer carries (it once stayed on "Loading" forever under the API's sandbox policy).
 */
describe('Queue dashboard in a browser', () => {
  let testApp: TestApp;
  let baseUrl: string;
  let browser: Browser;
  let admin: Actor;

  beforeAll(async () => {
    ({ testApp, baseUrl } = await startListeningTestApp());
    browser = await launchChromium();
    admin = await signedIn(testApp, [Role.Admin]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await testApp?.close();
  });

  it('shows an admin the e-mail and maintenance queues, loading only its own assets', async () => {
    const context = await browser.newContext({ httpCredentials: { username: admin.email, password: PASSWORD } });
    const page = await context.newPage();
    const problems: string[] = [];
    const foreign: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      // Its Google Fonts stylesheet is blocked on purpose (the policy says why); any other refusal is a defect.
      if (message.type() === 'error' && !message.text().includes('fonts.googleapis.com')) problems.push(message.text());
    });
    page.on('requestfinished', (request) => {
      if (!request.url().startsWith(baseUrl)) foreign.push(request.url());
    });
    try {
      const answer = await page.goto(`${baseUrl}/queues/`);
      expect(answer?.status()).toBe(200);
      expect(answer?.headers()['x-frame-options']).toBe('DENY');
      await page.getByText('email', { exact: true }).first().waitFor();
      await page.getByText('maintenance', { exact: true }).first().waitFor();
      expect({ problems, foreign }).toEqual({ problems: [], foreign: [] });
    } finally {
      await context.close();
    }
  });
});
