import { dropDatabase } from './databases';
import { clearRedisPrefix, runRedisPrefix } from './redis';

export default async function globalTeardown(): Promise<void> {
  const template = process.env.TEST_TEMPLATE_DATABASE;
  if (template) await dropDatabase(template);
  // Every test file must clean up after itself: a key left under this run's prefixes fails the run (after removal).
  const left = await clearRedisPrefix(`${runRedisPrefix()}_`);
  if (left > 0) throw new Error(`The tests left ${left} Redis keys under ${runRedisPrefix()}_*; a test file does not clean up its prefix`);
}
