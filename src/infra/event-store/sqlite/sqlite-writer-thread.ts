import Database from 'better-sqlite3';
import { parentPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import { workerScript } from '../../threads/worker-script';
import type { CheckpointerData } from './sqlite-checkpointer-thread';
import { prepareDatabase, SqliteSynchronous } from './sqlite-schema';
import { SqliteWriter } from './sqlite-writer';
import { serializeError, WriterReply, WriterRequest } from './sqlite-writer-messages';
import { packOutcomes, unpackAppends } from './append-codec';

// The entry of the embedded store's writer thread (see WriterThread). Requests that arrive
// while a commit (and its fsync) runs are committed together next: consecutive appends, from any
// number of messages, share one transaction. Checkpoints run on a thread of their own (see
// sqlite-checkpointer-thread.ts).

export interface WriterThreadData {
  file: string;
  synchronous: SqliteSynchronous;
  checkpoints: { everyMs: number; restartAtFrames: number };
}

/** SQLite's default: a commit that leaves the WAL this many frames long checkpoints it. */
const INLINE_CHECKPOINT_FRAMES = 1000;

const port = ownPort();
const { file, synchronous, checkpoints } = workerData as WriterThreadData;
const db = new Database(file);
prepareDatabase(db, synchronous);
const writer = new SqliteWriter(db);
const checkpointer = startCheckpointer(checkpoints);
let queued: WriterRequest[] = [];
let drainScheduled = false;

port.on('message', (request: WriterRequest) => {
  queued.push(request);
  if (!drainScheduled) {
    drainScheduled = true;
    setImmediate(drain);
  }
});

function drain(): void {
  drainScheduled = false;
  const requests = queued;
  queued = [];
  for (let i = 0; i < requests.length; ) {
    let end = i;
    while (end < requests.length && requests[end].kind === 'append') end++;
    if (end > i) {
      commitAppends(requests.slice(i, end) as Extract<WriterRequest, { kind: 'append' }>[]);
      i = end;
    } else {
      const request = requests[i];
      if (request.kind !== 'append') handle(request);
      i++;
    }
  }
}

function commitAppends(requests: Extract<WriterRequest, { kind: 'append' }>[]): void {
  const batches = requests.map((request) => unpackAppends(request.appends));
  const outcomes = writer.append(batches.flat());
  let next = 0;
  requests.forEach((request, i) => {
    reply({ id: request.id, kind: 'appended', outcomes: packOutcomes(outcomes.slice(next, (next += batches[i].length))) });
  });
}

function handle(request: Exclude<WriterRequest, { kind: 'append' }>): void {
  try {
    switch (request.kind) {
      case 'set_metadata':
        writer.setStreamMetadata(request.streamId, request.metadata);
        break;
      case 'delete':
        writer.deleteStream(request.streamId, request.expected);
        break;
      case 'close':
        checkpointer.removeAllListeners('exit');
        checkpointer.postMessage('stop');
        db.close();
        reply({ id: request.id, kind: 'done' });
        port.close();
        return;
    }
    reply({ id: request.id, kind: 'done' });
  } catch (error) {
    reply({ id: request.id, kind: 'failed', error: serializeError(error) });
  }
}

/**
 * Commits stop checkpointing (SQLite's automatic checkpoint runs inside the commit that crosses
 * its threshold, and made that commit, and every append waiting on it, tens of milliseconds
 * slower). Should the checkpointer thread die, commits checkpoint again, so the WAL stays bounded.
 */
function startCheckpointer({ everyMs, restartAtFrames }: { everyMs: number; restartAtFrames: number }): Worker {
  db.pragma('wal_autocheckpoint = 0');
  // The WAL file on disk is cut back to about the length at which it starts over.
  db.pragma(`journal_size_limit = ${restartAtFrames * (db.pragma('page_size', { simple: true }) as number)}`);
  const script = workerScript(__dirname, 'sqlite-checkpointer-thread', __filename);
  const data: CheckpointerData = { file, synchronous, intervalMs: everyMs, restartAtFrames };
  const worker = new Worker(script.filename, { execArgv: script.execArgv, workerData: data });
  worker.unref();
  worker.on('error', (error) => console.error('the event store checkpointer thread failed; commits checkpoint again', error));
  worker.on('exit', () => db.pragma(`wal_autocheckpoint = ${INLINE_CHECKPOINT_FRAMES}`));
  return worker;
}

function reply(message: WriterReply): void {
  port.postMessage(message);
}

function ownPort(): MessagePort {
  if (parentPort === null) throw new Error('sqlite-writer-thread runs as the worker thread of an SqliteEventStore');
  return parentPort;
}
