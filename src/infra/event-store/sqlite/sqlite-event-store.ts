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
  WrongExpectedVersionError,
} from '../../../core/event-store';
import type { ActualRevision } from '../../../core/event-store';
import { prepareDatabase, SqliteSynchronous } from './sqlite-schema';
import { SqliteAllSubscription } from './sqlite-subscription';
import { EventRow, filterClause, toRecordedEvent } from './sqlite-rows';

interface StreamRow {
  revision: number;
  truncate_before: number | null;
  max_count: number | null;
  deleted: number;
  custom: string | null;
}

type AppendOutcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

interface PendingAppend {
  streamId: string;
  events: readonly NewEvent[];
  expected: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

export interface SqliteEventStoreOptions {
  synchronous?: SqliteSynchronous;
  /** How often a live subscription looks for events written by another process. */
  pollIntervalMs?: number;
}

const PAGE_SIZE = 512;

/**
 * The embedded event store: one SQLite file in WAL mode. Appends that arrive in the same tick
 * share one transaction (group commit), each inside its own savepoint so that one caller's
 * version conflict does not fail the others.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly appended = new EventEmitter();
  private readonly pollIntervalMs: number;
  private pending: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;

  private readonly selectStream;
  private readonly insertStream;
  private readonly updateStreamRevision;
  private readonly insertEvent;
  private readonly selectEventById;
  private readonly selectRevisionsByIds;
  private readonly selectHead;
  private readonly pageStatements = new Map<string, Database.Statement>();
  private readonly streamPage;
  private readonly streamPageBackwards;
  /** Transaction control, prepared once: `exec` would parse the SQL on every commit. */
  private readonly tx;

  constructor(file: string, options: SqliteEventStoreOptions = {}) {
    this.db = new Database(file);
    prepareDatabase(this.db, options.synchronous ?? 'FULL');
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.appended.setMaxListeners(0);
    this.selectStream = this.db.prepare<[string], StreamRow>(
      'SELECT revision, truncate_before, max_count, deleted, custom FROM streams WHERE stream_id = ?',
    );
    this.insertStream = this.db.prepare(
      'INSERT INTO streams (stream_id, revision, deleted) VALUES (?, ?, 0)',
    );
    this.updateStreamRevision = this.db.prepare('UPDATE streams SET revision = ?, deleted = 0 WHERE stream_id = ?');
    this.insertEvent = this.db.prepare(
      'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.selectEventById = this.db.prepare<[string, string], { revision: number; position: number }>(
      'SELECT revision, position FROM events WHERE stream_id = ? AND event_id = ?',
    );
    this.selectRevisionsByIds = this.db.prepare<[string, string], { revision: number; position: number }>(
      'SELECT revision, position FROM events WHERE stream_id = ? AND event_id IN (SELECT value FROM json_each(?)) ORDER BY revision',
    );
    this.selectHead = this.db.prepare<[], { head: number | null }>('SELECT max(position) AS head FROM events');
    this.streamPage = this.db.prepare<[string, number, number, number], EventRow>(
      'SELECT * FROM events WHERE stream_id = ? AND revision >= ? AND revision >= ? ORDER BY revision ASC LIMIT ?',
    );
    this.streamPageBackwards = this.db.prepare<[string, number, number, number], EventRow>(
      'SELECT * FROM events WHERE stream_id = ? AND revision <= ? AND revision >= ? ORDER BY revision DESC LIMIT ?',
    );
    this.tx = {
      begin: this.db.prepare('BEGIN IMMEDIATE'),
      commit: this.db.prepare('COMMIT'),
      rollback: this.db.prepare('ROLLBACK'),
      savepoint: this.db.prepare('SAVEPOINT append'),
      release: this.db.prepare('RELEASE append'),
      rollbackToSavepoint: this.db.prepare('ROLLBACK TO append'),
    };
  }

  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    return new Promise((resolve, reject) => {
      this.pending.push({ streamId, events, expected: options.expectedRevision ?? 'any', resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    this.flushScheduled = false;
    if (batch.length === 0) return;
    let outcomes: AppendOutcome[];
    try {
      outcomes = this.commitTogether(batch);
    } catch (error) {
      for (const append of batch) append.reject(error);
      return;
    }
    const appendedTypes = new Set<string>();
    batch.forEach((append, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) {
        for (const event of append.events) appendedTypes.add(event.type);
        append.resolve(outcome.result);
      } else {
        append.reject(outcome.error);
      }
    });
    if (appendedTypes.size > 0) this.appended.emit('appended', appendedTypes);
  }

  /**
   * One transaction (one fsync) for the whole batch. The usual failure, a version conflict, is
   * found before the append writes anything, so it needs no savepoint; an append that fails
   * half-way (a SQLite error) rolls the batch back, and the batch runs again with a savepoint per
   * append so that only that one fails.
   */
  private commitTogether(batch: readonly PendingAppend[]): AppendOutcome[] {
    const outcomes: AppendOutcome[] = [];
    this.tx.begin.run();
    try {
      for (const append of batch) {
        try {
          outcomes.push({ ok: true, result: this.appendNow(append) });
        } catch (error) {
          if (!(error instanceof WrongExpectedVersionError)) throw error;
          outcomes.push({ ok: false, error });
        }
      }
      this.tx.commit.run();
      return outcomes;
    } catch (error) {
      if (this.db.inTransaction) this.tx.rollback.run();
      if (batch.length === 1) return [{ ok: false, error }];
      return this.commitIsolated(batch);
    }
  }

  private commitIsolated(batch: readonly PendingAppend[]): AppendOutcome[] {
    const outcomes: AppendOutcome[] = [];
    this.tx.begin.run();
    try {
      for (const append of batch) {
        this.tx.savepoint.run();
        try {
          outcomes.push({ ok: true, result: this.appendNow(append) });
          this.tx.release.run();
        } catch (error) {
          this.tx.rollbackToSavepoint.run();
          this.tx.release.run();
          outcomes.push({ ok: false, error });
        }
      }
      this.tx.commit.run();
      return outcomes;
    } catch (error) {
      if (this.db.inTransaction) this.tx.rollback.run();
      throw error;
    }
  }

  private appendNow({ streamId, events, expected }: PendingAppend): AppendResult {
    const stream = this.selectStream.get(streamId);
    const actual: ActualRevision = !stream || stream.deleted || stream.revision < 0 ? 'no_stream' : BigInt(stream.revision);
    if (events.length > 0) {
      const retried = this.alreadyAppended(streamId, events);
      if (retried) return retried;
    }
    if (!expectationHolds(expected, actual)) throw new WrongExpectedVersionError(streamId, expected, actual);
    let revision = stream ? stream.revision : -1;
    if (events.length === 0) {
      return { nextExpectedRevision: BigInt(revision), position: BigInt(this.selectHead.get()?.head ?? -1) };
    }
    const recordedAt = Date.now();
    let position = 0;
    for (const event of events) {
      revision++;
      const info = this.insertEvent.run(
        streamId,
        revision,
        event.metadata.eventId,
        event.type,
        JSON.stringify(event.data),
        JSON.stringify(event.metadata),
        recordedAt,
      );
      position = Number(info.lastInsertRowid);
    }
    if (stream) this.updateStreamRevision.run(revision, streamId);
    else this.insertStream.run(streamId, revision);
    return { nextExpectedRevision: BigInt(revision), position: BigInt(position) };
  }

  /**
   * EventStoreDB's idempotence: appending events whose ids are already in the stream is a no-op
   * that reports where they were written. One indexed look-up per append in the common case.
   */
  private alreadyAppended(streamId: string, events: readonly NewEvent[]): AppendResult | undefined {
    const first = this.selectEventById.get(streamId, events[0].metadata.eventId);
    if (!first) return undefined;
    const ids = events.map((e) => e.metadata.eventId);
    const found = this.selectRevisionsByIds.all(streamId, JSON.stringify(ids));
    if (found.length !== ids.length) {
      throw new WrongExpectedVersionError(streamId, 'any', BigInt(first.revision));
    }
    const last = found[found.length - 1];
    return { nextExpectedRevision: BigInt(last.revision), position: BigInt(last.position) };
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
    this.db
      .prepare(
        `INSERT INTO streams (stream_id, revision, truncate_before, max_count, custom) VALUES (?, -1, ?, ?, ?)
         ON CONFLICT (stream_id) DO UPDATE SET truncate_before = excluded.truncate_before,
           max_count = excluded.max_count, custom = excluded.custom`,
      )
      .run(
        streamId,
        metadata.truncateBefore !== undefined ? Number(metadata.truncateBefore) : null,
        metadata.maxCount ?? null,
        metadata.custom ? JSON.stringify(metadata.custom) : null,
      );
  }

  async deleteStream(streamId: string, options: { expectedRevision?: ExpectedRevision } = {}): Promise<void> {
    const expected = options.expectedRevision ?? 'any';
    this.db.transaction(() => {
      const stream = this.selectStream.get(streamId);
      const actual: ActualRevision = !stream || stream.deleted || stream.revision < 0 ? 'no_stream' : BigInt(stream.revision);
      if (!expectationHolds(expected, actual)) throw new WrongExpectedVersionError(streamId, expected, actual);
      if (actual === 'no_stream') return;
      this.db
        .prepare('UPDATE streams SET deleted = 1, truncate_before = revision + 1 WHERE stream_id = ?')
        .run(streamId);
    }).immediate();
  }

  async ping(): Promise<void> {
    this.selectHead.get();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.flushScheduled) this.flush();
    this.appended.emit('closed');
    this.db.close();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

function expectationHolds(expected: ExpectedRevision, actual: ActualRevision): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === 'no_stream';
    case 'stream_exists':
      return actual !== 'no_stream';
    default:
      return actual === expected;
  }
}
