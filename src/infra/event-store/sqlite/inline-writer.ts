import type Database from 'better-sqlite3';
import type { ExpectedRevision, StreamMetadata } from '../../../core/event-store';
import { SqliteWriter } from './sqlite-writer';
import type { AppendOutcome, AppendRequest } from './sqlite-writer-messages';
import type { StoreWriter } from './store-writer';
import type { TelemetryOnWire, TelemetryOutcome } from '../../../write/workouts/telemetry-on-wire';

/** Writes on the caller's thread, on the reading connection: commits (and their fsyncs) block it. */
export class InlineWriter implements StoreWriter {
  private readonly writer: SqliteWriter;

  constructor(db: Database.Database) {
    this.writer = new SqliteWriter(db);
  }

  async append(appends: AppendRequest[]): Promise<AppendOutcome[]> {
    return this.writer.append(appends);
  }

  /** Deciding here would put the decision on the event loop too: every batch goes to the CommandProcessor. */
  async telemetry(wires: TelemetryOnWire[]): Promise<TelemetryOutcome[]> {
    return wires.map(() => ({ kind: 'fallback' }));
  }

  async setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    this.writer.setStreamMetadata(streamId, metadata);
  }

  async deleteStream(streamId: string, expected: ExpectedRevision): Promise<void> {
    this.writer.deleteStream(streamId, expected);
  }

  async ready(): Promise<void> {}

  async close(): Promise<void> {}
}
