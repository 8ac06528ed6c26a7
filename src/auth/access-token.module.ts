import { createSecretKey } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtModule } from '@nestjs/jwt';
import { Environment } from '../config/environment';
import { ACCESS_TOKEN_ALGORITHM, ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, AccessTokenService } from './access-token.service';

/** Access tokens are verified by the global guard, so their service is available to every module. */
@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => ({
        // A KeyObject made once: given a string, jsonwebtoken first tries (and fails) to parse it as a PEM public key
        // on every sign and verify, which cost a quarter of the API's CPU in bench:http.
        secret: createSecretKey(Buffer.from(config.get('JWT_SECRET', { infer: true }))) as unknown as string,
        signOptions: {
          expiresIn: config.get('JWT_ACCESS_TTL_SECONDS', { infer: true }),
          algorithm: ACCESS_TOKEN_ALGORITHM,
          audience: ACCESS_TOKEN_AUDIENCE,
          issuer: ACCESS_TOKEN_ISSUER,
        },
      }),
    }),
  ],
  providers: [AccessTokenService],
  exports: [AccessTokenService],
})
export class AccessTokenModule {}
