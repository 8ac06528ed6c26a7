import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * One definition for the application, the TypeORM CLI and the tests. Entities and migrations are found by file
 * name next to this file's build output (or source, under ts-jest/swc), so adding one needs no registration.
 */
export function dataSourceOptions(url: string): DataSourceOptions {
  const root = join(__dirname, '..', '..');
  const extension = __filename.endsWith('.ts') ? 'ts' : 'js';
  return {
    type: 'postgres',
    url,
    entities: [join(root, 'src', '**', `*.entity.${extension}`)],
    migrations: [join(root, 'migrations', `*.${extension}`)],
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    // gen_random_uuid() is built into PostgreSQL 13+: no extension to install, no superuser needed.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    synchronize: false,
    migrationsRun: false,
    // A database that does not answer fails a request in seconds (a 503), instead of holding it forever.
    extra: { max: 20, connectionTimeoutMillis: 5_000 },
  };
}
