import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthGuard } from './api/auth/auth.guard';
import { loadSigningKey, SIGNING_KEY } from './api/auth/signing-key';
import { TokenService } from './api/auth/token.service';
import { AllExceptionsFilter } from './api/http/all-exceptions.filter';
import { AuthController } from './api/identity/auth.controller';
import { UsersController } from './api/identity/users.controller';
import { MetricsService } from './api/operations/metrics.service';
import { OperationsController } from './api/operations/operations.controller';
import { CommandProcessor } from './core/decider';
import { EventSchemaRegistry } from './core/event-schemas';
import { EVENT_STORE, READ_STORE, SETTINGS } from './core/tokens';
import type { Runtime } from './infra/runtime';
import { ProjectionsService } from './projections/projections.service';
import { GetUserProfileHandler } from './read/identity/get-user-profile.query';
import { IdentityWriteModule } from './write/identity/identity.module';
import { SocialWriteModule } from './write/social/social.module';
import { WorkoutsWriteModule } from './write/workouts/workouts.module';
import { WorkoutsController } from './api/workouts/workouts.controller';
import { AthleteWorkoutsController } from './api/workouts/athlete-workouts.controller';
import { FollowsController } from './api/social/follows.controller';
import { GetWorkoutHandler } from './read/workouts/get-workout.query';
import { GetWorkoutTrackHandler } from './read/workouts/get-workout-track.query';
import { ListAthleteWorkoutsHandler } from './read/workouts/list-athlete-workouts.query';
import { LiveTelemetryHub } from './read/workouts/live-telemetry-hub';
import { Relationships } from './read/social/relationships';

@Module({})
export class AppModule {
  static with(runtime: Runtime): DynamicModule {
    const ports = {
      module: AppModule,
      global: true,
      providers: [
        { provide: SETTINGS, useValue: runtime.settings },
        { provide: EVENT_STORE, useValue: runtime.eventStore },
        { provide: READ_STORE, useValue: runtime.readStore },
        { provide: EventSchemaRegistry, useValue: runtime.schemas },
        { provide: SIGNING_KEY, useValue: loadSigningKey(runtime.settings) },
        CommandProcessor,
        TokenService,
        ProjectionsService,
        MetricsService,
      ],
      exports: [SETTINGS, EVENT_STORE, READ_STORE, EventSchemaRegistry, CommandProcessor, ProjectionsService],
    };
    return {
      ...ports,
      imports: [CqrsModule.forRoot(), IdentityWriteModule, WorkoutsWriteModule, SocialWriteModule],
      controllers: [AuthController, UsersController, WorkoutsController, AthleteWorkoutsController, FollowsController, OperationsController],
      providers: [
        ...ports.providers,
        GetUserProfileHandler,
        GetWorkoutHandler,
        GetWorkoutTrackHandler,
        ListAthleteWorkoutsHandler,
        LiveTelemetryHub,
        Relationships,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
