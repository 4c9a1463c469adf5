import { SqliteEventStore } from '../sqlite-event-store';

// A script that appends one event and ends without closing the store (writer-thread.spec.ts):
// the writer thread must keep the process alive until the commit is acknowledged, then let it exit.
const store = new SqliteEventStore(process.argv[2]);
void store
  .appendToStream('script-1', [
    { type: 'Noted', data: {}, metadata: { eventId: 'e-1', correlationId: 'c', causationId: 'c', actorId: 'a', occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 } },
  ])
  .then((result) => console.log(`appended at ${result.position}`));
