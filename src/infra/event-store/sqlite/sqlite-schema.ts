import type Database from 'better-sqlite3';

/**
 * `synchronous` level of the embedded store. FULL (the default) fsyncs the WAL at every commit,
 * so an acknowledged append survives a process crash and a power loss. NORMAL fsyncs only at
 * checkpoints: still safe against a process crash, but the last commits before a power loss or
 * kernel panic can be lost. Group commit keeps FULL affordable: one fsync covers every append
 * that arrived during the same tick.
 */
export type SqliteSynchronous = 'FULL' | 'NORMAL';

/** The checkpointer thread's nice value unless given (SQLITE_CHECKPOINT_NICE): see sqlite-checkpointer-thread.ts. */
export const DEFAULT_CHECKPOINTER_NICE = 10;

/**
 * The revision of the stream of the `streams` row in a query: its last event's, -1 when it has none.
 * Written into the row at every append, it dirtied one more random 4 KiB page per append in the WAL
 * (4.7 pages an append instead of 3.8, in a commit of nine telemetry batches), so it is looked up
 * in the (stream_id, revision) index instead, at the cost of one index seek.
 */
export const STREAM_REVISION = '(SELECT coalesce(max(revision), -1) FROM events WHERE events.stream_id = streams.stream_id)';

export function prepareDatabase(db: Database.Database, synchronous: SqliteSynchronous): void {
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = OFF');
  db.exec(`
    CREATE TABLE IF NOT EXISTS events (
      position    INTEGER PRIMARY KEY,
      stream_id   TEXT    NOT NULL,
      revision    INTEGER NOT NULL,
      event_id    TEXT    NOT NULL,
      type        TEXT    NOT NULL,
      data        TEXT    NOT NULL,
      metadata    TEXT    NOT NULL,
      recorded_at INTEGER NOT NULL
    );
    CREATE UNIQUE INDEX IF NOT EXISTS events_by_stream ON events (stream_id, revision);
    -- No index on event ids: each dirtied one more random page at every append (SqliteWriter
    -- finds a retried append where it would have been written instead).
    DROP INDEX IF EXISTS events_by_id;
    DROP INDEX IF EXISTS events_by_stream_event_id;
    -- Projections subscribe to a few event types each: without this, every commit made each of
    -- them rescan the tail of the log (bench/promo-saga, bench/telemetry-ingest).
    CREATE INDEX IF NOT EXISTS events_by_type ON events (type, position);
    -- A stream's row is written when the stream is created, deleted or given metadata; its
    -- revision is its last event's (STREAM_REVISION). The revision column is not kept up to date.
    CREATE TABLE IF NOT EXISTS streams (
      stream_id       TEXT    PRIMARY KEY,
      revision        INTEGER NOT NULL,
      truncate_before INTEGER,
      max_count       INTEGER,
      deleted         INTEGER NOT NULL DEFAULT 0,
      custom          TEXT
    ) WITHOUT ROWID;
  `);
}
