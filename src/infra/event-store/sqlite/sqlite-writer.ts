import type Database from 'better-sqlite3';
import { expectationHolds, WrongExpectedVersionError } from '../../../core/event-store';
import type { ActualRevision, AppendResult, ExpectedRevision, StreamMetadata } from '../../../core/event-store';
import { STREAM_REVISION } from './sqlite-schema';
import { AppendOutcome, AppendRequest, EventRowToWrite, serializeError } from './sqlite-writer-messages';

interface StreamRow {
  revision: number;
  deleted: number;
}

/**
 * Every write of the embedded store, on one connection: appends (group commit), stream metadata
 * and deletes. Synchronous; runs in the writer thread (or, inline, on the caller's thread).
 */
export class SqliteWriter {
  private readonly selectStream;
  private readonly insertStream;
  private readonly undelete;
  private readonly insertEvent;
  private readonly selectEventsFrom;
  private readonly selectRevisionOfEventId;
  private readonly selectHead;
  private readonly upsertMetadata;
  private readonly markDeleted;
  /** Transaction control, prepared once: `exec` would parse the SQL on every commit. */
  private readonly tx;

  constructor(private readonly db: Database.Database) {
    this.selectStream = db.prepare<[string], StreamRow>(`SELECT ${STREAM_REVISION} AS revision, deleted FROM streams WHERE stream_id = ?`);
    this.insertStream = db.prepare('INSERT INTO streams (stream_id, revision, deleted) VALUES (?, -1, 0)');
    this.undelete = db.prepare('UPDATE streams SET deleted = 0 WHERE stream_id = ?');
    this.insertEvent = db.prepare(
      'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.selectEventsFrom = db.prepare<[string, number, number], { revision: number; event_id: string; position: number }>(
      'SELECT revision, event_id, position FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?',
    );
    // No index holds event ids: this reads the stream's rows one by one (a conflict on no_stream only, see whereRetryWrote).
    this.selectRevisionOfEventId = db.prepare<[string, string], { revision: number }>(
      'SELECT revision FROM events WHERE stream_id = ? AND event_id = ? ORDER BY revision LIMIT 1',
    );
    this.selectHead = db.prepare<[], { head: number | null }>('SELECT max(position) AS head FROM events');
    this.upsertMetadata = db.prepare(
      `INSERT INTO streams (stream_id, revision, truncate_before, max_count, custom) VALUES (?, -1, ?, ?, ?)
       ON CONFLICT (stream_id) DO UPDATE SET truncate_before = excluded.truncate_before,
         max_count = excluded.max_count, custom = excluded.custom`,
    );
    this.markDeleted = db.prepare(`UPDATE streams SET deleted = 1, truncate_before = ${STREAM_REVISION} + 1 WHERE stream_id = ?`);
    this.tx = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT append'),
      release: db.prepare('RELEASE append'),
      rollbackToSavepoint: db.prepare('ROLLBACK TO append'),
    };
  }

  /**
   * One transaction (one fsync) for the whole batch. The usual failure, a version conflict, is
   * found before the append writes anything, so it needs no savepoint; an append that fails
   * half-way (a SQLite error) rolls the batch back, and the batch runs again with a savepoint per
   * append so that only that one fails. A failed commit fails every append of the batch.
   */
  append(batch: readonly AppendRequest[]): AppendOutcome[] {
    try {
      return this.commitTogether(batch);
    } catch (error) {
      if (batch.length === 1) return [{ ok: false, error: serializeError(error) }];
      try {
        return this.commitIsolated(batch);
      } catch (isolatedError) {
        return batch.map(() => ({ ok: false, error: serializeError(isolatedError) }));
      }
    }
  }

  setStreamMetadata(streamId: string, metadata: StreamMetadata): void {
    this.upsertMetadata.run(
      streamId,
      metadata.truncateBefore !== undefined ? Number(metadata.truncateBefore) : null,
      metadata.maxCount ?? null,
      metadata.custom ? JSON.stringify(metadata.custom) : null,
    );
  }

  deleteStream(streamId: string, expected: ExpectedRevision): void {
    this.inTransaction(() => {
      const actual = actualRevision(this.selectStream.get(streamId));
      if (!expectationHolds(expected, actual)) throw new WrongExpectedVersionError(streamId, expected, actual);
      if (actual !== 'no_stream') this.markDeleted.run(streamId);
    });
  }

  private commitTogether(batch: readonly AppendRequest[]): AppendOutcome[] {
    return this.inTransaction(() =>
      batch.map((append): AppendOutcome => {
        try {
          return { ok: true, result: this.appendNow(append) };
        } catch (error) {
          if (!(error instanceof WrongExpectedVersionError)) throw error;
          return { ok: false, error: serializeError(error) };
        }
      }),
    );
  }

  private commitIsolated(batch: readonly AppendRequest[]): AppendOutcome[] {
    return this.inTransaction(() =>
      batch.map((append): AppendOutcome => {
        this.tx.savepoint.run();
        try {
          const result = this.appendNow(append);
          this.tx.release.run();
          return { ok: true, result };
        } catch (error) {
          this.tx.rollbackToSavepoint.run();
          this.tx.release.run();
          return { ok: false, error: serializeError(error) };
        }
      }),
    );
  }

  private inTransaction<T>(work: () => T): T {
    this.tx.begin.run();
    try {
      const result = work();
      this.tx.commit.run();
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.tx.rollback.run();
      throw error;
    }
  }

  private appendNow({ streamId, events, expected }: AppendRequest): AppendResult {
    const stream = this.selectStream.get(streamId);
    const actual = actualRevision(stream);
    if (events.length > 0) {
      const retried = this.alreadyAppended(streamId, events, expected, actual);
      if (retried) return retried;
    }
    if (!expectationHolds(expected, actual)) throw new WrongExpectedVersionError(streamId, expected, actual);
    let revision = stream ? stream.revision : -1;
    if (events.length === 0) {
      return { nextExpectedRevision: BigInt(revision), position: BigInt(this.selectHead.get()?.head ?? -1) };
    }
    refuseRepeatedEventIds(streamId, events);
    const recordedAt = Date.now();
    let position = 0;
    for (const event of events) {
      revision++;
      const info = this.insertEvent.run(streamId, revision, event.eventId, event.type, event.data, event.metadata, recordedAt);
      position = Number(info.lastInsertRowid);
    }
    // The stream's revision is its last event's (STREAM_REVISION): its row changes only when it is created or appended to after a delete.
    if (!stream) this.insertStream.run(streamId);
    else if (stream.deleted) this.undelete.run(streamId);
    return { nextExpectedRevision: BigInt(revision), position: BigInt(position) };
  }

  /**
   * EventStoreDB's idempotence: an append whose events are already in the stream, in its order,
   * where a retry of it would have written them, is a no-op that reports where they were written.
   * Events only partly there make it a conflict.
   */
  private alreadyAppended(
    streamId: string,
    events: readonly EventRowToWrite[],
    expected: ExpectedRevision,
    actual: ActualRevision,
  ): AppendResult | undefined {
    const from = this.whereRetryWrote(streamId, events, expected, actual);
    if (from === undefined) return undefined;
    const written = this.selectEventsFrom.all(streamId, from, events.length);
    if (written[0]?.event_id !== events[0].eventId) return undefined;
    const same = written.length === events.length && written.every((row, i) => row.event_id === events[i].eventId);
    if (!same) throw new WrongExpectedVersionError(streamId, expected, actual);
    const last = written[written.length - 1];
    return { nextExpectedRevision: BigInt(last.revision), position: BigInt(last.position) };
  }

  /**
   * The revision at which an earlier attempt of this append would have written its first event.
   * An expectation that holds means there was none (nothing is past the stream's end); one that
   * fails points at the revision after it. A stream expected not to exist that does is searched
   * for the first event's id (a read of the stream, on a conflict only). Without an expectation
   * (any, stream_exists), the attempt is looked for at the stream's end, as its last events: like
   * EventStoreDB, the store does not promise to recognise such a retry once other appends followed
   * it. There is no index on event ids: it cost every append one more random page written.
   */
  private whereRetryWrote(streamId: string, events: readonly EventRowToWrite[], expected: ExpectedRevision, actual: ActualRevision): number | undefined {
    if (typeof expected === 'bigint') return expectationHolds(expected, actual) ? undefined : Number(expected) + 1;
    if (actual === 'no_stream') return undefined;
    if (expected === 'no_stream') return this.selectRevisionOfEventId.get(streamId, events[0].eventId)?.revision;
    const from = Number(actual) - events.length + 1;
    return from >= 0 ? from : undefined;
  }
}

/** Event ids are unique within a stream; a batch that repeats one is a caller's mistake, refused whole. */
function refuseRepeatedEventIds(streamId: string, events: readonly EventRowToWrite[]): void {
  if (events.length < 2) return;
  const ids = new Set<string>();
  for (const { eventId } of events) {
    if (ids.has(eventId)) throw new Error(`an append to ${streamId} repeats the event id ${eventId}`);
    ids.add(eventId);
  }
}

function actualRevision(stream: StreamRow | undefined): ActualRevision {
  return !stream || stream.deleted || stream.revision < 0 ? 'no_stream' : BigInt(stream.revision);
}
