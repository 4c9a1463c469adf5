import type { ExpectedRevision, StreamMetadata } from '../../../core/event-store';
import type { TelemetryOnWire, TelemetryOutcome } from '../../../write/workouts/telemetry-on-wire';
import type { AppendOutcome, AppendRequest } from './sqlite-writer-messages';

/** Where the embedded store's writes run: its own thread (the default) or inline. */
export interface StoreWriter {
  append(appends: AppendRequest[]): Promise<AppendOutcome[]>;
  /** AppendTelemetry decided where it is written (telemetry-decisions.ts), or `fallback`: the batch goes to the CommandProcessor. */
  telemetry(wires: TelemetryOnWire[]): Promise<TelemetryOutcome[]>;
  setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void>;
  deleteStream(streamId: string, expected: ExpectedRevision): Promise<void>;
  /** Resolves once writes can start without a start-up cost (the thread is running and has opened the file). */
  ready(): Promise<void>;
  close(): Promise<void>;
}
