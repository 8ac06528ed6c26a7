import { Injectable, OnModuleInit, SetMetadata } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { AccessPolicy, definePolicy } from '../common/access/access-policy';
import { hasRole, Principal } from '../common/access/principal';
import { ErrorFactory } from '../common/errors/error-catalogue';
import { Role } from '../common/identity/role';
import { AuditEntityType } from './audit-event.entity';
import { AUDIT_ERRORS } from './audit.errors';

const AUDITED_ENTITY = 'audited-entity';

/** An entity as the audit policy judges it: the agencies party to it, or null when it does not exist. */
export interface AuditedSubject {
  partyAgencyIds: string[] | null;
}

/** The module owning an entity type says which agencies are party to one entity, and how its absence is answered. */
export interface AuditReader {
  readonly hidden: ErrorFactory;
  partyAgencies(entityId: string): Promise<string[] | null>;
}

/** Registers a provider as the reader of the audit trail of an entity type. */
export const AuditedEntity = (entityType: AuditEntityType) => SetMetadata(AUDITED_ENTITY, entityType);

/**
 * Admins read every history; officers only those of entities their agency is party to (a call, a proposal in one
 * of its calls), as the owning module tells; nobody else. What the caller may not read is answered as absent,
 * with the owning module's own not-found problem.
 */
export const auditPolicy = (hidden: ErrorFactory) =>
  definePolicy<AuditedSubject, never>({
    hidden,
    canSee: (user: Principal, subject) =>
      subject.partyAgencyIds !== null &&
      (hasRole(user, Role.Admin) ||
        (hasRole(user, Role.Officer) && user.agencyId !== null && subject.partyAgencyIds.includes(user.agencyId))),
    permissions: {},
  });

/** Entity types without a reader (users, reference data): admins only. */
const ADMIN_ONLY = auditPolicy(AUDIT_ERRORS.AUDIT_TRAIL_NOT_FOUND);

@Injectable()
export class AuditReadPolicy implements OnModuleInit {
  private readonly readers = new Map<string, { reader: AuditReader; policy: AccessPolicy<AuditedSubject, never> }>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const entityType = wrapper.metatype ? (Reflect.getMetadata(AUDITED_ENTITY, wrapper.metatype) as string | undefined) : undefined;
      if (!entityType || !wrapper.instance) continue;
      const reader = wrapper.instance as AuditReader;
      this.readers.set(entityType, { reader, policy: auditPolicy(reader.hidden) });
    }
  }

  /** 404 unless the caller may read the entity's history. */
  async assertReadable(user: Principal, entityType: AuditEntityType, entityId: string): Promise<void> {
    const registered = this.readers.get(entityType);
    if (!registered) return ADMIN_ONLY.assertVisible(user, { partyAgencyIds: hasRole(user, Role.Admin) ? [] : null });
    // Admins read the history of an entity even once it is gone; others need it to exist and be theirs.
    const partyAgencyIds = hasRole(user, Role.Admin) ? [] : await registered.reader.partyAgencies(entityId);
    registered.policy.assertVisible(user, { partyAgencyIds });
  }
}
