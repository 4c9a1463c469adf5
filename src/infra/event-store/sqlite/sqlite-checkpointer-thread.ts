import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

// The entry of the embedded store's checkpointer thread, started by the writer thread (see
// checkpointer.ts): it copies committed WAL frames back into the database file on a connection of
// its own, so that no commit waits for that copy and its fsync.

export interface CheckpointerData {
  file: string;
  synchronous: string;
  /** How often to copy what the WAL holds (a PASSIVE checkpoint: it never blocks the writer). */
  intervalMs: number;
  /**
   * A WAL this many frames long is started again from its beginning (a RESTART checkpoint, which
   * holds new commits back while it copies the few frames the last PASSIVE one left). Under a
   * steady write load a PASSIVE checkpoint never catches up with the writer, and the WAL would
   * otherwise grow without end.
   */
  restartAtFrames: number;
}

/** What a checkpoint reported: frames in the WAL, and how many of them are in the database file. */
interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

const { file, synchronous, intervalMs, restartAtFrames } = workerData as CheckpointerData;
const db = new Database(file);
db.pragma('busy_timeout = 5000');
db.pragma(`synchronous = ${synchronous}`);

const timer = setInterval(checkpoint, intervalMs);

function checkpoint(): void {
  try {
    const [passive] = db.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
    if (passive.log >= restartAtFrames) db.pragma('wal_checkpoint(RESTART)');
  } catch (error) {
    // Another connection held the lock past the busy timeout: the next round tries again.
    if (!isBusy(error)) throw error;
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

parentPort?.on('message', (message: 'stop') => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort?.close();
});
