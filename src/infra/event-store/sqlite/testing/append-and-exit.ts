import { SqliteEventStore } from '../sqlite-event-store';
import { testMetadata } from './event-metadata';

// A script that appends one event and ends without closing the store (writer-thread.spec.ts):
// the writer thread must keep the process alive until the commit is acknowledged, then let it exit.
const store = new SqliteEventStore(process.argv[2]);
void store
  .appendToStream('script-1', [{ type: 'Noted', data: {}, metadata: testMetadata('e-1') }])
  .then((result) => console.log(`appended at ${result.position}`));
