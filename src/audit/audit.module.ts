import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditReadPolicy } from './audit-read-policy';
import { AuditEvent } from './audit-event.entity';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEvent]), DiscoveryModule],
  controllers: [AuditController],
  providers: [AuditService, AuditReadPolicy],
  exports: [AuditService],
})
export class AuditModule {}
