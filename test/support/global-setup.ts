import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { databaseUrl, onServer, uniqueName } from './databases';

/**
 * Migrates one template database per run; every e2e file then clones it with CREATE DATABASE ... TEMPLATE, which
 * takes milliseconds instead of a migration run per file.
 */
export default async function globalSetup(): Promise<void> {
  const template = uniqueName('jc_template');
  await onServer((client) => client.query(`CREATE DATABASE ${template}`));
  const dataSource = new DataSource(dataSourceOptions(databaseUrl(template)));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  process.env.TEST_TEMPLATE_DATABASE = template;
  // Names this run's Redis prefixes, so the teardown can tell what this run left behind from other runs' keys.
  process.env.TEST_RUN_ID = randomBytes(4).toString('hex');
}
