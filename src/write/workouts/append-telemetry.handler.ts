import { Inject, Optional } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor } from '../../core/decider';
import { TELEMETRY_ON_WRITER } from '../../core/tokens';
import { AppendTelemetry } from './commands';
import { workoutStream } from './events';
import { TelemetryDecidedOnWriter, telemetryCommandId, telemetryOnWire } from './telemetry-on-wire';
import { workoutDecider } from './workout.decider';

export interface TelemetryAccepted {
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

  async execute({ workoutId, seq, points, context, batch }: AppendTelemetry): Promise<TelemetryAccepted> {
    // The embedded store decides the everyday batch on its writer thread; anything else (a refusal,
    // a race) comes back here, to the CommandProcessor, which answers it as it answers every command.
    if (this.onWriter && batch !== undefined) {
      const outcome = await this.onWriter.decideTelemetryOnWriter(telemetryOnWire(workoutId, seq, batch, context));
      if (outcome.kind === 'appended') return { duplicate: false, position: BigInt(outcome.position) };
      if (outcome.kind === 'duplicate') return { duplicate: true };
    }
    const result = await this.processor.handle(
      workoutStream(workoutId),
      workoutDecider,
      { type: 'AppendTelemetry', workoutId, athleteId: context.actorId, seq, points, now: context.now },
      // The event id derives from workout and seq, so even a racing duplicate is stored once.
      { ...context, commandId: telemetryCommandId(workoutId, seq) },
    );
    return { duplicate: result.events.length === 0, position: result.position };
  }
}
