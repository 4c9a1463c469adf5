import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandProcessor, requestContext } from '../../../core/decider';
import { collect, RecordedEvent } from '../../../core/event-store';
import { EventSchemaRegistry, SchemaCheckedEventStore } from '../../../core/event-schemas';
import { workoutStream } from '../../../write/workouts/events';
import { telemetryCommandId, telemetryOnWire, TelemetryOutcome } from '../../../write/workouts/telemetry-on-wire';
import type { TelemetryPoint } from '../../../write/workouts/telemetry-point';
import { workoutDecider, WorkoutCommand } from '../../../write/workouts/workout.decider';
import { SqliteEventStore } from './sqlite-event-store';

const dir = mkdtempSync(join(tmpdir(), 'telemetry-on-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const schemas = EventSchemaRegistry.load();
const START = Date.parse('2026-11-30T07:00:00.000Z');
const NOW = new Date(START + 3_600_000);
const ANN = randomUUID();
const BOB = randomUUID();

function batchOf(seq: number): { seq: number; points: TelemetryPoint[] } {
  return {
    seq,
    points: Array.from({ length: 3 }, (_, i) => ({ t: START + (seq * 3 + i) * 1000, lat: 47 + seq * 0.0001 + i * 0.00001, lon: 8.5, ele: 410.5, hr: 130 + i })),
  };
}

/** One store and the two ways a batch can be decided on it: on the writer thread, or by the CommandProcessor. */
function open(name: string, writer: 'thread' | 'inline' = 'thread') {
  const sqlite = new SqliteEventStore(join(dir, `${name}.sqlite`), { writer });
  const store = new SchemaCheckedEventStore(sqlite, schemas);
  const processor = new CommandProcessor(store, schemas);
  const context = (requestId: string) => requestContext(ANN, requestId, NOW);
  const run = (workoutId: string, command: WorkoutCommand, requestId: string, commandId = requestId) =>
    processor.handle(workoutStream(workoutId), workoutDecider, command, { ...context(requestId), commandId });
  return {
    sqlite,
    start: (workoutId: string) =>
      run(workoutId, { type: 'StartWorkout', workoutId, athleteId: ANN, sportType: 'Run', startDate: new Date(START).toISOString(), visibility: 'everyone', now: NOW }, `start-${workoutId}`),
    onWriter: (workoutId: string, seq: number, actorId = ANN): Promise<TelemetryOutcome> =>
      sqlite.decideTelemetryOnWriter(telemetryOnWire(workoutId, JSON.stringify(batchOf(seq)), requestContext(actorId, `req-${seq}`, NOW))),
    onWriterAsSent: (workoutId: string, body: string): Promise<TelemetryOutcome> =>
      sqlite.decideTelemetryOnWriter(telemetryOnWire(workoutId, body, requestContext(ANN, 'req-as-sent', NOW))),
    byProcessor: (workoutId: string, seq: number) =>
      run(workoutId, { type: 'AppendTelemetry', workoutId, athleteId: ANN, seq, points: batchOf(seq).points, now: NOW }, `req-${seq}`, telemetryCommandId(workoutId, seq)),
    discard: (workoutId: string) => run(workoutId, { type: 'DiscardWorkout', workoutId, athleteId: ANN }, `discard-${workoutId}`),
    events: (workoutId: string) => collect(store.readStream(workoutStream(workoutId))),
    close: () => sqlite.close(),
  };
}

/** What must be equal between two stores: everything but positions and the time of recording. */
const comparable = (events: RecordedEvent[]) => events.map(({ type, data, metadata, revision }) => ({ type, data, metadata, revision }));

describe('AppendTelemetry decided on the writer thread', () => {
  it('stores exactly the events the CommandProcessor stores for the same batches, in any order and with repeats', async () => {
    const onWriter = open('equal-writer');
    const byProcessor = open('equal-processor');
    const workoutId = randomUUID();
    await onWriter.start(workoutId);
    await byProcessor.start(workoutId);
    const order = [3, 0, 1, 1, 4, 2, 0];
    const outcomes = [];
    for (const seq of order) {
      outcomes.push((await onWriter.onWriter(workoutId, seq)).kind);
      await byProcessor.byProcessor(workoutId, seq);
    }
    expect(outcomes).toEqual(['appended', 'appended', 'appended', 'duplicate', 'appended', 'appended', 'duplicate']);
    expect(comparable(await onWriter.events(workoutId))).toEqual(comparable(await byProcessor.events(workoutId)));
    await Promise.all([onWriter.close(), byProcessor.close()]);
  });

  it('stores a day of buffered batches sent at once, each once, on consecutive revisions', async () => {
    const store = open('burst');
    const workoutId = randomUUID();
    await store.start(workoutId);
    const seqs = Array.from({ length: 200 }, (_, i) => i);
    const outcomes = await Promise.all([...seqs, ...seqs.slice(0, 50)].map((seq) => store.onWriter(workoutId, seq)));
    expect(outcomes.filter((o) => o.kind === 'appended')).toHaveLength(200);
    expect(outcomes.filter((o) => o.kind === 'duplicate')).toHaveLength(50);
    const events = await store.events(workoutId);
    expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 201 }, (_, i) => BigInt(i)));
    expect(new Set(events.slice(1).map((e) => (e.data as { seq: number }).seq)).size).toBe(200);
    await store.close();
  });

  it('hands back to the CommandProcessor what it does not decide itself: an unknown workout, a stranger, a finished workout', async () => {
    const store = open('refusals');
    const workoutId = randomUUID();
    expect(await store.onWriter(workoutId, 0)).toEqual({ kind: 'fallback' });
    await store.start(workoutId);
    expect((await store.onWriter(workoutId, 0)).kind).toBe('appended');
    expect(await store.onWriter(workoutId, 1, BOB)).toEqual({ kind: 'fallback' });
    // Discarded through the CommandProcessor: the writer thread's folded state must not outlive it.
    await store.discard(workoutId);
    expect(await store.onWriter(workoutId, 2)).toEqual({ kind: 'fallback' });
    expect((await store.events(workoutId)).map((e) => e.type)).toEqual(['WorkoutStarted', 'TelemetryRecorded', 'WorkoutDiscarded']);
    await store.close();
  });

  it('reads the seq from the body, and hands a body that is not a good batch back to the event loop untouched', async () => {
    const store = open('bad-bodies');
    const workoutId = randomUUID();
    await store.start(workoutId);
    expect(await store.onWriter(workoutId, 4)).toMatchObject({ kind: 'appended', seq: 4 });
    expect(await store.onWriter(workoutId, 4)).toEqual({ kind: 'duplicate', seq: 4, revision: '1' });
    const good = batchOf(5);
    for (const body of ['', '{"seq":5,"points":[', JSON.stringify({ ...good, points: [{ ...good.points[0], hr: 400 }] }), JSON.stringify({ ...good, extra: 1 })]) {
      expect(await store.onWriterAsSent(workoutId, body)).toEqual({ kind: 'fallback' });
    }
    expect((await store.events(workoutId)).map((e) => e.type)).toEqual(['WorkoutStarted', 'TelemetryRecorded']);
    expect(await store.onWriter(workoutId, 5)).toMatchObject({ kind: 'appended', seq: 5, revision: '2' });
    await store.close();
  });

  it('decides on a fresh fold after the CommandProcessor appended to the same stream', async () => {
    const store = open('interleaved');
    const workoutId = randomUUID();
    await store.start(workoutId);
    expect((await store.onWriter(workoutId, 0)).kind).toBe('appended');
    await store.byProcessor(workoutId, 1);
    expect(await store.onWriter(workoutId, 1)).toEqual({ kind: 'duplicate', seq: 1, revision: '2' });
    expect(await store.onWriter(workoutId, 2)).toMatchObject({ kind: 'appended', revision: '3' });
    await store.close();
  });

  it('signals the appended event types to subscriptions, so live followers see the batch', async () => {
    const store = open('signals');
    const workoutId = randomUUID();
    await store.start(workoutId);
    const head = await store.sqlite.headPosition();
    const subscription = store.sqlite.subscribeToAll({ after: head, filter: { eventTypes: ['TelemetryRecorded'] } });
    const first = (async () => {
      for await (const event of subscription) return event;
      return undefined;
    })();
    await store.onWriter(workoutId, 0);
    expect((await first)?.type).toBe('TelemetryRecorded');
    await subscription.unsubscribe();
    await store.close();
  });

  it('sends everything to the CommandProcessor when the store writes inline', async () => {
    const store = open('inline', 'inline');
    const workoutId = randomUUID();
    await store.start(workoutId);
    expect(await store.onWriter(workoutId, 0)).toEqual({ kind: 'fallback' });
    await store.close();
  });
});
