/** A domain event as deciders see it: plain typed data, no metadata. */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  type: TType;
  data: TData;
}

/**
 * A pure decision model: `decide` turns a command and the current state into new events (or
 * throws a DomainError), `evolve` folds one event into the state. No I/O, no clock: time and
 * ids arrive on the command.
 */
export interface Decider<TCommand, TState, TEvent extends DomainEvent> {
  initialState: TState;
  decide(command: TCommand, state: TState): TEvent[];
  evolve(state: TState, event: TEvent): TState;
}

export function fold<TState, TEvent extends DomainEvent>(
  decider: Pick<Decider<unknown, TState, TEvent>, 'initialState' | 'evolve'>,
  events: readonly TEvent[],
): TState {
  return events.reduce(decider.evolve, decider.initialState);
}
