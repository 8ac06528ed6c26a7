import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { PasswordModule } from '../auth/password.module';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { UsersModule } from '../users/users.module';
import { SeedService } from './seed.service';

@Module({
  imports: [ConfigModule, DatabaseModule, AuditModule, PasswordModule, UsersModule],
  providers: [SeedService],
})
export class SeedModule {}
