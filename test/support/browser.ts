import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { AddressInfo } from 'node:net';
import { Browser, chromium, Page } from 'playwright-core';
import { PASSWORD } from './actors';
import { startTestApp, TestApp } from './test-app';

/** Debian's Chromium; `.ci/run` installs it when it is missing. Never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (as .ci/run does)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The test app listening on a real port, PUBLIC_URL pointing at it, so that the links in its e-mails open in a browser. */
export async function startListeningTestApp(overrides: Record<string, string> = {}): Promise<{ testApp: TestApp; baseUrl: string }> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const testApp = await startTestApp({ ...overrides, PUBLIC_URL: baseUrl });
  await testApp.app.listen(port, '127.0.0.1');
  return { testApp, baseUrl };
}

/** What a tab did that a page must never do: break its Content-Security-Policy, or fail in a script. */
export interface WatchedTab {
  page: Page;
  /** Errors in the console (a Content-Security-Policy violation, a failed script) and uncaught exceptions. */
  problems: string[];
  /** Every request the browser sent: its URL and its Referer header, if it had one. */
  requests: Promise<{ url: string; referer: string | null }>[];
  close(): Promise<void>;
}

/** A new tab in a context of its own (its own sessionStorage: a new visitor), watched. */
export async function newTab(browser: Browser, locale = 'en-US'): Promise<WatchedTab> {
  const context = await browser.newContext({ locale, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  const requests: WatchedTab['requests'] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  // An API refusal the page handles still logs "Failed to load resource"; any other error is the page's fault.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
  });
  // A header still unread when the tab closes cannot be read any more: it counts as a Referer sent, so a test that
  // checks Referers fails rather than passes on it, and the rejection never escapes into an unrelated test.
  page.on('request', (request) =>
    requests.push(
      request.headerValue('referer').then(
        (referer) => ({ url: request.url(), referer }),
        () => ({ url: request.url(), referer: '(unread: the tab closed first)' }),
      ),
    ),
  );
  return { page, problems, requests, close: () => context.close() };
}

/**
 * The tabs a suite opens as new visitors (`visitor(locale)`), closed after each test, which fails if one of them
 * broke its Content-Security-Policy or threw. `open` holds the tabs of the running test.
 */
export function visitorTabs(browser: () => Browser): { visitor(locale?: string): Promise<Page>; open: WatchedTab[] } {
  const open: WatchedTab[] = [];
  afterEach(async () => {
    const closing = open.splice(0);
    await Promise.all(closing.map((tab) => tab.close()));
    expect(closing.flatMap((tab) => tab.problems)).toEqual([]);
  });
  return {
    open,
    visitor: async (locale) => {
      const tab = await newTab(browser(), locale);
      open.push(tab);
      return tab.page;
    },
  };
}

/** Fills the pages' sign-in form (in either language) and sends it. */
export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  const form = page.locator('#sign-in-form');
  await form.getByLabel(/E-mail address|電子郵件地址/).fill(email);
  await form.getByLabel(/^(Password|密碼)$/).fill(password);
  await form.locator('button[type="submit"]').click();
}
