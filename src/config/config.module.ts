import { Global, Module } from '@nestjs/common';
import { ConfigModule as NestConfigModule } from '@nestjs/config';
import { validateEnvironment } from './environment';

/** Reads .env (if any) and the process environment once, validated, for both the API and the worker. */
@Global()
@Module({
  imports: [NestConfigModule.forRoot({ isGlobal: true, cache: true, validate: validateEnvironment })],
})
export class ConfigModule {}
