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
import { COMMERCE, EVENT_STORE, JOB_QUEUE, LEASES, READ_STORE, SETTINGS, STORE_COMMIT_DURATIONS, TELEMETRY_ON_WRITER } from './core/tokens';
import { LEADERBOARDS } from './core/leaderboard';
import type { Runtime } from './infra/runtime';
import { ProjectionsService } from './projections/projections.service';
import { GetUserProfileHandler } from './read/identity/get-user-profile.query';
import { IdentityWriteModule } from './write/identity/identity.module';
import { SocialWriteModule } from './write/social/social.module';
import { WorkoutsWriteModule } from './write/workouts/workouts.module';
import { ChallengesWriteModule } from './write/challenges/challenges.module';
import { ChallengesController } from './api/challenges/challenges.controller';
import { GetLeaderboardHandler } from './read/challenges/leaderboard-queries';
import { GetReviewHandler, ListReviewsHandler } from './read/challenges/review-queries';
import { LeaderboardBroadcaster } from './read/challenges/leaderboard-broadcaster';
import { SagasService } from './sagas/sagas.service';
import { GearWriteModule } from './write/gear/gear.module';
import { GearController } from './api/gear/gear.controller';
import { GetShoeHandler, ListOffersHandler, ListShoesHandler } from './read/gear/gear-queries';
import { WorkoutsController } from './api/workouts/workouts.controller';
import { AthleteWorkoutsController } from './api/workouts/athlete-workouts.controller';
import { FollowsController } from './api/social/follows.controller';
import { GroupsController } from './api/social/groups.controller';
import { FeedController } from './api/social/feed.controller';
import { WorkoutSocialController } from './api/social/workout-social.controller';
import { GetFeedHandler, GetGroupFeedHandler } from './read/feeds/feed-queries';
import { ListCommentsHandler } from './read/feeds/comment-queries';
import { GetNotificationsHandler } from './read/notifications/notification-queries';
import { NotificationHub } from './read/notifications/notification-hub';
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
        { provide: LEASES, useValue: runtime.leases ?? null },
        { provide: LEADERBOARDS, useValue: runtime.leaderboards },
        { provide: JOB_QUEUE, useValue: runtime.jobQueue },
        { provide: COMMERCE, useValue: runtime.commerce },
        { provide: TELEMETRY_ON_WRITER, useValue: runtime.telemetryOnWriter ?? null },
        { provide: STORE_COMMIT_DURATIONS, useValue: runtime.storeCommitDurations ?? null },
        { provide: EventSchemaRegistry, useValue: runtime.schemas },
        { provide: SIGNING_KEY, useValue: loadSigningKey(runtime.settings) },
        CommandProcessor,
        TokenService,
        ProjectionsService,
        MetricsService,
      ],
      exports: [SETTINGS, EVENT_STORE, READ_STORE, LEADERBOARDS, JOB_QUEUE, TELEMETRY_ON_WRITER, EventSchemaRegistry, CommandProcessor, ProjectionsService],
    };
    return {
      ...ports,
      imports: [CqrsModule.forRoot(), IdentityWriteModule, WorkoutsWriteModule, SocialWriteModule, ChallengesWriteModule, GearWriteModule],
      controllers: [
        AuthController,
        UsersController,
        WorkoutsController,
        AthleteWorkoutsController,
        FollowsController,
        GroupsController,
        FeedController,
        WorkoutSocialController,
        ChallengesController,
        GearController,
        OperationsController,
      ],
      providers: [
        ...ports.providers,
        GetUserProfileHandler,
        GetWorkoutHandler,
        GetWorkoutTrackHandler,
        ListAthleteWorkoutsHandler,
        LiveTelemetryHub,
        Relationships,
        GetFeedHandler,
        GetGroupFeedHandler,
        ListCommentsHandler,
        GetNotificationsHandler,
        NotificationHub,
        GetLeaderboardHandler,
        ListReviewsHandler,
        GetReviewHandler,
        LeaderboardBroadcaster,
        SagasService,
        GetShoeHandler,
        ListShoesHandler,
        ListOffersHandler,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
