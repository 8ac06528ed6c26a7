import { randomBytes } from 'node:crypto';
import { createDatabase, databaseUrl, migrate, uniqueName } from './databases';

/**
 * Migrates one template database per run; every e2e file then clones it with CREATE DATABASE ... TEMPLATE, which
 * takes milliseconds instead of a migration run per file.
 */
export default async function globalSetup(): Promise<void> {
  const template = uniqueName('jc_template');
  await createDatabase(template);
  await migrate(databaseUrl(template));
  process.env.TEST_TEMPLATE_DATABASE = template;
  // Names this run's Redis prefixes, so the teardown can tell what this run left behind from other runs' keys.
  process.env.TEST_RUN_ID = randomBytes(4).toString('hex');
}
