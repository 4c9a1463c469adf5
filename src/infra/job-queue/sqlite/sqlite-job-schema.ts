import type Database from 'better-sqlite3';

/**
 * `synchronous` level of the job outbox. FULL (the default) fsyncs the WAL at every commit, so
 * an enqueue that resolved survives a power loss; NORMAL only survives a process crash.
 */
export type JobSqliteSynchronous = 'FULL' | 'NORMAL';

export type JobState = 'pending' | 'active' | 'done' | 'dead';

/**
 * The outbox lives in the same file as the events (`DATA_DIR/events.sqlite`) in the embedded
 * app, so every name it creates starts with `jobs`.
 *
 * - `state`: pending (waiting, or delayed while `run_at` is in the future) → active → done | dead;
 *   a failed attempt with attempts left goes back to pending with a later `run_at`.
 * - `attempt`: attempts started (a claim increments it), reset to 0 by a retry of a dead job.
 * - `locked_by` / `locked_until`: the worker that claimed an active job (`host/pid/uuid`) and
 *   how long its lease lasts; the worker renews it while the handler runs.
 * - `finished_at`: when it became done or dead (done rows older than the dedupe window are pruned).
 */
export function prepareJobTables(db: Database.Database, synchronous: JobSqliteSynchronous): void {
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('busy_timeout = 5000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS jobs_outbox (
      seq          INTEGER PRIMARY KEY,
      id           TEXT    NOT NULL UNIQUE,
      type         TEXT    NOT NULL,
      payload      TEXT,
      state        TEXT    NOT NULL CHECK (state IN ('pending', 'active', 'done', 'dead')),
      attempt      INTEGER NOT NULL DEFAULT 0,
      max_attempts INTEGER NOT NULL,
      run_at       INTEGER NOT NULL,
      enqueued_at  INTEGER NOT NULL,
      locked_by    TEXT,
      locked_until INTEGER,
      last_error   TEXT,
      finished_at  INTEGER
    );
    CREATE INDEX IF NOT EXISTS jobs_outbox_due ON jobs_outbox (state, type, run_at);
    CREATE INDEX IF NOT EXISTS jobs_outbox_finished ON jobs_outbox (state, finished_at);
  `);
}
