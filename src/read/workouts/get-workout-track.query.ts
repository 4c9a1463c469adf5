import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { EventStore } from '../../core/event-store';
import type { ReadStore } from '../../core/read-store';
import { EVENT_STORE, READ_STORE } from '../../core/tokens';
import { projectionModels } from '../../projections/projection';
import { USER_PROFILES, UserProfileDocument, userProfilesProjection } from '../../projections/identity/user-profiles.projection';
import { gatherTelemetry } from '../../write/workouts/gather-telemetry';
import { normaliseTelemetry } from '../../write/workouts/metrics';
import { Relationships } from '../social/relationships';
import { visibleWorkout } from './get-workout.query';
import { cutPrivacyZones } from './privacy-zones';

export class GetWorkoutTrack {
  constructor(
    readonly workoutId: string,
    readonly viewerId: string,
  ) {}
}

type Position = [number, number] | [number, number, number];

export interface TrackFeature {
  type: 'Feature';
  geometry: { type: 'LineString'; coordinates: Position[] } | { type: 'MultiLineString'; coordinates: Position[][] };
  properties: {
    workout_id: string;
    athlete_id: string;
    start_date: string;
    /** Epoch ms of each position, in the same nesting as the coordinates. */
    coordinate_times: number[] | number[][];
    /** True when the owner's privacy zones were cut out (everyone but the owner). */
    privacy_zones_cut: boolean;
  };
}

/**
 * The track as GeoJSON, read from the workout's own stream (the telemetry is there, in full and
 * never stale); privacy zones are cut out for anyone but the owner.
 */
@QueryHandler(GetWorkoutTrack)
export class GetWorkoutTrackHandler implements IQueryHandler<GetWorkoutTrack, TrackFeature> {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly relationships: Relationships,
  ) {}

  async execute({ workoutId, viewerId }: GetWorkoutTrack): Promise<TrackFeature> {
    const workout = await visibleWorkout(this.readStore, this.relationships, workoutId, viewerId);
    const { points } = await gatherTelemetry(this.store, workoutId);
    const isOwner = viewerId === workout.athlete_id;
    const owner = isOwner
      ? undefined
      : await projectionModels(this.readStore, userProfilesProjection).collection<UserProfileDocument>(USER_PROFILES).get(workout.athlete_id);
    const segments = cutPrivacyZones(normaliseTelemetry(points), owner?.privacy_zones ?? []);
    const coordinates = segments.map((segment) => segment.map((p): Position => (p.ele !== undefined ? [p.lon, p.lat, p.ele] : [p.lon, p.lat])));
    const times = segments.map((segment) => segment.map((p) => p.t));
    const single = segments.length <= 1;
    return {
      type: 'Feature',
      geometry: single ? { type: 'LineString', coordinates: coordinates[0] ?? [] } : { type: 'MultiLineString', coordinates },
      properties: {
        workout_id: workout.workout_id,
        athlete_id: workout.athlete_id,
        start_date: workout.start_date,
        coordinate_times: single ? (times[0] ?? []) : times,
        privacy_zones_cut: !isOwner,
      },
    };
  }
}
