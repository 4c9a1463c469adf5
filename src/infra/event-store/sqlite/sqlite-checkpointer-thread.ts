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
// No busy handler: see restart().
db.pragma('busy_timeout = 0');
db.pragma(`synchronous = ${synchronous}`);

/** A RESTART that found the writer or a reader in the way is tried again this soon, this many times in a round. */
const RESTART_RETRY_MS = 1;
const RESTART_TRIES = 50;
/**
 * A writer that never pauses (the store at saturation) can be in the way of every quick try; past
 * this many times `restartAtFrames`, the RESTART waits for its turn as SQLite's busy handler makes
 * it, holding commits back while it does, so that the WAL stays bounded whatever the load.
 */
const WAITING_RESTART_AFTER = 4;
const WAITING_RESTART_TIMEOUT_MS = 5000;

const timer = setInterval(checkpoint, intervalMs);
let restarting = false;
let stopped = false;

function checkpoint(): void {
  if (restarting) return;
  try {
    const [passive] = db.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
    if (passive.log >= restartAtFrames * WAITING_RESTART_AFTER) restartWaiting();
    else if (passive.log >= restartAtFrames) restart(1);
  } catch (error) {
    // Another connection held a lock it needed: the next round tries again.
    if (!isBusy(error)) throw error;
  }
}

/**
 * A RESTART holds the WAL's write lock while it waits for readers to leave the WAL. With a busy
 * handler, that wait is SQLite's sleeps of 1, 2, 5, 10, 15, 20, 25 … ms, and every commit waits with
 * it: the telemetry benchmark's commits stalled up to 100-170 ms (and 1.5 s with a longer WAL). Without
 * one, a RESTART that finds the writer or a reader in the way gives up at once, holding nothing,
 * and is tried again a millisecond later; the frames it could copy are copied either way.
 */
function restart(attempt: number): void {
  restarting = false;
  if (stopped) return;
  let busy: boolean;
  try {
    const [result] = db.pragma('wal_checkpoint(RESTART)') as CheckpointResult[];
    busy = result.busy !== 0;
  } catch (error) {
    if (!isBusy(error)) throw error;
    busy = true;
  }
  if (busy && attempt < RESTART_TRIES) {
    restarting = true;
    setTimeout(() => restart(attempt + 1), RESTART_RETRY_MS);
  }
}

function restartWaiting(): void {
  db.pragma(`busy_timeout = ${WAITING_RESTART_TIMEOUT_MS}`);
  try {
    db.pragma('wal_checkpoint(RESTART)');
  } finally {
    db.pragma('busy_timeout = 0');
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

parentPort?.on('message', (message: 'stop') => {
  if (message !== 'stop') return;
  clearInterval(timer);
  stopped = true;
  db.close();
  parentPort?.close();
});
