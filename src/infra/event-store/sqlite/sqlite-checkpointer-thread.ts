import Database from 'better-sqlite3';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { WalRestartRequest } from './wal-restart-request';

// The entry of the embedded store's checkpointer thread, started by the writer thread (see
// startCheckpointer in sqlite-writer-thread.ts): it copies committed WAL frames back into the
// database file on a connection of its own, so that no commit waits for that copy and its fsync.
//
// It never takes the WAL's write lock. SQLite starts a WAL over from its beginning when a write
// transaction begins on a WAL whose every frame is in the database file and that no reader is
// inside; under a steady write load a checkpoint on another connection never gets there, since
// the writer adds frames while it copies. So once the WAL is long, this thread copies all but the
// last few frames and asks the writer (WalRestartRequest) to copy those between two commits: its
// next commit then starts the WAL over. A RESTART checkpoint here would do the same, but it holds
// every commit back while it copies and fsyncs: 20-70 ms, two or three times a second, in the
// telemetry benchmark.

export interface CheckpointSettings {
  /** How often to copy what the WAL holds (a PASSIVE checkpoint: it never blocks the writer). */
  everyMs: number;
  /** A WAL this many frames long is to be started over from its beginning (see above). */
  restartAtFrames: number;
  /**
   * A reader that keeps a snapshot open can keep the writer's checkpoints short of the WAL's end, so
   * that it never starts over. A WAL this many frames long is started over by a RESTART checkpoint
   * that waits for its turn (holding commits back while it does), so that it stays bounded whatever
   * happens.
   */
  forceRestartAtFrames: number;
  /**
   * The thread's nice value on Linux (0-19): above the process's, it waits for the CPU behind the
   * event loop and the writer (see runBehindOtherThreads).
   */
  nice: number;
}

export interface CheckpointerData extends CheckpointSettings {
  file: string;
  synchronous: string;
  /** WalRestartRequest's memory, shared with the writer thread. */
  walRestart: SharedArrayBuffer;
}

/** What a checkpoint reported: frames in the WAL, and how many of them are in the database file. */
interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

const { file, synchronous, everyMs, restartAtFrames, forceRestartAtFrames, nice, walRestart } = workerData as CheckpointerData;
const restartRequest = new WalRestartRequest(walRestart);
const db = new Database(file);
db.pragma('busy_timeout = 0');
db.pragma(`synchronous = ${synchronous}`);

/**
 * Before asking the writer, PASSIVE checkpoints follow each other (each copies what was committed
 * while the one before it ran) until one is this quick, so that the writer's share is a few frames.
 */
const QUICK_CHECKPOINT_MS = 1;
const CATCH_UP_CHECKPOINTS = 8;
const WAITING_RESTART_TIMEOUT_MS = 5000;

runBehindOtherThreads(nice);
const timer = setInterval(checkpoint, everyMs);

/**
 * Copying the WAL is background work: on a busy machine it should wait for the CPU, not the event
 * loop or the writer (the telemetry benchmark saw the event loop held up 30-60 ms while a
 * checkpoint ran). The price is a WAL that grows while other work keeps the CPU busy, until the
 * thread gets its turn (or the forced RESTART). Linux gives each thread a nice value of its own,
 * set through its thread id; elsewhere the thread keeps the process's priority.
 */
function runBehindOtherThreads(niceValue: number): void {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(threadId) && threadId !== process.pid && niceValue > 0) setPriority(threadId, niceValue);
  } catch {
    // Not Linux, or not allowed: the same priority as every other thread.
  }
}

function checkpoint(): void {
  // The writer has yet to answer: a checkpoint here would only be in the way of its own.
  if (restartRequest.waiting) return;
  try {
    const { log } = passive();
    if (log >= forceRestartAtFrames) restartWaiting();
    else if (log >= restartAtFrames) {
      catchUp();
      restartRequest.ask();
    }
  } catch (error) {
    // Another connection held a lock it needed: the next round tries again.
    if (!isBusy(error)) throw error;
  }
}

function passive(): CheckpointResult {
  const [result] = db.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
  return result;
}

function catchUp(): void {
  for (let i = 0; i < CATCH_UP_CHECKPOINTS; i++) {
    const started = performance.now();
    passive();
    if (performance.now() - started <= QUICK_CHECKPOINT_MS) return;
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
  db.close();
  parentPort?.close();
});
