import { Injectable, OnModuleInit, SetMetadata } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { hasRole, Principal } from '../common/access/principal';
import { Role } from '../common/identity/role';

const AUDITED_ENTITY = 'audited-entity';

/** Says whether an officer may read the history of one entity of a type (for officers, the module knows best). */
export interface AuditReader {
  officerMayRead(user: Principal, entityId: string): Promise<boolean>;
}

/** Registers a provider as the judge of who may read the audit trail of an entity type. */
export const AuditedEntity = (entityType: string) => SetMetadata(AUDITED_ENTITY, entityType);

/**
 * Admins read every history; officers only those of entities their agency is party to (a call, a proposal in
 * one of its calls), as the feature module owning the entity decides. Anything else is answered as absent.
 */
@Injectable()
export class AuditReadPolicy implements OnModuleInit {
  private readonly readers = new Map<string, AuditReader>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const entityType = wrapper.metatype ? (Reflect.getMetadata(AUDITED_ENTITY, wrapper.metatype) as string | undefined) : undefined;
      if (entityType && wrapper.instance) this.readers.set(entityType, wrapper.instance as AuditReader);
    }
  }

  async mayRead(user: Principal, entityType: string, entityId: string): Promise<boolean> {
    if (hasRole(user, Role.Admin)) return true;
    const reader = this.readers.get(entityType);
    return hasRole(user, Role.Officer) && reader !== undefined && (await reader.officerMayRead(user, entityId));
  }
}
