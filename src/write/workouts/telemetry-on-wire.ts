import type { CommandContext } from '../../core/decider';
import { workoutStream } from './events';
import { readTelemetryBatch } from './telemetry-batch';
import type { WorkoutCommand } from './workout.decider';

/**
 * An AppendTelemetry command as it crosses to the embedded store's writer thread, which can decide
 * it where it is stored (telemetry-decisions.ts): the batch stays the JSON text the client sent,
 * parsed and checked only there, and the rest is plain strings and numbers.
 */
export interface TelemetryOnWire {
  workoutId: string;
  /** `{"seq": …, "points": [...]}` as received, not yet parsed (readTelemetryBatch). */
  batch: string;
  actorId: string;
  correlationId: string;
  causationId: string;
  requestId?: string;
  nowMs: number;
}

/**
 * How a batch sent to the writer thread ended: stored, already stored, or back to the
 * CommandProcessor (which also answers a batch that is not valid JSON or fails its checks).
 */
export type TelemetryOutcome =
  | { kind: 'appended'; seq: number; revision: string; position: string; types: string[] }
  | { kind: 'duplicate'; seq: number; revision: string }
  | { kind: 'fallback' };

/** Where AppendTelemetry can be decided off the event loop (the embedded store's writer thread). */
export interface TelemetryDecidedOnWriter {
  decideTelemetryOnWriter(wire: TelemetryOnWire): Promise<TelemetryOutcome>;
}

/** The command id of a batch: its event id derives from it, so a repeated seq is stored once even when two copies race. */
export const telemetryCommandId = (workoutId: string, seq: number): string => `telemetry:${workoutId}:${seq}`;

export function telemetryOnWire(workoutId: string, batch: string, context: CommandContext): TelemetryOnWire {
  return {
    workoutId,
    batch,
    actorId: context.actorId,
    correlationId: context.correlationId,
    causationId: context.causationId,
    ...(context.requestId ? { requestId: context.requestId } : {}),
    nowMs: context.now.getTime(),
  };
}

/** The decider's command, the stream and the context back from the wire form; throws readTelemetryBatch's DomainError for a bad batch. */
export function telemetryFromWire(wire: TelemetryOnWire): { streamId: string; seq: number; command: WorkoutCommand; context: CommandContext } {
  const now = new Date(wire.nowMs);
  const { seq, points } = readTelemetryBatch(wire.batch);
  return {
    streamId: workoutStream(wire.workoutId),
    seq,
    command: { type: 'AppendTelemetry', workoutId: wire.workoutId, athleteId: wire.actorId, seq, points, now },
    context: {
      commandId: telemetryCommandId(wire.workoutId, seq),
      actorId: wire.actorId,
      correlationId: wire.correlationId,
      causationId: wire.causationId,
      ...(wire.requestId ? { requestId: wire.requestId } : {}),
      now,
    },
  };
}
