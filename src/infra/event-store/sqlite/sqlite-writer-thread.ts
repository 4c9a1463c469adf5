import Database from 'better-sqlite3';
import { parentPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import { workerScript } from '../../threads/worker-script';
import type { CheckpointerData, CheckpointSettings } from './sqlite-checkpointer-thread';
import { prepareDatabase, SqliteSynchronous } from './sqlite-schema';
import { SqliteWriter } from './sqlite-writer';
import { AppendOutcome, AppendRequest, serializeError, WriterReply, WriterRequest } from './sqlite-writer-messages';
import { TelemetryDecision, TelemetryDecisions } from './telemetry-decisions';
import { EventSchemaRegistry } from '../../../core/event-schemas';
import { UPCASTERS } from '../../../write/upcasters';
import type { TelemetryOutcome } from '../../../write/workouts/telemetry-on-wire';
import { packOutcomes, unpackAppends } from './append-codec';
import { WalRestartRequest } from './wal-restart-request';
import { CommitDurations } from './commit-durations';
import { performance } from 'node:perf_hooks';

// The entry of the embedded store's writer thread (see WriterThread). Requests that arrive
// while a commit (and its fsync) runs are committed together next: consecutive appends, from any
// number of messages, share one transaction. Checkpoints run on a thread of their own (see
// sqlite-checkpointer-thread.ts).

export interface WriterThreadData {
  file: string;
  synchronous: SqliteSynchronous;
  checkpoints: CheckpointSettings;
  /** CommitDurations' memory, shared with the event loop. */
  commitDurations: SharedArrayBuffer;
}

/** SQLite's default: a commit that leaves the WAL this many frames long checkpoints it. */
const INLINE_CHECKPOINT_FRAMES = 1000;

const port = ownPort();
const { file, synchronous, checkpoints, commitDurations } = workerData as WriterThreadData;
const db = new Database(file);
prepareDatabase(db, synchronous);
const writer = new SqliteWriter(db);
const telemetry = new TelemetryDecisions(db, EventSchemaRegistry.load(undefined, UPCASTERS));
const walRestart = new WalRestartRequest();
const durations = new CommitDurations(commitDurations);
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
  if (walRestart.waiting) copyLastWalFrames();
  const requests = queued;
  queued = [];
  for (let i = 0; i < requests.length; ) {
    let end = i;
    while (end < requests.length && isWrite(requests[end])) end++;
    if (end > i) {
      commitWrites(requests.slice(i, end) as WriteRequest[]);
      i = end;
    } else {
      handle(requests[i] as Exclude<WriterRequest, WriteRequest>);
      i++;
    }
  }
}

type WriteRequest = Extract<WriterRequest, { kind: 'append' | 'telemetry' }>;

function isWrite(request: WriterRequest): request is WriteRequest {
  return request.kind === 'append' || request.kind === 'telemetry';
}

/**
 * Appends and telemetry batches, in the order they arrived, in one transaction. A telemetry batch
 * is decided first (on the stream as committed plus the batches decided before it), and any other
 * append drops the folded state of its stream, so a batch after it is decided on a fresh fold.
 */
function commitWrites(requests: WriteRequest[]): void {
  const appends: AppendRequest[] = [];
  const plans = requests.map((request): WritePlan => {
    if (request.kind === 'append') {
      const batch = unpackAppends(request.appends);
      for (const append of batch) telemetry.forget(append.streamId);
      const from = appends.length;
      appends.push(...batch);
      return { kind: 'append', id: request.id, from, count: batch.length };
    }
    const decisions = request.wires.map((wire) => {
      const decision = telemetry.decide(wire);
      if (decision.kind !== 'append') return { decision, index: -1 };
      appends.push(decision.append);
      return { decision, index: appends.length - 1 };
    });
    return { kind: 'telemetry', id: request.id, decisions };
  });
  const outcomes = appends.length > 0 ? timedAppend(appends) : [];
  // A batch decided on a state that included a failed append may be wrong: those go back to the
  // CommandProcessor, and their streams are folded again.
  const failedStreams = new Set<string>();
  outcomes.forEach((outcome, i) => {
    if (!outcome.ok) failedStreams.add(appends[i].streamId);
  });
  for (const streamId of failedStreams) telemetry.forget(streamId);
  for (const plan of plans) {
    if (plan.kind === 'append') {
      reply({ id: plan.id, kind: 'appended', outcomes: packOutcomes(outcomes.slice(plan.from, plan.from + plan.count)) });
    } else {
      reply({ id: plan.id, kind: 'telemetry', outcomes: plan.decisions.map(({ decision, index }) => telemetryOutcome(decision, outcomes[index], failedStreams)) });
    }
  }
}

function timedAppend(appends: AppendRequest[]): AppendOutcome[] {
  const started = performance.now();
  try {
    return writer.append(appends);
  } finally {
    durations.record((performance.now() - started) / 1000);
  }
}

/** Where each request's outcomes are among the group's appends. */
type WritePlan =
  | { kind: 'append'; id: number; from: number; count: number }
  | { kind: 'telemetry'; id: number; decisions: Array<{ decision: TelemetryDecision; index: number }> };

function telemetryOutcome(decision: TelemetryDecision, outcome: AppendOutcome | undefined, failedStreams: ReadonlySet<string>): TelemetryOutcome {
  switch (decision.kind) {
    case 'fallback':
      return { kind: 'fallback' };
    case 'duplicate':
      return failedStreams.has(decision.streamId) ? { kind: 'fallback' } : { kind: 'duplicate', seq: decision.seq, revision: String(decision.revision) };
    case 'append':
      if (!outcome?.ok) return { kind: 'fallback' };
      return {
        kind: 'appended',
        seq: decision.seq,
        revision: outcome.result.nextExpectedRevision.toString(),
        position: outcome.result.position.toString(),
        types: decision.append.events.map((event) => event.type),
      };
  }
}

function handle(request: Exclude<WriterRequest, WriteRequest>): void {
  try {
    switch (request.kind) {
      case 'set_metadata':
        telemetry.forget(request.streamId);
        writer.setStreamMetadata(request.streamId, request.metadata);
        break;
      case 'delete':
        telemetry.forget(request.streamId);
        writer.deleteStream(request.streamId, request.expected);
        break;
      case 'ready':
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
 * The checkpointer thread copied all but the WAL's last few frames and asks for those to be copied
 * here, between two commits, where no commit adds frames meanwhile: the next commit then finds a
 * WAL wholly in the database file and starts it over (unless a reader is still inside it; the
 * checkpointer asks again). Should it fail, the commits go on regardless.
 */
function copyLastWalFrames(): void {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    console.error('the event store writer could not checkpoint the WAL; commits go on', error);
  } finally {
    walRestart.answer();
  }
}

/**
 * Commits stop checkpointing (SQLite's automatic checkpoint runs inside the commit that crosses
 * its threshold, and made that commit, and every append waiting on it, tens of milliseconds
 * slower). Should the checkpointer thread die, commits checkpoint again, so the WAL stays bounded.
 */
function startCheckpointer(settings: CheckpointSettings): Worker {
  db.pragma('wal_autocheckpoint = 0');
  // The WAL file on disk is cut back to about the length at which it starts over.
  db.pragma(`journal_size_limit = ${settings.restartAtFrames * (db.pragma('page_size', { simple: true }) as number)}`);
  const script = workerScript(__dirname, 'sqlite-checkpointer-thread', __filename);
  const data: CheckpointerData = { ...settings, file, synchronous, walRestart: walRestart.buffer };
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
