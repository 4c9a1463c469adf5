import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import {
  AllSubscription,
  AppendResult,
  EventFilter,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  SubscribeToAllOptions,
} from '../../../core/event-store';
import { TickBatch } from '../../batching/tick-batch';
import type { TelemetryDecidedOnWriter, TelemetryOnWire, TelemetryOutcome } from '../../../write/workouts/telemetry-on-wire';
import { InlineWriter } from './inline-writer';
import type { CheckpointSettings } from './sqlite-checkpointer-thread';
import { CommitDurations, CommitDurationSnapshot } from './commit-durations';
import { DEFAULT_CHECKPOINTER_NICE, prepareDatabase, SqliteSynchronous, STREAM_REVISION } from './sqlite-schema';
import { SqliteAllSubscription } from './sqlite-subscription';
import { EventRow, filterClause, toRecordedEvent } from './sqlite-rows';
import { AppendRequest, deserializeError, rowToWrite } from './sqlite-writer-messages';
import type { StoreWriter } from './store-writer';
import { WriterThread } from './writer-thread';

interface StreamRow {
  revision: number;
  truncate_before: number | null;
  max_count: number | null;
  deleted: number;
  custom: string | null;
}

interface PendingAppend {
  request: AppendRequest;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

interface PendingTelemetry {
  wire: TelemetryOnWire;
  resolve: (outcome: TelemetryOutcome) => void;
  reject: (error: unknown) => void;
}

export interface SqliteEventStoreOptions {
  synchronous?: SqliteSynchronous;
  /** How often a live subscription looks for events written by another process. */
  pollIntervalMs?: number;
  /**
   * `thread` (the default): commits run on a writer thread of their own, so their fsyncs do not
   * block this thread. `inline`: on this thread (a tool that only writes a little, a test).
   */
  writer?: 'thread' | 'inline';
  /**
   * With the writer thread, a checkpointer thread copies the WAL into the database file every
   * `everyMs`, and has the WAL started over once it is `restartWalAtFrames` pages long, without
   * holding commits back (default: every 100 ms, 65,536 pages, i.e. 256 MiB). Should readers keep
   * that from happening, past `forceRestartAtFrames` (2 × restartWalAtFrames) it waits for them
   * with commits held back. Commits never checkpoint themselves. The thread runs at nice `nice`
   * on Linux (10; 0 keeps the process's priority).
   */
  checkpoints?: { everyMs?: number; restartWalAtFrames?: number; forceRestartAtFrames?: number; nice?: number };
}

const PAGE_SIZE = 512;

/**
 * The embedded event store: one SQLite file in WAL mode. Reads run on this thread's connection;
 * writes on the writer's. Appends made in the same tick go to the writer together, and the writer
 * commits everything that reached it meanwhile in one transaction (group commit).
 */
export class SqliteEventStore implements EventStore, TelemetryDecidedOnWriter {
  private readonly db: Database.Database;
  private readonly writer: StoreWriter;
  private readonly appended = new EventEmitter();
  private readonly pollIntervalMs: number;
  private readonly pending = new TickBatch<PendingAppend>((batch) => this.sendToWriter(batch));
  private readonly pendingTelemetry = new TickBatch<PendingTelemetry>((batch) => this.track(this.commitTelemetry(batch)));
  /** Batches sent to the writer and not answered yet (commit() settles them and never rejects). */
  private readonly inFlight = new Set<Promise<void>>();
  private readonly durations = new CommitDurations();
  private closed = false;

  private readonly selectStream;
  private readonly selectHead;
  private readonly streamPage;
  private readonly streamPageBackwards;
  private readonly pageStatements = new Map<string, Database.Statement>();

  constructor(file: string, options: SqliteEventStoreOptions = {}) {
    const synchronous = options.synchronous ?? 'FULL';
    this.db = new Database(file);
    prepareDatabase(this.db, synchronous);
    const restartAtFrames = options.checkpoints?.restartWalAtFrames ?? 65_536;
    const checkpoints: CheckpointSettings = {
      everyMs: options.checkpoints?.everyMs ?? 100,
      restartAtFrames,
      forceRestartAtFrames: options.checkpoints?.forceRestartAtFrames ?? restartAtFrames * 2,
      nice: options.checkpoints?.nice ?? DEFAULT_CHECKPOINTER_NICE,
    };
    this.writer =
      options.writer === 'inline'
        ? new InlineWriter(this.db)
        : new WriterThread({ file, synchronous, checkpoints, commitDurations: this.durations.buffer });
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.appended.setMaxListeners(0);
    this.selectStream = this.db.prepare<[string], StreamRow>(
      `SELECT ${STREAM_REVISION} AS revision, truncate_before, max_count, deleted, custom FROM streams WHERE stream_id = ?`,
    );
    this.selectHead = this.db.prepare<[], { head: number | null }>('SELECT max(position) AS head FROM events');
    this.streamPage = this.db.prepare<[string, number, number, number], EventRow>(
      'SELECT * FROM events WHERE stream_id = ? AND revision >= ? AND revision >= ? ORDER BY revision ASC LIMIT ?',
    );
    this.streamPageBackwards = this.db.prepare<[string, number, number, number], EventRow>(
      'SELECT * FROM events WHERE stream_id = ? AND revision <= ? AND revision >= ? ORDER BY revision DESC LIMIT ?',
    );
  }

  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    let request: AppendRequest;
    try {
      request = {
        streamId,
        expected: options.expectedRevision ?? 'any',
        events: events.map(rowToWrite),
      };
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => this.pending.add({ request, resolve, reject }));
  }

  /**
   * Sends the appends made since the last flush (a tick's worth) to the writer as one message,
   * without waiting for the batches still in flight: the writer commits everything that reached
   * it during a commit together in the next one. Waiting for a batch's reply before sending the
   * next made every append also wait for this thread to get round to that reply, which under load
   * took as long as the event loop was busy.
   */
  private sendToWriter(batch: PendingAppend[]): void {
    this.track(this.commit(batch));
  }

  private track(committed: Promise<void>): void {
    this.inFlight.add(committed);
    void committed.then(() => this.inFlight.delete(committed));
  }

  /**
   * AppendTelemetry decided and stored on the writer thread (telemetry-decisions.ts), the batches of
   * a tick in one message; `fallback` when the writer runs inline or the batch is not the everyday
   * case, and the caller then runs the command through the CommandProcessor.
   */
  decideTelemetryOnWriter(wire: TelemetryOnWire): Promise<TelemetryOutcome> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    return new Promise((resolve, reject) => this.pendingTelemetry.add({ wire, resolve, reject }));
  }

  private commitTelemetry(batch: PendingTelemetry[]): Promise<void> {
    return this.settle(batch, this.writer.telemetry(batch.map((pending) => pending.wire)), (pending, outcome, appendedTypes) => {
      if (outcome.kind === 'appended') for (const type of outcome.types) appendedTypes.add(type);
      pending.resolve(outcome);
    });
  }

  private commit(batch: PendingAppend[]): Promise<void> {
    return this.settle(batch, this.writer.append(batch.map((append) => append.request)), (append, outcome, appendedTypes) => {
      if (outcome.ok) {
        for (const event of append.request.events) appendedTypes.add(event.type);
        append.resolve(outcome.result);
      } else {
        append.reject(deserializeError(outcome.error));
      }
    });
  }

  /** Settles each waiting caller with its outcome (all of them, if the writer failed), then wakes the subscriptions that want what was appended. */
  private async settle<TPending extends { reject: (error: unknown) => void }, TOutcome>(
    batch: TPending[],
    written: Promise<TOutcome[]>,
    settleOne: (pending: TPending, outcome: TOutcome, appendedTypes: Set<string>) => void,
  ): Promise<void> {
    let outcomes: TOutcome[];
    try {
      outcomes = await written;
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    const appendedTypes = new Set<string>();
    batch.forEach((pending, i) => settleOne(pending, outcomes[i], appendedTypes));
    if (appendedTypes.size > 0) this.appended.emit('appended', appendedTypes);
  }

  /**
   * Starts the writer thread now rather than on the first write, which would otherwise wait for it
   * (a few hundred ms: the thread loads its code and the event schemas, opens the file and starts
   * the checkpointer). Rejects if the thread cannot start.
   */
  ready(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    return this.writer.ready();
  }

  /** How long the writer thread's transactions took so far (none are counted when writing inline). */
  commitDurations(): CommitDurationSnapshot {
    return this.durations.snapshot();
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncGenerator<RecordedEvent> {
    const stream = this.selectStream.get(streamId);
    if (!stream || stream.deleted || stream.revision < 0) return;
    const visibleFrom = Math.max(
      stream.truncate_before ?? 0,
      stream.max_count != null ? stream.revision - stream.max_count + 1 : 0,
    );
    const backwards = options.direction === 'backwards';
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    let cursor = options.fromRevision !== undefined ? Number(options.fromRevision) : backwards ? stream.revision : visibleFrom;
    // A command on a cached state reads from the revision after the last one it saw: usually nothing is there.
    if (!backwards && cursor > stream.revision) return;
    const statement = backwards ? this.streamPageBackwards : this.streamPage;
    while (remaining > 0) {
      const rows = statement.all(streamId, cursor, visibleFrom, Math.min(PAGE_SIZE, remaining));
      for (const row of rows) yield toRecordedEvent(row);
      if (rows.length < PAGE_SIZE) return;
      remaining -= rows.length;
      cursor = rows[rows.length - 1].revision + (backwards ? -1 : 1);
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncGenerator<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    let cursor = options.after !== undefined ? Number(options.after) : backwards ? Number.MAX_SAFE_INTEGER : -1;
    while (remaining > 0) {
      const rows = this.readPage(cursor, Math.min(PAGE_SIZE, remaining), options.filter, backwards);
      for (const row of rows) yield toRecordedEvent(row);
      if (rows.length < Math.min(PAGE_SIZE, remaining)) return;
      remaining -= rows.length;
      cursor = rows[rows.length - 1].position;
    }
  }

  /** One page of `$all` strictly after (or, backwards, before) `cursor`. */
  readPage(cursor: number, limit: number, filter: EventFilter | undefined, backwards = false): EventRow[] {
    const clause = filterClause(filter);
    const key = `${backwards ? 'b' : 'f'}|${clause.sql}`;
    let statement = this.pageStatements.get(key);
    if (!statement) {
      statement = this.db.prepare(
        `SELECT * FROM events WHERE position ${backwards ? '<' : '>'} ? ${clause.sql} ORDER BY position ${backwards ? 'DESC' : 'ASC'} LIMIT ?`,
      );
      this.pageStatements.set(key, statement);
    }
    return statement.all(cursor, ...clause.params, limit) as EventRow[];
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    return new SqliteAllSubscription(this, this.appended, options, PAGE_SIZE, this.pollIntervalMs);
  }

  async headPosition(): Promise<bigint> {
    return BigInt(this.selectHead.get()?.head ?? -1);
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadata> {
    const stream = this.selectStream.get(streamId);
    if (!stream) return {};
    const metadata: StreamMetadata = {};
    if (stream.truncate_before != null) metadata.truncateBefore = BigInt(stream.truncate_before);
    if (stream.max_count != null) metadata.maxCount = stream.max_count;
    if (stream.custom != null) metadata.custom = JSON.parse(stream.custom) as Record<string, unknown>;
    return metadata;
  }

  async setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    if (this.closed) throw new Error('event store is closed');
    await this.writer.setStreamMetadata(streamId, metadata);
  }

  async deleteStream(streamId: string, options: { expectedRevision?: ExpectedRevision } = {}): Promise<void> {
    if (this.closed) throw new Error('event store is closed');
    await this.writer.deleteStream(streamId, options.expectedRevision ?? 'any');
  }

  async ping(): Promise<void> {
    this.selectHead.get();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.pending.flushNow();
    this.pendingTelemetry.flushNow();
    await Promise.all(this.inFlight);
    await this.writer.close();
    this.appended.emit('closed');
    this.db.close();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
