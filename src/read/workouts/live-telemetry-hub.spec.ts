import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../infra/event-store/sqlite/sqlite-event-store';
import { waitUntil } from '../../../test/support/eventually';
import { LiveMessage, LiveTelemetryHub } from './live-telemetry-hub';

const dir = mkdtempSync(join(tmpdir(), 'live-hub-'));
let store: SqliteEventStore;
let hub: LiveTelemetryHub;
let appended = 0;

beforeEach(() => {
  store = new SqliteEventStore(join(dir, `events-${Date.now()}-${Math.random()}.sqlite`));
  hub = new LiveTelemetryHub(store);
});

afterEach(async () => {
  await hub.onApplicationShutdown();
  await store.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function record(workoutId: string, type: 'TelemetryRecorded' | 'WorkoutCompleted', seq = 0) {
  const data = type === 'TelemetryRecorded' ? { workout_id: workoutId, seq, points: [{ t: seq, lat: 1, lon: 2 }] } : { workout_id: workoutId };
  return store.appendToStream(`workout-${workoutId}`, [
    { type, data, metadata: { eventId: `e-${appended++}`, correlationId: 'c', causationId: 'c', actorId: 'a', occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 } },
  ]);
}

describe('LiveTelemetryHub', () => {
  it('reads nothing while nobody watches', async () => {
    await record('w-1', 'TelemetryRecorded');
    expect(hub.isFollowing).toBe(false);
  });

  it("sends a viewer the workout's points recorded after it started watching, then the finish", async () => {
    await record('w-1', 'TelemetryRecorded', 0);
    const messages: LiveMessage[] = [];
    hub.watch('w-1', (message) => messages.push(message));
    await record('w-2', 'TelemetryRecorded', 0);
    await record('w-1', 'TelemetryRecorded', 1);
    await record('w-1', 'WorkoutCompleted');
    await waitUntil(() => messages.length >= 2, 3_000);
    expect(messages).toEqual([{ kind: 'points', seq: 1, points: [{ t: 1, lat: 1, lon: 2 }] }, { kind: 'finished' }]);
  });

  it('stops reading when the last viewer leaves, and starts again for the next one', async () => {
    const stop = hub.watch('w-1', () => undefined);
    expect(hub.isFollowing).toBe(true);
    stop();
    expect(hub.isFollowing).toBe(false);
    const messages: LiveMessage[] = [];
    hub.watch('w-1', (message) => messages.push(message));
    await record('w-1', 'TelemetryRecorded', 7);
    await waitUntil(() => messages.length >= 1, 3_000);
    expect(messages).toEqual([{ kind: 'points', seq: 7, points: [{ t: 7, lat: 1, lon: 2 }] }]);
  });
});
