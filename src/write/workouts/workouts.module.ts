import { Module } from '@nestjs/common';
import type { Settings } from '../../config/settings';
import { SETTINGS } from '../../core/tokens';
import { AppendTelemetryHandler } from './append-telemetry.handler';
import { DiscardWorkoutHandler } from './discard-workout.handler';
import { FinishWorkoutHandler } from './finish-workout.handler';
import { ImportWorkoutHandler } from './import-workout.handler';
import { ActivityParserPool } from './import/parser-pool/activity-parser-pool';
import { StartWorkoutHandler } from './start-workout.handler';
import { ChangeWorkoutVisibilityHandler } from './change-visibility.handler';

@Module({
  providers: [
    StartWorkoutHandler,
    AppendTelemetryHandler,
    FinishWorkoutHandler,
    DiscardWorkoutHandler,
    ImportWorkoutHandler,
    ChangeWorkoutVisibilityHandler,
    // Closed by Nest's onApplicationShutdown hook when the application closes.
    { provide: ActivityParserPool, useFactory: (settings: Settings) => ActivityParserPool.fromSettings(settings), inject: [SETTINGS] },
  ],
  exports: [ActivityParserPool],
})
export class WorkoutsWriteModule {}
