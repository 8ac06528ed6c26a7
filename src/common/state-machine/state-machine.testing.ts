import { DomainError } from '../errors/domain-error';
import { StateMachine } from './state-machine';

/**
 * The exhaustive spec of a state machine: every allowed transition listed by hand leads where it says, every
 * other (state, action) pair is refused with the machine's code (or the action's own), and the machine's table
 * holds exactly the listed transitions, so a transition added to the code without the spec fails.
 */
export function describeStateMachine<S extends string, A extends string>(
  name: string,
  machine: StateMachine<S, A>,
  allowed: [S, A, S][],
  expectedRefusals: Partial<Record<A, string>> = {},
): void {
  const { states, actions, forbidden } = machine.definition;
  describe(name, () => {
    it.each(allowed)('allows %s --%s--> %s', (from, action, to) => {
      expect(machine.next(from, action)).toBe(to);
    });

    const refused = states.flatMap((from) =>
      actions
        .filter((action) => !allowed.some(([state, move]) => state === from && move === action))
        .map((action) => [from, action] as const),
    );
    if (refused.length > 0) {
      it.each(refused)('refuses %s --%s-->', (from, action) => {
        let thrown: unknown;
        try {
          machine.next(from, action);
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(DomainError);
        expect({ code: (thrown as DomainError).code, kind: (thrown as DomainError).kind }).toEqual({
          code: expectedRefusals[action] ?? forbidden.code,
          kind: 'conflict',
        });
      });
    }

    it('holds exactly the listed transitions', () => {
      const sort = (rows: [S, A, S][]) => rows.map((row) => row.join(' ')).sort();
      expect(sort(machine.allowed())).toEqual(sort(allowed));
    });
  });
}
