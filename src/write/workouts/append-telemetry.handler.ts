import { Inject, Optional } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor } from '../../core/decider';
import { TELEMETRY_ON_WRITER } from '../../core/tokens';
import { AppendTelemetry } from './commands';
import { workoutStream } from './events';
import { readTelemetryBatch } from './telemetry-batch';
import { TelemetryDecidedOnWriter, telemetryCommandId, telemetryOnWire } from './telemetry-on-wire';
import { workoutDecider } from './workout.decider';

export interface TelemetryAccepted {
  /** The batch's seq, as read from its body. */
  seq: number;
  /** True when this seq had been recorded before: acknowledged, not stored again. */
  duplicate: boolean;
  position?: bigint;
}

@CommandHandler(AppendTelemetry)
export class AppendTelemetryHandler implements ICommandHandler<AppendTelemetry, TelemetryAccepted> {
  constructor(
    private readonly processor: CommandProcessor,
    @Optional() @Inject(TELEMETRY_ON_WRITER) private readonly onWriter: TelemetryDecidedOnWriter | null = null,
  ) {}

  async execute({ workoutId, batch, context }: AppendTelemetry): Promise<TelemetryAccepted> {
    // The embedded store reads and decides the everyday batch on its writer thread; anything else (a
    // bad batch, a refusal, a race) comes back here, where the batch is read again and goes to the
    // CommandProcessor, which answers it as it answers every command.
    if (this.onWriter) {
      const outcome = await this.onWriter.decideTelemetryOnWriter(telemetryOnWire(workoutId, batch, context));
      if (outcome.kind === 'appended') return { seq: outcome.seq, duplicate: false, position: BigInt(outcome.position) };
      if (outcome.kind === 'duplicate') return { seq: outcome.seq, duplicate: true };
    }
    const { seq, points } = readTelemetryBatch(batch);
    const result = await this.processor.handle(
      workoutStream(workoutId),
      workoutDecider,
      { type: 'AppendTelemetry', workoutId, athleteId: context.actorId, seq, points, now: context.now },
      // The event id derives from workout and seq, so even a racing duplicate is stored once.
      { ...context, commandId: telemetryCommandId(workoutId, seq) },
    );
    return { seq, duplicate: result.events.length === 0, position: result.position };
  }
}
