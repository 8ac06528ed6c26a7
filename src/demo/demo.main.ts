import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { loadEnvironmentOrExit } from '../config/environment';
import { dataSourceOptions } from '../database/data-source-options';
import { OFFICER_GACR } from '../seed/demo-calls.data';
import { AgencyReceiver, connectAgencyReceiver } from './agency-receiver';
import { mailTour } from './demo-tour';
import { busyPortMessage, busyPorts } from './ports';

/**
 * `npm run demo`: the whole system without Docker, against the PostgreSQL and Redis of DATABASE_URL and REDIS_URL.
 * Creates the database if needed, migrates, seeds demo data, starts an in-process mail catcher, the API and a
 * worker, prints where each is, and stops them all on Ctrl-C.
 */
// The processes read .env through the configuration module; the demo reads it too, before its own settings, so
// that PORT and the DEMO_* ports set there are the ones it checks and prints. The environment still wins.
if (existsSync('.env')) process.loadEnvFile('.env');

function demoPort(variable: string, fallback: number): number {
  const value = process.env[variable];
  const port = value === undefined || value === '' ? fallback : Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`Demo failed: ${variable} must be a port number from 1 to 65535, not "${value}"`);
    process.exit(1);
  }
  return port;
}
const MAIL_SMTP_PORT = demoPort('DEMO_SMTP_PORT', 1025);
const MAIL_WEB_PORT = demoPort('DEMO_MAIL_WEB_PORT', 1080);
const AGENCY_RECEIVER_PORT = demoPort('DEMO_WEBHOOK_PORT', 1090);

async function ensureDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const server = new URL(url);
  server.pathname = '/postgres';
  const admin = new DataSource({ type: 'postgres', url: server.toString() });
  await admin.initialize();
  try {
    const [{ exists }] = await admin.query<{ exists: boolean }[]>(
      'SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1) AS exists',
      [name],
    );
    if (!exists) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await admin.destroy();
  }
}

async function migrate(url: string): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    console.log(`  migrations: ${applied.length} applied`);
  } finally {
    await dataSource.destroy();
  }
}

async function seed(): Promise<void> {
  // Loaded here, not at the top: loading SeedModule runs ConfigModule.forRoot(), which copies every validated
  // setting into process.env, defaults included (LOG_LEVEL=info, ...), and the children would inherit them.
  const { SeedModule } = await import('../seed/seed.module.js');
  const { SeedService } = await import('../seed/seed.service.js');
  const app = await NestFactory.createApplicationContext(SeedModule, { logger: ['warn', 'error'] });
  try {
    await app.get(SeedService).run({ demo: true });
  } finally {
    await app.close();
  }
}

async function startMailCatcher(): Promise<{ stop(): Promise<void> }> {
  const { MailDev } = await import('maildev');
  const maildev = new MailDev({ smtp: MAIL_SMTP_PORT, web: MAIL_WEB_PORT, ip: '127.0.0.1', webIp: '127.0.0.1', silent: true });
  await maildev.start();
  return maildev;
}

function startProcess(name: string, script: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [join(__dirname, '..', script)], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping the demo`);
      void stop(1);
    }
  });
  return child;
}

let stopping = false;
const children: ChildProcess[] = [];
let mailCatcher: { stop(): Promise<void> } | undefined;
const agencyReceiver = new AgencyReceiver(AGENCY_RECEIVER_PORT);

async function stop(code = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping the demo...');
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
  await mailCatcher?.stop();
  await agencyReceiver.stop();
  process.exit(code);
}

async function waitForReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ready = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${url} did not become ready within ${timeoutMs / 1000} s`);
}

async function main(): Promise<void> {
  // The links in the e-mails lead to this demo's API, on whichever PORT it runs (a second demo beside a first).
  process.env.PUBLIC_URL ??= `http://localhost:${process.env.PORT || 3000}`;
  const launchEnv = { ...process.env }; // before seed(): see there
  const smtpUrl = `smtp://127.0.0.1:${MAIL_SMTP_PORT}`;
  process.env.SMTP_URL = smtpUrl;
  const env = loadEnvironmentOrExit();
  // Checked before anything starts, so a second demo says which port is taken instead of failing half-way.
  const busy = await busyPorts([
    { port: env.PORT, host: '0.0.0.0', variable: 'PORT', purpose: 'the API' },
    { port: MAIL_SMTP_PORT, host: '127.0.0.1', variable: 'DEMO_SMTP_PORT', purpose: "the mail catcher's SMTP" },
    { port: MAIL_WEB_PORT, host: '127.0.0.1', variable: 'DEMO_MAIL_WEB_PORT', purpose: "the mail catcher's web UI" },
    { port: AGENCY_RECEIVER_PORT, host: '127.0.0.1', variable: 'DEMO_WEBHOOK_PORT', purpose: "the GAČR system's webhook receiver" },
  ]);
  if (busy.length > 0) {
    for (const port of busy) console.error(busyPortMessage(port));
    process.exit(1);
  }
  console.log('Joint Calls demo');
  console.log(`  database: ${env.DATABASE_URL.replace(/\/\/[^@/]*@/, '//***@')}`);
  await ensureDatabase(env.DATABASE_URL);
  await migrate(env.DATABASE_URL);
  await seed();
  console.log('  demo data: loaded (see README for the accounts)');
  mailCatcher = await startMailCatcher();
  await agencyReceiver.start();

  const childEnv = { ...launchEnv, SMTP_URL: smtpUrl, LOG_LEVEL: launchEnv.LOG_LEVEL ?? 'warn' };
  children.push(startProcess('API', 'main.js', childEnv), startProcess('Worker', 'worker.js', childEnv));
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  const api = `http://localhost:${env.PORT}`;
  await waitForReady(`${api}/health/ready`, 60_000);
  await connectAgencyReceiver(api, agencyReceiver, OFFICER_GACR);
  const mails = await mailTour(api);
  console.log(`
  API           ${api}/api/v1
  Swagger UI    ${api}/docs   (OpenAPI: ${api}/docs-json)
  Readiness     ${api}/health/ready
  Mail catcher  http://localhost:${MAIL_WEB_PORT}   (SMTP on ${MAIL_SMTP_PORT}; REST: http://localhost:${MAIL_WEB_PORT}/api/email)
                its links lead to ${env.PUBLIC_URL}; e-mails waiting there to follow:
${mails.map((line) => `                - ${line}`).join('\n')}
  GAČR system   http://localhost:${AGENCY_RECEIVER_PORT}   (receives GAČR's webhooks, verifies each signature, prints a line per event)
  Sign in as    ${env.ADMIN_EMAIL} / ${env.ADMIN_PASSWORD === 'admin-password-local' ? 'admin-password-local' : '(your ADMIN_PASSWORD)'}

Ready. Press Ctrl-C to stop everything.`);
}

main().catch((error: unknown) => {
  console.error(`Demo failed: ${error instanceof Error ? error.message : String(error)}`);
  void stop(1);
});
