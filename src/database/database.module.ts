import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsModule } from 'nestjs-cls';
import { Environment } from '../config/environment';
import { dataSourceOptions } from './data-source-options';

/**
 * PostgreSQL through TypeORM, and the ambient transaction: a service method marked @Transactional() opens one,
 * and every repository reached through TransactionHost inside it (the audit trail, the outbox) joins it.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => dataSourceOptions(config.get('DATABASE_URL', { infer: true })),
    }),
    // registerPlugins, not forRoot: forRoot also installs a global guard and interceptor on every route, no-ops
    // here (CLS is not mounted per request; @Transactional opens its own context) that still cost ~40 µs a request.
    ClsModule.registerPlugins([
      new ClsPluginTransactional({
        imports: [TypeOrmModule],
        adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: getDataSourceToken() }),
        enableTransactionProxy: true,
      }),
    ]),
  ],
})
export class DatabaseModule {}
