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
}
