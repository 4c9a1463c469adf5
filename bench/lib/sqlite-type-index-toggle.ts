/**
 * What-if experiment for benchmarks that run the app in their own process: the in-process twin
 * of bench/lib/sqlite-type-index-preload.ts. Importing this module wraps the embedded store's
 * `prepareDatabase` once; while `useTypeIndex(true)` is in force, every SqliteEventStore opened
 * also gets an index on events (type, position), so that a subscription with an event-type filter
 * reads only the rows of its types instead of every row after its cursor. Off by default: stores
 * opened while it is off are exactly the product's. src/ is not touched.
 */
import type Database from 'better-sqlite3';

// The compiled module the app's SqliteEventStore calls (it reads the export at each call).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const schema = require('../../src/infra/event-store/sqlite/sqlite-schema') as { prepareDatabase: (db: Database.Database, synchronous: string) => void };

let enabled = false;
const prepareDatabase = schema.prepareDatabase;
schema.prepareDatabase = (db, synchronous) => {
  prepareDatabase(db, synchronous);
  if (enabled) db.exec('CREATE INDEX IF NOT EXISTS events_by_type ON events (type, position)');
};

/** Turns the extra index on or off for the stores opened from now on. */
export function useTypeIndex(on: boolean): void {
  enabled = on;
}
