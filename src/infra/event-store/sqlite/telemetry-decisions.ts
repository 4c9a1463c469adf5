import type Database from 'better-sqlite3';
import { envelope } from '../../../core/decider/envelope';
import type { EventSchemaRegistry } from '../../../core/event-schemas';
import type { WorkoutEvent } from '../../../write/workouts/events';
import { TelemetryOnWire, telemetryFromWire } from '../../../write/workouts/telemetry-on-wire';
import { workoutDecider, WorkoutState } from '../../../write/workouts/workout.decider';
import { rowToWrite, type AppendRequest } from './sqlite-writer-messages';
import { EventRow, toRecordedEvent } from './sqlite-rows';

/** What the writer thread made of one telemetry batch. */
export type TelemetryDecision =
  | { kind: 'append'; streamId: string; seq: number; append: AppendRequest }
  | { kind: 'duplicate'; streamId: string; seq: number; revision: number }
  /** Anything but the everyday case (a bad batch included): the command goes back to the event loop, whose handler and CommandProcessor refuse or retry it as they do every command. */
  | { kind: 'fallback' };

interface Folded {
  state: WorkoutState;
  revision: number;
}

interface StreamRow {
  deleted: number;
  truncate_before: number | null;
  max_count: number | null;
}

const CACHED_STREAMS = 10_000;

/**
 * AppendTelemetry decided on the embedded store's writer thread, where the batch is stored: the
 * busiest command of the product (every recording phone, every few seconds) then costs the event
 * loop only its HTTP request, not the body's parsing and checks, the decision, the event's
 * envelope, the schema check and the serialisation. It is the CommandProcessor's work on the same
 * pure decider, envelope and schemas, for the everyday case only: a batch that is not valid JSON
 * or fails its checks, a batch the decider refuses, a stream this thread cannot fold by itself, a
 * schema problem, or a lost race with another append goes back to the event loop, which answers it
 * as before (`fallback`).
 *
 * Folded workout states are cached per stream. This thread writes every event of the store, so a
 * cached state stays what the stream holds as long as every other append to that stream drops it
 * (`forget`); and every append carries the revision its decision was made on, so a stale state can
 * never be written.
 */
export class TelemetryDecisions {
  private readonly cache = new Map<string, Folded>();
  private readonly selectStream;
  private readonly selectEvents;

  constructor(
    db: Database.Database,
    private readonly schemas: EventSchemaRegistry,
  ) {
    this.selectStream = db.prepare<[string], StreamRow>('SELECT deleted, truncate_before, max_count FROM streams WHERE stream_id = ?');
    this.selectEvents = db.prepare<[string], EventRow>('SELECT * FROM events WHERE stream_id = ? ORDER BY revision');
  }

  decide(wire: TelemetryOnWire): TelemetryDecision {
    let read: ReturnType<typeof telemetryFromWire>;
    try {
      read = telemetryFromWire(wire);
    } catch {
      return { kind: 'fallback' };
    }
    const { streamId, seq, command, context } = read;
    const folded = this.cache.get(streamId) ?? this.fold(streamId);
    if (!folded) return { kind: 'fallback' };
    let decided: WorkoutEvent[];
    try {
      decided = workoutDecider.decide(command, folded.state);
    } catch {
      return { kind: 'fallback' };
    }
    if (decided.length === 0) return { kind: 'duplicate', streamId, seq, revision: folded.revision };
    const events = decided.map((event, index) => envelope(event, context, streamId, index, this.schemas.currentVersion(event.type)));
    try {
      for (const event of events) this.schemas.check(event);
    } catch {
      return { kind: 'fallback' };
    }
    // The next batch of this stream, in this group commit or later, decides on this one's outcome.
    this.remember(streamId, { state: decided.reduce(workoutDecider.evolve, folded.state), revision: folded.revision + decided.length });
    return {
      kind: 'append',
      streamId,
      seq,
      append: {
        streamId,
        expected: folded.revision < 0 ? 'no_stream' : BigInt(folded.revision),
        events: events.map(rowToWrite),
      },
    };
  }

  /** Another append touched the stream, or one decided here failed: fold it again next time. */
  forget(streamId: string): void {
    this.cache.delete(streamId);
  }

  /** The stream's state from its events, or undefined when its metadata hides some of them (the CommandProcessor reads those). */
  private fold(streamId: string): Folded | undefined {
    const stream = this.selectStream.get(streamId);
    if (!stream) return { state: workoutDecider.initialState, revision: -1 };
    if (stream.deleted || stream.truncate_before !== null || stream.max_count !== null) return undefined;
    let state = workoutDecider.initialState;
    let revision = -1;
    for (const row of this.selectEvents.iterate(streamId)) {
      const event = this.schemas.upcast(toRecordedEvent(row));
      state = workoutDecider.evolve(state, { type: event.type, data: event.data } as WorkoutEvent);
      revision = row.revision;
    }
    const folded = { state, revision };
    this.remember(streamId, folded);
    return folded;
  }

  private remember(streamId: string, folded: Folded): void {
    this.cache.delete(streamId);
    this.cache.set(streamId, folded);
    if (this.cache.size > CACHED_STREAMS) this.cache.delete(this.cache.keys().next().value as string);
  }
}
