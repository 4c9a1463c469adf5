import { WrongExpectedVersionError } from '../../../core/event-store';
import type { ActualRevision, AppendResult, ExpectedRevision, NewEvent, StreamMetadata } from '../../../core/event-store';
import type { TelemetryOnWire, TelemetryOutcome } from '../../../write/workouts/telemetry-on-wire';

/** One event as the writer stores it: data and metadata already serialised by the caller. */
export interface EventRowToWrite {
  eventId: string;
  type: string;
  data: string;
  metadata: string;
}

/** An event as the writer stores it: its data and metadata serialised once, by whoever hands it over. */
export function rowToWrite(event: NewEvent): EventRowToWrite {
  return { eventId: event.metadata.eventId, type: event.type, data: JSON.stringify(event.data), metadata: JSON.stringify(event.metadata) };
}

export interface AppendRequest {
  streamId: string;
  expected: ExpectedRevision;
  events: EventRowToWrite[];
}

export type SerializedError =
  | { kind: 'wrong_expected_version'; streamId: string; expected: ExpectedRevision; actual: ActualRevision }
  | { kind: 'error'; name: string; message: string; code?: string };

export type AppendOutcome = { ok: true; result: AppendResult } | { ok: false; error: SerializedError };

export type WriterRequest =
  /** `appends`: packAppends() of the batch (append-codec.ts). */
  | { id: number; kind: 'append'; appends: string }
  /** AppendTelemetry commands to decide on the writer thread (telemetry-decisions.ts). */
  | { id: number; kind: 'telemetry'; wires: TelemetryOnWire[] }
  | { id: number; kind: 'set_metadata'; streamId: string; metadata: StreamMetadata }
  | { id: number; kind: 'delete'; streamId: string; expected: ExpectedRevision }
  /** Answered once the thread has opened the file: see StoreWriter.ready(). */
  | { id: number; kind: 'ready' }
  | { id: number; kind: 'close' };

export type WriterReply =
  /** `outcomes`: packOutcomes() of the batch's outcomes, in its order. */
  | { id: number; kind: 'appended'; outcomes: string }
  | { id: number; kind: 'telemetry'; outcomes: TelemetryOutcome[] }
  | { id: number; kind: 'done' }
  | { id: number; kind: 'failed'; error: SerializedError };

/** Errors cross the thread boundary as plain data (structured clone keeps no classes). */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof WrongExpectedVersionError) {
    return { kind: 'wrong_expected_version', streamId: error.streamId, expected: error.expected, actual: error.actual };
  }
  const e = error instanceof Error ? error : new Error(String(error));
  const code = (e as Error & { code?: unknown }).code;
  return { kind: 'error', name: e.name, message: e.message, ...(typeof code === 'string' ? { code } : {}) };
}

export function deserializeError(error: SerializedError): Error {
  if (error.kind === 'wrong_expected_version') return new WrongExpectedVersionError(error.streamId, error.expected, error.actual);
  const restored = new Error(error.message) as Error & { code?: string };
  restored.name = error.name;
  if (error.code) restored.code = error.code;
  return restored;
}
