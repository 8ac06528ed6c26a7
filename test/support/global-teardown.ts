import { dropDatabase } from './databases';

export default async function globalTeardown(): Promise<void> {
  const template = process.env.TEST_TEMPLATE_DATABASE;
  if (template) await dropDatabase(template);
}
