import { DomainError } from '../domain-error';
import { Decider, DomainEvent, fold } from './decider';

/**
 * Given/when/then for deciders:
 * `given(decider, pastEvents).when(command).then(newEvents)` or `.thenFails('code')`.
 */
export function given<TCommand, TState, TEvent extends DomainEvent>(decider: Decider<TCommand, TState, TEvent>, past: readonly TEvent[]) {
  return {
    when(command: TCommand) {
      const decide = () => decider.decide(command, fold(decider, past));
      return {
        then(expected: readonly TEvent[]): void {
          expect(decide()).toEqual(expected);
        },
        thenFails(code: string, kind?: DomainError['kind']): void {
          let failure: unknown;
          try {
            decide();
          } catch (error) {
            failure = error;
          }
          expect(failure).toBeInstanceOf(DomainError);
          expect((failure as DomainError).code).toBe(code);
          if (kind) expect((failure as DomainError).kind).toBe(kind);
        },
      };
    },
  };
}
