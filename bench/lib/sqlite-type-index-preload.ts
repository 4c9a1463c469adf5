/**
 * What-if experiment, loaded with `node --require` in front of the server by the telemetry
 * ingest benchmark when BENCH_WHATIF=1 (never in a normal run): adds an index on
 * events (type, position) to the embedded store's schema.
 *
 * Every live subscription with an event-type filter (each projection runner, the live telemetry
 * and notification hubs) reads `WHERE position > cursor AND type IN (...)`, and its cursor only
 * moves past events it was given. Without an index on type, each wake-up (every group commit)
 * of a projection that does not take TelemetryRecorded walks every telemetry row appended since
 * its last event of interest: the cost of one append grows with the telemetry stored since.
 * With the index the same query reads only matching rows. This preload measures that without
 * touching src/ (the fix there: the index in sqlite-schema.ts, and/or the subscription moving
 * its cursor to the head it scanned up to).
 */
import { join } from 'node:path';
import type Database from 'better-sqlite3';

/** The server's dist/src/infra/event-store/sqlite/sqlite-schema.js (its copy, see snapshotServer()). */
const SCHEMA = join(process.env.BENCH_SERVER_DIST ?? join(__dirname, '..', '..'), 'src', 'infra', 'event-store', 'sqlite', 'sqlite-schema.js');

// eslint-disable-next-line @typescript-eslint/no-require-imports
const schema = require(SCHEMA) as { prepareDatabase: (db: Database.Database, synchronous: string) => void };
const prepareDatabase = schema.prepareDatabase;
schema.prepareDatabase = (db, synchronous) => {
  prepareDatabase(db, synchronous);
  db.exec('CREATE INDEX IF NOT EXISTS events_by_type ON events (type, position)');
};
