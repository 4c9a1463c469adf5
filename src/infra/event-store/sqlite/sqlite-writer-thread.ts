import Database from 'better-sqlite3';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { prepareDatabase, SqliteSynchronous } from './sqlite-schema';
import { SqliteWriter } from './sqlite-writer';
import { serializeError, WriterReply, WriterRequest } from './sqlite-writer-messages';
import { packOutcomes, unpackAppends } from './append-codec';

// The entry of the embedded store's writer thread (see WriterThread). Requests that arrive
// while a commit (and its fsync) runs are committed together next: consecutive appends, from any
// number of messages, share one transaction.

export interface WriterThreadData {
  file: string;
  synchronous: SqliteSynchronous;
}

const port = ownPort();
const { file, synchronous } = workerData as WriterThreadData;
const db = new Database(file);
prepareDatabase(db, synchronous);
const writer = new SqliteWriter(db);
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

function reply(message: WriterReply): void {
  port.postMessage(message);
}

function ownPort(): MessagePort {
  if (parentPort === null) throw new Error('sqlite-writer-thread runs as the worker thread of an SqliteEventStore');
  return parentPort;
}
