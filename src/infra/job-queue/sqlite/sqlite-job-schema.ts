import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';

/**
 * `synchronous` level of the job outbox. FULL (the default) fsyncs the WAL at every commit, so
 * an enqueue that resolved survives a power loss; NORMAL only survives a process crash.
 */
export type JobSqliteSynchronous = 'FULL' | 'NORMAL';

export type JobState = 'pending' | 'active' | 'done' | 'dead';

/**
 * The outbox's table. The embedded app keeps it in a file of its own (`DATA_DIR/jobs.sqlite`);
 * every name it creates starts with `jobs`, so it can also share a file with other tables.
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

const OUTBOX_COLUMNS = 'id, type, payload, state, attempt, max_attempts, run_at, enqueued_at, locked_by, locked_until, last_error, finished_at';

/**
 * Moves the jobs an earlier version kept in another file (the events file, `events.sqlite`) into
 * `db`'s outbox, then drops the table there: pending, active and dead jobs carry on here, and done
 * ones keep deduping their ids. Copied first and dropped in a second transaction, so a crash in
 * between copies again at the next start, which the ids make a no-op. Returns the jobs moved.
 */
export function adoptOutboxLeftIn(db: Database.Database, legacyFile: string): number {
  if (!existsSync(legacyFile)) return 0;
  const legacy = new Database(legacyFile, { fileMustExist: true });
  try {
    legacy.pragma('busy_timeout = 5000');
    const hasOutbox = legacy.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'jobs_outbox'`).get();
    if (!hasOutbox) return 0;
    const rows = legacy.prepare<[], Record<string, unknown>>(`SELECT ${OUTBOX_COLUMNS} FROM jobs_outbox ORDER BY seq`).all();
    const names = OUTBOX_COLUMNS.split(', ');
    const insert = db.prepare(`INSERT OR IGNORE INTO jobs_outbox (${OUTBOX_COLUMNS}) VALUES (${names.map((name) => `@${name}`).join(', ')})`);
    db.transaction(() => {
      for (const row of rows) insert.run(row);
    })();
    legacy.exec('DROP TABLE jobs_outbox');
    return rows.length;
  } finally {
    legacy.close();
  }
}
