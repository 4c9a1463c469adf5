import { Injectable, Inject } from '@nestjs/common';
import { EventStore, NewEvent, WrongExpectedVersionError } from '../event-store';
import { EventSchemaRegistry } from '../event-schemas';
import { EVENT_STORE } from '../tokens';
import type { CommandContext } from './command-context';
import { envelope } from './envelope';
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
const ignore = (): void => undefined;
const CACHED_STREAMS_PER_DECIDER = 10_000;

/** The decision, or undefined when the decider refused: it is asked again on a fresh read, which throws the refusal if it stands. */
function decideQuietly<TCommand, TState, TEvent extends DomainEvent>(
  decider: Decider<TCommand, TState, TEvent>,
  command: TCommand,
  state: TState,
): TEvent[] | undefined {
  try {
    return decider.decide(command, state);
  } catch {
    return undefined;
  }
}

interface Folded<TState> {
  state: TState;
  revision: bigint;
}

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

  /**
   * Commands on the same stream run one after another in this process: a client sending a day of
   * buffered batches at once would otherwise have them all decide on the same state, conflict, and
   * retry each other out of attempts. (Other processes are still caught by the expected revision.)
   */
  handle<TCommand, TState, TEvent extends DomainEvent>(
    streamId: string,
    decider: Decider<TCommand, TState, TEvent>,
    command: TCommand,
    context: CommandContext,
  ): Promise<Handled<TState, TEvent>> {
    const previous = this.running.get(streamId);
    const result = previous
      ? previous.then(() => this.handleNow(streamId, decider, command, context))
      : this.handleNow(streamId, decider, command, context);
    const done = result.then(ignore, ignore);
    this.running.set(streamId, done);
    void done.then(() => {
      if (this.running.get(streamId) === done) this.running.delete(streamId);
    });
    return result;
  }

  /** The last command queued on each stream that has one running, settled either way. */
  private readonly running = new Map<string, Promise<void>>();

  private async handleNow<TCommand, TState, TEvent extends DomainEvent>(
    streamId: string,
    decider: Decider<TCommand, TState, TEvent>,
    command: TCommand,
    context: CommandContext,
  ): Promise<Handled<TState, TEvent>> {
    for (let attempt = 1; ; attempt++) {
      const { folded, decided } = await this.decideOn(streamId, decider, command, attempt === 1);
      const { state, revision } = folded;
      if (decided.length === 0) return { events: [], state, revision };
      try {
        const result = await this.store.appendToStream(
          streamId,
          decided.map((event, index) => this.envelope(event, context, streamId, index)),
          { expectedRevision: revision < 0n ? 'no_stream' : revision },
        );
        const next = decided.reduce(decider.evolve, state);
        // An idempotent no-op append reports a revision other than ours + the new events: re-read then.
        if (result.nextExpectedRevision === revision + BigInt(decided.length)) {
          this.remember(this.cacheOf(decider), streamId, { state: next, revision: result.nextExpectedRevision });
        } else {
          this.cacheOf(decider).delete(streamId);
        }
        return { events: decided, state: next, revision: result.nextExpectedRevision, position: result.position };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Decides on this process's cached state when it has one, without reading the stream: if another
   * writer appended meanwhile, the append's expected revision fails and the next attempt reads. A
   * decision to append nothing, or a refusal, is only trusted on what the stream holds now, so it is
   * made again after a read (which, from the cached revision on, is usually empty).
   */
  private async decideOn<TCommand, TState, TEvent extends DomainEvent>(
    streamId: string,
    decider: Decider<TCommand, TState, TEvent>,
    command: TCommand,
    trustCache: boolean,
  ): Promise<{ folded: Folded<TState>; decided: TEvent[] }> {
    const cached = trustCache ? (this.cacheOf(decider).get(streamId) as Folded<TState> | undefined) : undefined;
    if (cached) {
      const decided = decideQuietly(decider, command, cached.state);
      if (decided && decided.length > 0) return { folded: cached, decided };
    }
    const folded = await this.load(streamId, decider);
    return { folded, decided: decider.decide(command, folded.state) };
  }

  async load<TState, TEvent extends DomainEvent>(
    streamId: string,
    decider: Pick<Decider<unknown, TState, TEvent>, 'initialState' | 'evolve'>,
  ): Promise<{ state: TState; revision: bigint }> {
    const cache = this.cacheOf(decider);
    const cached = cache.get(streamId) as Folded<TState> | undefined;
    let state = cached ? cached.state : decider.initialState;
    let revision = cached ? cached.revision : -1n;
    const from = revision >= 0n ? { fromRevision: revision + 1n } : undefined;
    let read = 0;
    for await (const recorded of this.store.readStream(streamId, from)) {
      state = decider.evolve(state, { type: recorded.type, data: recorded.data } as TEvent);
      revision = recorded.revision;
      read++;
    }
    // A cached state nothing was added to stays as it is (the append that usually follows refreshes it).
    if (!cached || read > 0) this.remember(cache, streamId, { state, revision });
    return { state, revision };
  }

  /**
   * Folded states of recently used streams, per decider. A load reads only the events after the
   * cached revision, so a long stream (a workout's telemetry) is not re-read for every command.
   * Safe with other writers: a command that appends on a stale state fails on the expected
   * revision and is decided again after reading what they appended (see decideOn).
   */
  private readonly cache = new WeakMap<object, Map<string, Folded<unknown>>>();

  private cacheOf(decider: object): Map<string, Folded<unknown>> {
    let cache = this.cache.get(decider);
    if (!cache) this.cache.set(decider, (cache = new Map()));
    return cache;
  }

  private remember(cache: Map<string, Folded<unknown>>, streamId: string, folded: Folded<unknown>): void {
    cache.delete(streamId);
    cache.set(streamId, folded);
    if (cache.size > CACHED_STREAMS_PER_DECIDER) cache.delete(cache.keys().next().value as string);
  }

  envelope(event: DomainEvent, context: CommandContext, streamId: string, index: number): NewEvent {
    return envelope(event, context, streamId, index, this.schemas.currentVersion(event.type));
  }
}
