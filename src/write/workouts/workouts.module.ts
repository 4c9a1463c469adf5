import { Module } from '@nestjs/common';
import { AppendTelemetryHandler } from './append-telemetry.handler';
import { DiscardWorkoutHandler } from './discard-workout.handler';
import { FinishWorkoutHandler } from './finish-workout.handler';
import { ImportWorkoutHandler } from './import-workout.handler';
import { StartWorkoutHandler } from './start-workout.handler';
import { ChangeWorkoutVisibilityHandler } from './change-visibility.handler';

@Module({
  providers: [StartWorkoutHandler, AppendTelemetryHandler, FinishWorkoutHandler, DiscardWorkoutHandler, ImportWorkoutHandler, ChangeWorkoutVisibilityHandler],
})
export class WorkoutsWriteModule {}
