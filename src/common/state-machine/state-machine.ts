import { DomainError } from '../errors/domain-error';
import { ErrorFactory } from '../errors/error-catalogue';

/** Every allowed move: for each action, the states it may start from and the state it leads to. */
export type TransitionTable<S extends string, A extends string> = Record<A, Partial<Record<S, S>>>;

export interface StateMachineDefinition<S extends string, A extends string> {
  /** What the machine is about, for messages: "A call in state DRAFT cannot finalize". */
  subject: string;
  states: readonly S[];
  actions: readonly A[];
  transitions: TransitionTable<S, A>;
  /** The refusal of any forbidden move, unless the action has a refusal of its own. */
  forbidden: ErrorFactory;
  /** Refusals that clients meet often get a code and a message of their own. */
  refusals?: Partial<Record<A, { error: ErrorFactory; message: string }>>;
}

/**
 * A state machine declared as a table of allowed transitions: anything absent is forbidden and refused as a 409
 * with the machine's code (or the action's own). Pure: no Nest, no database; specs check every pair with
 * `describeStateMachine` (state-machine.testing.ts).
 */
export class StateMachine<S extends string, A extends string> {
  constructor(readonly definition: StateMachineDefinition<S, A>) {}

  /** The state after the action, or the refusal. */
  next(state: S, action: A): S {
    const next = this.definition.transitions[action][state];
    if (next) return next;
    throw this.refusal(state, action);
  }

  can(state: S, action: A): boolean {
    return this.definition.transitions[action][state] !== undefined;
  }

  /** The states an action may start from. */
  from(action: A): S[] {
    return Object.keys(this.definition.transitions[action]) as S[];
  }

  /** Every allowed transition as [from, action, to]. */
  allowed(): [S, A, S][] {
    return this.definition.actions.flatMap((action) =>
      Object.entries(this.definition.transitions[action]).map(([from, to]) => [from as S, action, to as S] as [S, A, S]),
    );
  }

  refusal(state: S, action: A): DomainError {
    const specific = this.definition.refusals?.[action];
    if (specific) return specific.error(specific.message);
    return this.definition.forbidden(`${this.definition.subject} in state ${state} cannot ${action.toLowerCase().replace(/_/g, ' ')}`);
  }
}

export const defineStateMachine = <S extends string, A extends string>(definition: StateMachineDefinition<S, A>) =>
  new StateMachine(definition);
