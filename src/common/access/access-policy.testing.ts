import { AccessOutcome, AccessPolicy } from './access-policy';
import { Principal } from './principal';

/** One row of a policy's table: who, on what, and the outcome of each permission (and of seeing it). */
export interface AccessCase<R, P extends string> {
  who: string;
  user: Principal;
  on: string;
  resource: R;
  /** `see` is whether the resource is visible; every permission of the policy must be given. */
  expect: { see: boolean } & Record<P, AccessOutcome>;
}

/**
 * Table-driven spec of a policy: each row states, for one caller and one resource, whether it is visible and the
 * outcome of every permission. A permission missing from a row fails, so a new permission needs a decision per row.
 */
export function describePolicy<R, P extends string>(name: string, policy: AccessPolicy<R, P>, cases: AccessCase<R, P>[]): void {
  describe(name, () => {
    it.each(cases.map((row) => [row.who, row.on, row] as const))('%s on %s', (_who, _on, row) => {
      const actual = Object.fromEntries([
        ['see', policy.canSee(row.user, row.resource)],
        ...policy.permissions.map((permission) => [permission, policy.outcome(row.user, permission, row.resource)]),
      ]);
      expect(actual).toEqual(row.expect);
    });

    it('never answers forbidden on what the caller cannot see', () => {
      for (const row of cases) {
        if (row.expect.see) continue;
        for (const permission of policy.permissions) expect(policy.outcome(row.user, permission, row.resource)).toBe('hidden');
      }
    });
  });
}
