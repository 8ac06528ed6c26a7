import { ErrorFactory } from '../errors/error-catalogue';
import { Principal } from './principal';

/** What one permission of a policy asks, and how a visible resource is refused when the caller lacks it. */
export interface Permission<R> {
  allows(user: Principal, resource: R): boolean;
  refusal: ErrorFactory;
}

export interface PolicyDefinition<R, P extends string> {
  /** The answer for a resource the caller may not see: the same as for one that does not exist. */
  hidden: ErrorFactory;
  canSee(user: Principal, resource: R): boolean;
  permissions: Record<P, Permission<R>>;
}

/** The outcome of asking a policy, as the specs table it. */
export type AccessOutcome = 'hidden' | 'forbidden' | 'allowed';

/**
 * The one access rule of the API: a resource the caller cannot see does not exist for them (404, so nobody learns
 * it exists); one they can see but may not act on is refused (403). Each resource declares its policy
 * (`call-access.ts`, `proposal-access.ts`, ...) as what may be seen and the permissions on it; services assert.
 */
export class AccessPolicy<R, P extends string> {
  constructor(private readonly definition: PolicyDefinition<R, P>) {}

  canSee(user: Principal, resource: R): boolean {
    return this.definition.canSee(user, resource);
  }

  can(user: Principal, permission: P, resource: R): boolean {
    return this.outcome(user, permission, resource) === 'allowed';
  }

  outcome(user: Principal, permission: P, resource: R): AccessOutcome {
    if (!this.definition.canSee(user, resource)) return 'hidden';
    return this.definition.permissions[permission].allows(user, resource) ? 'allowed' : 'forbidden';
  }

  /** 404 unless the caller may see the resource. */
  assertVisible(user: Principal, resource: R): void {
    if (!this.definition.canSee(user, resource)) throw this.definition.hidden();
  }

  /** 404 unless the caller may see the resource, 403 unless they hold the permission on it. */
  assert(user: Principal, permission: P, resource: R): void {
    this.assertVisible(user, resource);
    if (!this.definition.permissions[permission].allows(user, resource)) throw this.definition.permissions[permission].refusal();
  }

  /** The permissions, for specs that table every one. */
  get permissions(): P[] {
    return Object.keys(this.definition.permissions) as P[];
  }
}

export const definePolicy = <R, P extends string>(definition: PolicyDefinition<R, P>) => new AccessPolicy(definition);
