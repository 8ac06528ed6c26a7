import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { RedisThrottlerStorage } from '../common/throttling/redis-throttler.storage';
import { Environment } from '../config/environment';
import { NotificationsModule } from '../notifications/notifications.module';
import { REDIS, RedisKeys } from '../redis/redis.module';
import { UsersModule } from '../users/users.module';
import { AdminBasicAuth } from './admin-basic-auth';
import { AuthController } from './auth.controller';
import { ATTEMPTS, PER_ACCOUNT, PER_ADDRESS } from './login-throttler.guard';
import { AuthService } from './auth.service';
import { PasswordModule } from './password.module';
import { ProposalsModule } from '../proposals/proposals.module';
import { EmailVerificationService } from './email-verification.service';
import { PasswordResetService } from './password-reset.service';
import { SingleUseToken } from './single-use-token.entity';
import { SingleUseTokens } from './single-use-tokens';
import { RefreshToken } from './refresh-token.entity';
import { RefreshTokenService } from './refresh-token.service';

const HOUR_MS = 3600 * 1000;

@Module({
  imports: [
    TypeOrmModule.forFeature([RefreshToken, SingleUseToken]),
    NotificationsModule,
    ProposalsModule,
    PasswordModule,
    UsersModule,
    ThrottlerModule.forRootAsync({
      inject: [ConfigService, REDIS, RedisKeys],
      useFactory: (config: ConfigService<Environment, true>, redis: Redis, keys: RedisKeys) => ({
        throttlers: [
          {
            name: ATTEMPTS,
            ttl: config.get('LOGIN_RATE_WINDOW_SECONDS', { infer: true }) * 1000,
            limit: config.get('LOGIN_RATE_LIMIT', { infer: true }),
          },
          { name: PER_ADDRESS, ttl: HOUR_MS, limit: config.get('ACCOUNT_RATE_LIMIT', { infer: true }) },
          { name: PER_ACCOUNT, ttl: HOUR_MS, limit: config.get('RESET_RATE_LIMIT', { infer: true }) },
        ],
        storage: new RedisThrottlerStorage(redis, keys),
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, RefreshTokenService, PasswordResetService, EmailVerificationService, SingleUseTokens, AdminBasicAuth],
  exports: [AuthService, RefreshTokenService, AdminBasicAuth, PasswordResetService],
})
export class AuthModule {}
