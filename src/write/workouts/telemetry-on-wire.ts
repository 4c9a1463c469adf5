import type { CommandContext } from '../../core/decider';
import { workoutStream } from './events';
import type { TelemetryPoint } from './telemetry-point';
import type { WorkoutCommand } from './workout.decider';

/**
 * An AppendTelemetry command as it crosses to the embedded store's writer thread, which can decide
 * it where it is stored (telemetry-decisions.ts): the batch stays the JSON text the client sent
 * (already validated), so it is not serialised again, and the rest is plain strings and numbers.
 */
export interface TelemetryOnWire {
  workoutId: string;
  seq: number;
  /** `{"seq": …, "points": [...]}` as received, validated by telemetryBatchProblems. */
  batch: string;
  actorId: string;
  commandId: string;
  correlationId: string;
  causationId: string;
  requestId?: string;
  nowMs: number;
}

/** How a batch sent to the writer thread ended: stored, already stored, or back to the CommandProcessor. */
export type TelemetryOutcome =
  | { kind: 'appended'; revision: string; position: string; types: string[] }
  | { kind: 'duplicate'; revision: string }
  | { kind: 'fallback' };

/** Where AppendTelemetry can be decided off the event loop (the embedded store's writer thread). */
export interface TelemetryDecidedOnWriter {
  decideTelemetryOnWriter(wire: TelemetryOnWire): Promise<TelemetryOutcome>;
}

/** The command id of a batch: its event id derives from it, so a repeated seq is stored once even when two copies race. */
export const telemetryCommandId = (workoutId: string, seq: number): string => `telemetry:${workoutId}:${seq}`;

export function telemetryOnWire(workoutId: string, seq: number, batch: string, context: CommandContext): TelemetryOnWire {
  return {
    workoutId,
    seq,
    batch,
    actorId: context.actorId,
    commandId: telemetryCommandId(workoutId, seq),
    correlationId: context.correlationId,
    causationId: context.causationId,
    ...(context.requestId ? { requestId: context.requestId } : {}),
    nowMs: context.now.getTime(),
  };
}

/** The decider's command, the stream and the context back from the wire form. */
export function telemetryFromWire(wire: TelemetryOnWire): { streamId: string; command: WorkoutCommand; context: CommandContext } {
  const now = new Date(wire.nowMs);
  const { points } = JSON.parse(wire.batch) as { points: TelemetryPoint[] };
  return {
    streamId: workoutStream(wire.workoutId),
    command: { type: 'AppendTelemetry', workoutId: wire.workoutId, athleteId: wire.actorId, seq: wire.seq, points, now },
    context: {
      commandId: wire.commandId,
      actorId: wire.actorId,
      correlationId: wire.correlationId,
      causationId: wire.causationId,
      ...(wire.requestId ? { requestId: wire.requestId } : {}),
      now,
    },
  };
}
