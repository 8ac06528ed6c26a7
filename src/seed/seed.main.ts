import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadEnvironmentOrExit, NodeEnvironment } from '../config/environment';
import { SeedModule } from './seed.module';
import { SeedService } from './seed.service';

/**
 * `npm run seed`: reference data, the first admin and, outside production (or with SEED_DEMO=true), the demo
 * accounts. Safe to run on every start.
 */
async function seed(): Promise<void> {
  const env = loadEnvironmentOrExit();
  const demo = process.env.SEED_DEMO ? process.env.SEED_DEMO === 'true' : env.NODE_ENV !== NodeEnvironment.Production;
  const app = await NestFactory.createApplicationContext(SeedModule, { logger: ['log', 'warn', 'error'] });
  try {
    await app.get(SeedService).run({ demo });
  } finally {
    await app.close();
  }
}

seed().catch((error: unknown) => {
  process.stderr.write(`Seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
