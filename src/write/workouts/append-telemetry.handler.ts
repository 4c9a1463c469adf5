import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandProcessor } from '../../core/decider';
import { AppendTelemetry } from './commands';
import { workoutStream } from './events';
import { workoutDecider } from './workout.decider';

export interface TelemetryAccepted {
  /** True when this seq had been recorded before: acknowledged, not stored again. */
  duplicate: boolean;
  position?: bigint;
}

@CommandHandler(AppendTelemetry)
export class AppendTelemetryHandler implements ICommandHandler<AppendTelemetry, TelemetryAccepted> {
  constructor(private readonly processor: CommandProcessor) {}

  async execute({ workoutId, seq, points, context }: AppendTelemetry): Promise<TelemetryAccepted> {
    const result = await this.processor.handle(
      workoutStream(workoutId),
      workoutDecider,
      { type: 'AppendTelemetry', workoutId, athleteId: context.actorId, seq, points, now: context.now },
      // The event id derives from workout and seq, so even a racing duplicate is stored once.
      { ...context, commandId: `telemetry:${workoutId}:${seq}` },
    );
    return { duplicate: result.events.length === 0, position: result.position };
  }
}
