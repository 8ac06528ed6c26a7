import { onServer } from './databases';

export default async function globalTeardown(): Promise<void> {
  const template = process.env.TEST_TEMPLATE_DATABASE;
  if (template) await onServer((client) => client.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`));
}
