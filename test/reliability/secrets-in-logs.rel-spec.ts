import { PASSWORD } from '../support/actors';
import { callInput, PDF } from '../support/calls';
import { call, Deployment } from '../support/deployment';
import { databaseUrl } from '../support/databases';
import { eventually } from '../support/eventually';
import { waitForLog } from '../support/processes';
import { SmtpSink } from '../support/smtp-sink';
import { WebhookReceiver } from '../support/webhook-receiver';

const NEW_PASSWORD = 'a completely new passphrase 0xC0FFEE';
const tokenIn = (text: string, name: string) => new RegExp(`[#?&]${name}=([A-Za-z0-9_-]{20,})`).exec(text)?.[1];

/**
 * A whole run of the API and the worker at the most talkative log level, through every path that handles a secret:
 * registration, sign-in, refresh (and a refresh token used twice), wrong passwords, a password reset by e-mail, an
 * invitation by e-mail, webhook secrets created, rotated and used to sign deliveries, tokens sent in query strings.
 * Then the logs of both processes are searched for every one of those secrets, the deployment's keys, the database
 * password, password hashes and bearer tokens: none may be there.
 */
describe('Secrets never reach the logs', () => {
  const smtp = new SmtpSink();
  const receiver = new WebhookReceiver();
  let deployment: Deployment;

  beforeAll(async () => {
    await smtp.start();
    await receiver.start();
    deployment = await Deployment.create({ SMTP_URL: smtp.url, LOG_LEVEL: 'trace' });
  }, 120_000);
  afterAll(async () => {
    await deployment?.close();
    await receiver.stop();
    await smtp.stop();
  });

  it('logs none of them', async () => {
    // Trust authentication ignores the password, so the URL can carry one that the logs must not show.
    const withPassword = new URL(databaseUrl(deployment.database));
    withPassword.password = 'database-password-in-the-url';
    const env = { DATABASE_URL: withPassword.toString() };
    const { url } = await deployment.api('api', env);
    const worker = deployment.worker('worker', env);
    await waitForLog(worker, /Worker started/);
    const secrets: string[] = ['database-password-in-the-url', NEW_PASSWORD];

    // Accounts and tokens.
    const email = 'secretive@example.org';
    expect((await call(url, 'POST', '/auth/register', { body: { email, password: PASSWORD, name: 'Secretive' } })).status).toBe(202);
    const [verification] = await smtp.waitUntil(email, (mail) => mail.text.includes('/verify-email'), 30_000);
    const verificationToken = tokenIn(verification.text, 'token')!;
    secrets.push(verificationToken);
    expect((await call(url, 'POST', '/auth/verify-email', { body: { token: verificationToken } })).status).toBe(200);
    const login = await call(url, 'POST', '/auth/login', { body: { email, password: PASSWORD } });
    const refreshed = await call(url, 'POST', '/auth/refresh', { body: { refreshToken: login.body.refreshToken } });
    const reused = await call(url, 'POST', '/auth/refresh', { body: { refreshToken: login.body.refreshToken } });
    expect([login.status, refreshed.status, reused.status]).toEqual([200, 200, 401]);
    secrets.push(...[login.body, refreshed.body].flatMap((body) => [body.accessToken as string, body.refreshToken as string]));
    for (const wrong of ['wrong password one', 'wrong password two'])
      await call(url, 'POST', '/auth/login', { body: { email, password: wrong } });
    secrets.push('wrong password one');
    await fetch(`${url}/api/v1/me?token=${login.body.accessToken as string}&access_token=query-string-secret-123`);
    secrets.push('query-string-secret-123');

    // A password reset by e-mail.
    expect((await call(url, 'POST', '/auth/password-reset', { body: { email } })).status).toBe(202);
    const [reset] = await smtp.waitUntil(email, (mail) => mail.text.includes('/reset-password'), 30_000);
    const resetToken = tokenIn(reset.text, 'token')!;
    secrets.push(resetToken);
    expect((await call(url, 'POST', '/auth/password-reset/confirm', { body: { token: resetToken, password: NEW_PASSWORD } })).status).toBe(
      204,
    );

    // An invitation by e-mail, and an upload.
    const admin = await deployment.admin(url);
    const agencies = new Map([
      ['GACR', { id: await deployment.agencyId('GACR') }],
      ['NSTC', { id: await deployment.agencyId('NSTC') }],
    ]);
    const nstc = await deployment.user(url, admin, ['OFFICER'], agencies.get('NSTC')!.id);
    const gacr = await deployment.user(url, admin, ['OFFICER'], agencies.get('GACR')!.id);
    const endpoint = await call(url, 'POST', '/webhook-endpoints', {
      auth: nstc.auth,
      body: { url: receiver.url, eventTypes: ['call.published', 'proposal.submitted'] },
    });
    const rotated = await call(url, 'POST', `/webhook-endpoints/${endpoint.body.id as string}/rotate-secret`, { auth: nstc.auth });
    secrets.push(endpoint.body.secret as string, rotated.body.secret as string);
    const created = await call(url, 'POST', '/calls', { auth: nstc.auth, body: callInput(agencies) });
    const callId = created.body.id as string;
    for (const officer of [nstc, gacr]) await call(url, 'POST', `/calls/${callId}/approve`, { auth: officer.auth, body: { version: 1 } });
    expect((await call(url, 'POST', `/calls/${callId}/publish`, { auth: gacr.auth })).status).toBe(200);
    const pi = await deployment.user(url, admin, ['RESEARCHER']);
    const draft = await call(url, 'POST', `/calls/${callId}/proposals`, {
      auth: pi.auth,
      body: { title: 'Secret sauce', side: 'HOME', institution: 'NTU', country: 'TW' },
    });
    const proposalId = draft.body.id as string;
    await call(url, 'POST', `/proposals/${proposalId}/invitations`, {
      auth: pi.auth,
      body: { name: 'Partner', email: 'partner-secret@example.org', institution: 'Charles University', country: 'CZ' },
    });
    const [invitation] = await smtp.waitUntil('partner-secret@example.org', (mail) => mail.text.includes('token='), 30_000);
    secrets.push(tokenIn(invitation.text, 'token')!);
    const form = new FormData();
    form.append('file', new Blob([PDF], { type: 'application/pdf' }), 'secret.pdf');
    const upload = await fetch(`${url}/api/v1/proposals/${proposalId}/attachments?kind=project-description`, {
      method: 'POST',
      headers: pi.auth,
      body: form,
    });
    expect(upload.status).toBe(201);
    secrets.push(nstc.token, pi.token, admin.token);

    // The publication's webhook, signed with the rotated secret.
    const [delivered] = await eventually(
      async () => receiver.accepted(),
      (accepted) => accepted.length > 0,
      { what: 'the signed webhook' },
    );
    secrets.push(delivered.signature.split(' ')[0].split(',')[1]);

    const leaked = deployment.leakedSecrets(secrets);
    process.stdout.write(`secrets-in-logs: ${secrets.length} secrets looked for in ${deployment.logs().length} characters of logs\n`);
    expect(deployment.logs().length).toBeGreaterThan(10_000);
    expect(leaked).toEqual([]);
  }, 300_000);
});
