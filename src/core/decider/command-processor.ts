import { Injectable, Inject } from '@nestjs/common';
import { EventStore, NewEvent, WrongExpectedVersionError } from '../event-store';
import { EventSchemaRegistry } from '../event-schemas';
import { uuidV5 } from '../ids';
import { EVENT_STORE } from '../tokens';
import type { CommandContext } from './command-context';
import type { Decider, DomainEvent } from './decider';

export interface Handled<TState, TEvent> {
  /** The events this command appended (empty when it changed nothing, e.g. a retry). */
  events: TEvent[];
  state: TState;
  /** Revision of the stream after the command; -1n when the stream does not exist. */
  revision: bigint;
  /** `$all` position of the last event appended, when the command appended any. */
  position?: bigint;
}

const MAX_ATTEMPTS = 5;

/**
 * Runs one command against one stream: load, fold, decide, append at the expected revision;
 * on a version conflict, load again and decide again (a bounded number of times).
 */
@Injectable()
export class CommandProcessor {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly schemas: EventSchemaRegistry,
  ) {}

  async handle<TCommand, TState, TEvent extends DomainEvent>(
    streamId: string,
    decider: Decider<TCommand, TState, TEvent>,
    command: TCommand,
    context: CommandContext,
  ): Promise<Handled<TState, TEvent>> {
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await this.load(streamId, decider);
      const decided = decider.decide(command, state);
      if (decided.length === 0) return { events: [], state, revision };
      try {
        const result = await this.store.appendToStream(
          streamId,
          decided.map((event, index) => this.envelope(event, context, streamId, index)),
          { expectedRevision: revision < 0n ? 'no_stream' : revision },
        );
        return { events: decided, state: decided.reduce(decider.evolve, state), revision: result.nextExpectedRevision, position: result.position };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  async load<TState, TEvent extends DomainEvent>(
    streamId: string,
    decider: Pick<Decider<unknown, TState, TEvent>, 'initialState' | 'evolve'>,
  ): Promise<{ state: TState; revision: bigint }> {
    let state = decider.initialState;
    let revision = -1n;
    for await (const recorded of this.store.readStream(streamId)) {
      state = decider.evolve(state, { type: recorded.type, data: recorded.data } as TEvent);
      revision = recorded.revision;
    }
    return { state, revision };
  }

  envelope(event: DomainEvent, context: CommandContext, streamId: string, index: number): NewEvent {
    return {
      type: event.type,
      data: event.data,
      metadata: {
        eventId: uuidV5(`${context.commandId}|${streamId}|${index}`),
        correlationId: context.correlationId,
        causationId: context.causationId,
        actorId: context.actorId,
        occurredAt: context.now.toISOString(),
        schemaVersion: this.schemas.currentVersion(event.type),
        ...(context.requestId ? { requestId: context.requestId } : {}),
      },
    };
  }
}
