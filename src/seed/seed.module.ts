import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { PasswordModule } from '../auth/password.module';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { AttachmentStore } from '../proposals/attachments/attachment-store';
import { UsersModule } from '../users/users.module';
import { DemoCallsSeeder } from './demo-calls.seeder';
import { SeedService } from './seed.service';

@Module({
  imports: [ConfigModule, DatabaseModule, AuditModule, PasswordModule, UsersModule],
  providers: [SeedService, DemoCallsSeeder, AttachmentStore],
})
export class SeedModule {}
